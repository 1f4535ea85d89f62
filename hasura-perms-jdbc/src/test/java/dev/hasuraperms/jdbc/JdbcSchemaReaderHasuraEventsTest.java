package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgType;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The hasura-events schema read from a live database matches its committed snapshot. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcSchemaReaderHasuraEventsTest {

    private DatabaseSchema schema;

    @BeforeAll
    void createAndRead(TestDatabase db) {
        db.executeScript(Fixtures.path("hasura-events/sql/schema.sql"));
        schema = JdbcSchemaReader.defaults().read(db.dataSource());
    }

    @Test
    void equalsTheCommittedSnapshot() {
        SchemaFixtures.assertMatchesSnapshot(schema, "hasura-events/schema.json");
    }

    @Test
    void readsColumnsInOrderWithTypesNullabilityDefaultsAndLengths() {
        Table events = schema.table(QualifiedName.of("public", "events")).orElseThrow();
        assertThat(events.kind()).isEqualTo(Table.Kind.TABLE);
        assertThat(events.columns()).containsExactly(
                Column.of("id", PgType.builtin("int4"), false, true),
                Column.of("user_id", PgType.builtin("int4"), false, false),
                new Column("type", PgType.builtin("varchar"), false, false, Optional.of(255)),
                Column.of("data", PgType.builtin("jsonb"), false, false),
                Column.of("created_at", PgType.builtin("timestamptz"), true, true),
                Column.of("happened_at", PgType.builtin("timestamptz"), true, true));
        assertThat(events.primaryKeyColumns()).containsExactly("id");
        assertThat(schema.foreignKeysReferencing(QualifiedName.of("public", "users")))
                .singleElement()
                .satisfies(fk -> {
                    assertThat(fk.name()).isEqualTo("events_user_id_fkey");
                    assertThat(fk.table()).isEqualTo(QualifiedName.of("public", "events"));
                    assertThat(fk.columns()).containsExactly("user_id");
                    assertThat(fk.referencedColumns()).containsExactly("id");
                });
        assertThat(schema.functions()).isEmpty();
    }

    @Test
    void snapshotRoundTrips() {
        SchemaFixtures.assertSnapshotRoundTrip(schema);
    }
}

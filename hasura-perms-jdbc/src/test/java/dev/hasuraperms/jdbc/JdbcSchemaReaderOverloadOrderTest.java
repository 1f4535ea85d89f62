package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Overloads are in an order that does not depend on the order they were created in. */
@PostgresTest
class JdbcSchemaReaderOverloadOrderTest {

    @Test
    void overloadsOnSameNamedTypesOfDifferentSchemasAreOrderedBySchema(TestDatabase db) {
        // Range types are base types outside pg_catalog, whose display names leave out the schema.
        db.execute("""
                CREATE SCHEMA a;
                CREATE SCHEMA b;
                CREATE TYPE b.span AS RANGE (subtype = integer);
                CREATE TYPE a.span AS RANGE (subtype = integer);
                CREATE FUNCTION width(s b.span) RETURNS integer LANGUAGE sql AS $$ SELECT upper(s) - lower(s) $$;
                CREATE FUNCTION width(s a.span) RETURNS integer LANGUAGE sql AS $$ SELECT upper(s) - lower(s) $$;
                """);
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        assertThat(schema.functions(QualifiedName.of("width")))
                .extracting(f -> f.arguments().get(0).type())
                .containsExactly(new PgType.Base(QualifiedName.of("a", "span")),
                        new PgType.Base(QualifiedName.of("b", "span")));
        List<SqlFunction> reversed = List.of(schema.functions().get(1), schema.functions().get(0));
        assertThat(new DatabaseSchema(List.of(), reversed)).as("the model's own order ties on these overloads")
                .isNotEqualTo(schema);
        SchemaFixtures.assertSnapshotRoundTrip(schema);
    }
}

package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Several schemas, quoted CamelCase names, composite and cross-schema foreign keys. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcSchemaReaderRelationshipsTest {

    private static final QualifiedName CONFERENCE = QualifiedName.of("conference", "Conference");
    private static final QualifiedName ELEMENT = QualifiedName.of("content", "Element");
    private static final QualifiedName MESSAGE = QualifiedName.of("chat", "Message");
    private static final QualifiedName FLAG = QualifiedName.of("chat", "Flag");
    private static final QualifiedName REACTION = QualifiedName.of("chat", "Reaction");
    private static final QualifiedName STATS = QualifiedName.of("analytics", "ContentElementStats");

    private TestDatabase db;
    private DatabaseSchema schema;

    @BeforeAll
    void createAndRead(TestDatabase db) {
        this.db = db;
        db.executeScript(Fixtures.path("relationships/sql/schema.sql"));
        schema = JdbcSchemaReader.defaults().read(db.dataSource());
    }

    @Test
    void readsEveryRelationOfEverySchemaWithCaseKept() {
        assertThat(schema.tables()).extracting(Table::name)
                .containsExactly(STATS, FLAG, MESSAGE, REACTION, CONFERENCE, ELEMENT);
        assertThat(schema.tables()).extracting(Table::kind).containsOnly(Table.Kind.TABLE);
    }

    @Test
    void compositeForeignKeyPairsColumnsInConstraintOrder() {
        Table reaction = table(REACTION);
        assertThat(reaction.foreignKeys()).containsExactly(new ForeignKey("Reaction_messageSId_conferenceId_fkey",
                REACTION, List.of("messageSId", "conferenceId"), MESSAGE, List.of("sId", "conferenceId")));
        assertThat(reaction.primaryKey()).contains(new UniqueConstraint("Reaction_pkey", List.of("id")));
        assertThat(reaction.uniqueConstraints()).isEmpty();
    }

    @Test
    void compositeUniqueConstraintKeepsItsColumnOrder() {
        Table message = table(MESSAGE);
        assertThat(message.primaryKey()).contains(new UniqueConstraint("Message_pkey", List.of("sId")));
        assertThat(message.uniqueConstraints())
                .containsExactly(new UniqueConstraint("Message_sId_conferenceId_key", List.of("sId", "conferenceId")));
        assertThat(message.foreignKeys()).containsExactly(new ForeignKey("Message_conferenceId_fkey", MESSAGE,
                List.of("conferenceId"), CONFERENCE, List.of("id")));
    }

    @Test
    void crossSchemaForeignKeysAreReadOnBothSides() {
        assertThat(table(ELEMENT).foreignKeys()).containsExactly(new ForeignKey("Element_conferenceId_fkey", ELEMENT,
                List.of("conferenceId"), CONFERENCE, List.of("id")));
        assertThat(schema.foreignKeysReferencing(CONFERENCE)).extracting(ForeignKey::table)
                .containsExactlyInAnyOrder(MESSAGE, ELEMENT);
        assertThat(schema.foreignKeysReferencing(MESSAGE)).extracting(ForeignKey::name)
                .containsExactlyInAnyOrder("Flag_messageSId_fkey", "Reaction_messageSId_conferenceId_fkey");
        assertThat(table(FLAG).foreignKeys()).containsExactly(new ForeignKey("Flag_messageSId_fkey", FLAG,
                List.of("messageSId"), MESSAGE, List.of("sId")));
        // analytics."ContentElementStats"."elementId" has no constraint: nothing is guessed from the name.
        assertThat(table(STATS).foreignKeys()).isEmpty();
    }

    @Test
    void inlineUniqueColumnAndQuotedColumnNames() {
        Table conference = table(CONFERENCE);
        assertThat(conference.uniqueConstraints())
                .containsExactly(new UniqueConstraint("Conference_shortName_key", List.of("shortName")));
        assertThat(conference.columns()).containsExactly(
                Column.of("id", PgType.builtin("uuid"), false, false),
                Column.of("shortName", PgType.builtin("text"), false, false),
                Column.of("createdBy", PgType.builtin("text"), false, false));
        assertThat(table(ELEMENT).column("isHidden"))
                .contains(new Column("isHidden", PgType.builtin("bool"), false, true, Optional.empty()));
        assertThat(table(MESSAGE).column("elementId"))
                .contains(Column.of("elementId", PgType.builtin("uuid"), true, false));
    }

    @Test
    void equalsTheCommittedSnapshot() {
        SchemaFixtures.assertMatchesSnapshot(schema, "relationships/schema.json");
    }

    @Test
    void snapshotRoundTrips() {
        SchemaFixtures.assertSnapshotRoundTrip(schema);
    }

    @Test
    void withSchemasReadsOnlyThoseSchemasButKeepsForeignKeysLeavingThem() {
        DatabaseSchema chat = JdbcSchemaReader.defaults().withSchemas(Set.of("chat")).read(db.dataSource());
        assertThat(chat.tables()).extracting(Table::name).containsExactly(FLAG, MESSAGE, REACTION);
        assertThat(chat.table(MESSAGE).orElseThrow()).isEqualTo(table(MESSAGE));
        assertThat(chat.foreignKeysReferencing(CONFERENCE)).extracting(ForeignKey::table).containsExactly(MESSAGE);
        DatabaseSchema two = JdbcSchemaReader.defaults().withSchemas(Set.of("content", "analytics"))
                .read(db.dataSource());
        assertThat(two.tables()).extracting(Table::name).containsExactly(STATS, ELEMENT);
    }

    private Table table(QualifiedName name) {
        return schema.table(name).orElseThrow(() -> new AssertionError("no table " + name + " in " + schema.tables()));
    }
}

package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.types.PgType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The DDL reader against the shared fixtures: the same model as the snapshots, from scripts and from migrations. */
class DdlSchemaReaderFixturesTest {

    private static final PgType UUID = PgType.builtin("uuid");
    private static final PgType TEXT = PgType.builtin("text");
    private static final PgType INT4 = PgType.builtin("int4");

    @Test
    void hasuraEventsScriptGivesTheSnapshot() {
        DdlSchemaReader.Result result = DdlSchemaReader.readFiles(List.of(Fixtures.path("hasura-events/sql/schema.sql")));

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.schema()).isEqualTo(SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json")));
        assertThat(SchemaSnapshot.write(result.schema()))
                .isEqualTo(SchemaSnapshot.write(SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json"))));
    }

    @Test
    void hasuraEventsMigrationsGiveTheSnapshot() {
        DatabaseSchema expected = SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json"));
        Path migrations = Fixtures.path("hasura-events/migrations");

        DdlSchemaReader.Result fromProject = DdlSchemaReader.readMigrations(migrations);
        DdlSchemaReader.Result fromDatabase = DdlSchemaReader.readMigrations(migrations.resolve("default"));
        DdlSchemaReader.Result named = DdlSchemaReader.readMigrations(migrations, "default");

        for (DdlSchemaReader.Result r : List.of(fromProject, fromDatabase, named)) {
            assertThat(r.diagnostics()).isEmpty();
            assertThat(r.schema()).isEqualTo(expected);
        }
    }

    @Test
    void migrationsAreAppliedInNumericVersionOrder() {
        DdlSchemaReader.Result result = DdlSchemaReader.readMigrations(Fixtures.path("ddl-migration-order/migrations"));

        assertThat(result.diagnostics()).isEmpty();
        Table accounts = result.schema().table(QualifiedName.of("accounts")).orElseThrow();
        assertThat(accounts.columns()).containsExactly(
                Column.of("id", INT4, false, true),
                Column.of("name", TEXT, false, false),
                new Column("email", PgType.builtin("varchar"), false, false, Optional.of(320)));
        assertThat(accounts.uniqueConstraints()).containsExactly(new UniqueConstraint("accounts_email_key", List.of("email")));
        Table profiles = result.schema().table(QualifiedName.of("profiles")).orElseThrow();
        assertThat(profiles.foreignKeys()).containsExactly(
                new ForeignKey("profiles_account_id_fkey", profiles.name(), List.of("account_id"),
                        accounts.name(), List.of("id")),
                new ForeignKey("profiles_email_fkey", profiles.name(), List.of("email"), accounts.name(),
                        List.of("email")));
    }

    @Test
    void migrationDiagnosticsNameTheMigrationFile() {
        Path migrations = Fixtures.path("ddl-migration-order/migrations");
        DdlSchemaReader.Result result = DdlSchemaReader.readMigrations(migrations, "default");

        assertThat(result.diagnostics()).isEmpty();
        assertThat(DdlSchemaReader.readMigrations(migrations, "other").diagnostics())
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.code()).isEqualTo(dev.hasuraperms.diagnostic.DiagnosticCode.UNREADABLE_FILE);
                    assertThat(d.isError()).isTrue();
                    assertThat(d.location().file()).isEqualTo(migrations.resolve("other").toString());
                });
    }

    @Test
    void relationshipsScriptKeepsSchemasQuotedNamesAndCompositeKeys() {
        DdlSchemaReader.Result result = DdlSchemaReader.readFiles(List.of(Fixtures.path("relationships/sql/schema.sql")));
        assertThat(result.diagnostics()).isEmpty();
        DatabaseSchema schema = result.schema();

        assertThat(schema.tables()).extracting(Table::name).containsExactly(
                QualifiedName.of("analytics", "ContentElementStats"),
                QualifiedName.of("chat", "Flag"),
                QualifiedName.of("chat", "Message"),
                QualifiedName.of("chat", "Reaction"),
                QualifiedName.of("conference", "Conference"),
                QualifiedName.of("content", "Element"));

        QualifiedName message = QualifiedName.of("chat", "Message");
        QualifiedName conference = QualifiedName.of("conference", "Conference");
        Table messageTable = schema.table(message).orElseThrow();
        assertThat(messageTable.columns()).containsExactly(
                Column.of("sId", UUID, false, false),
                Column.of("conferenceId", UUID, false, false),
                Column.of("elementId", UUID, true, false),
                Column.of("senderId", TEXT, false, false),
                Column.of("message", TEXT, false, false));
        assertThat(messageTable.primaryKey()).contains(new UniqueConstraint("Message_pkey", List.of("sId")));
        assertThat(messageTable.uniqueConstraints())
                .containsExactly(new UniqueConstraint("Message_sId_conferenceId_key", List.of("sId", "conferenceId")));
        assertThat(messageTable.foreignKeys()).containsExactly(new ForeignKey("Message_conferenceId_fkey", message,
                List.of("conferenceId"), conference, List.of("id")));

        QualifiedName reaction = QualifiedName.of("chat", "Reaction");
        assertThat(schema.table(reaction).orElseThrow().foreignKeys()).containsExactly(
                new ForeignKey("Reaction_messageSId_conferenceId_fkey", reaction, List.of("messageSId", "conferenceId"),
                        message, List.of("sId", "conferenceId")));
        Table reactionTable = schema.table(reaction).orElseThrow();
        assertThat(reactionTable.column("id")).contains(Column.of("id", INT4, false, true));

        QualifiedName flag = QualifiedName.of("chat", "Flag");
        assertThat(schema.table(flag).orElseThrow().foreignKeys()).containsExactly(
                new ForeignKey("Flag_messageSId_fkey", flag, List.of("messageSId"), message, List.of("sId")));

        QualifiedName element = QualifiedName.of("content", "Element");
        Table elementTable = schema.table(element).orElseThrow();
        assertThat(elementTable.foreignKeys()).containsExactly(new ForeignKey("Element_conferenceId_fkey", element,
                List.of("conferenceId"), conference, List.of("id")));
        assertThat(elementTable.column("isHidden")).contains(Column.of("isHidden", PgType.builtin("bool"), false, true));

        Table conferenceTable = schema.table(conference).orElseThrow();
        assertThat(conferenceTable.primaryKey()).contains(new UniqueConstraint("Conference_pkey", List.of("id")));
        assertThat(conferenceTable.uniqueConstraints())
                .containsExactly(new UniqueConstraint("Conference_shortName_key", List.of("shortName")));

        Table stats = schema.table(QualifiedName.of("analytics", "ContentElementStats")).orElseThrow();
        assertThat(stats.foreignKeys()).isEmpty();
        assertThat(stats.column("viewCount")).contains(Column.of("viewCount", INT4, false, true));

        assertThat(schema.foreignKeysReferencing(message)).extracting(ForeignKey::name)
                .containsExactlyInAnyOrder("Flag_messageSId_fkey", "Reaction_messageSId_conferenceId_fkey");
        assertThat(schema.functions()).isEmpty();
    }
}

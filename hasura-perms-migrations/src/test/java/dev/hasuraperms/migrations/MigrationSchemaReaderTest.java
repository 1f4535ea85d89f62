package dev.hasuraperms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationSchemaReaderTest {

    @TempDir
    Path dir;

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void scriptsThatCreatePostgisAreReadByTheInterpreterWithTheirPostgisColumns() {
        MigrationSchemaReader.Result r = MigrationSchemaReader.read("""
                CREATE EXTENSION IF NOT EXISTS postgis;
                CREATE TABLE places (id serial PRIMARY KEY, geom geometry(Point, 4326), geog geography, name text);
                """, "schema.sql");
        assertThat(r.method()).isEqualTo(MigrationSchemaReader.Method.INTERPRETER);
        assertThat(r.diagnostics()).extracting(d -> d.code())
                .containsExactly(dev.hasuraperms.diagnostic.DiagnosticCode.DDL_INTERPRETER_FALLBACK);
        assertThat(r.diagnostics().get(0).message()).contains("the scripts create the extension postgis");
        Table places = r.orThrow().table(QualifiedName.of("places")).orElseThrow();
        assertThat(places.columns()).extracting(c -> c.type().category()).containsExactly(
                dev.hasuraperms.types.TypeCategory.INTEGER, dev.hasuraperms.types.TypeCategory.GEOMETRY,
                dev.hasuraperms.types.TypeCategory.GEOGRAPHY, dev.hasuraperms.types.TypeCategory.STRING);
    }

    @Test
    void viewsDoBlocksAndExtensionsAreAppliedByPostgres() {
        MigrationSchemaReader.Result r = MigrationSchemaReader.read("""
                CREATE EXTENSION IF NOT EXISTS citext;
                CREATE TABLE author (id serial PRIMARY KEY, name citext NOT NULL);
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'author' AND column_name = 'bio') THEN
                    ALTER TABLE author ADD COLUMN bio text;
                  END IF;
                END $$;
                CREATE VIEW author_names AS SELECT id, name FROM author;
                CREATE MATERIALIZED VIEW author_count AS SELECT count(*) AS n FROM author;
                """, "schema.sql");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.method()).isEqualTo(MigrationSchemaReader.Method.EMBEDDED_POSTGRES);
        DatabaseSchema s = r.orThrow();
        Table author = s.table(QualifiedName.of("author")).orElseThrow();
        assertThat(author.columns()).extracting(Column::name).containsExactly("id", "name", "bio");
        Table view = s.table(QualifiedName.of("author_names")).orElseThrow();
        assertThat(view.kind()).isEqualTo(Table.Kind.VIEW);
        assertThat(view.columns()).extracting(Column::name).containsExactly("id", "name");
        assertThat(s.table(QualifiedName.of("author_count")).orElseThrow().kind())
                .isEqualTo(Table.Kind.MATERIALIZED_VIEW);
        // hdb_catalog and pgcrypto are there as on a Hasura server, and not in the model
        assertThat(s.tables()).noneMatch(t -> t.name().schema().equals("hdb_catalog"));
        assertThat(MigrationSchemaReader.read("SELECT gen_random_uuid(); CREATE TABLE hdb_catalog.x (id int);", "")
                .diagnostics()).isEmpty();
    }

    @Test
    void aRejectedStatementIsReportedAtItsLineWithPostgresMessage() {
        MigrationSchemaReader.Result r = MigrationSchemaReader.read("""
                CREATE TABLE a (id int PRIMARY KEY);
                -- a comment
                CREATE TABLE b (id int,
                  a_id int REFERENCES missing_table (id));
                CREATE TABLE c (id int);
                """, "up.sql");
        assertThat(r.hasErrors()).isTrue();
        Diagnostic d = r.diagnostics().get(0);
        assertThat(d.code()).isEqualTo(DiagnosticCode.DDL_REJECTED);
        assertThat(d.location().file()).isEqualTo("up.sql");
        // no position from PostgreSQL (raised while the statement runs): the start of the failing statement
        assertThat(d.location().line()).isEqualTo(3);
        assertThat(d.location().column()).isEqualTo(1);
        assertThat(d.message()).contains("relation \"missing_table\" does not exist").contains("42P01");
        // the file is one transaction: nothing of it is applied
        assertThat(r.schema().tables()).isEmpty();
    }

    @Test
    void aPositionFromPostgresIsMappedToTheLineInTheFile() {
        MigrationSchemaReader.Result r = MigrationSchemaReader.read("""
                CREATE TABLE a (id int PRIMARY KEY);

                CREATE VIEW v AS
                  SELECT id, missing_column FROM a;
                """, "up.sql");
        Diagnostic d = r.diagnostics().get(0);
        assertThat(d.code()).isEqualTo(DiagnosticCode.DDL_REJECTED);
        assertThat(d.message()).contains("column \"missing_column\" does not exist");
        assertThat(d.location().line()).isEqualTo(4);
        assertThat(d.location().column()).isEqualTo(14);
    }

    @Test
    void viewsKnowWhichWritesPostgresAllows() {
        MigrationSchemaReader.Result r = MigrationSchemaReader.read("""
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, total int NOT NULL);
                CREATE VIEW my_orders AS SELECT id, customer_id, total FROM orders;
                CREATE VIEW order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id;
                CREATE MATERIALIZED VIEW order_stats AS SELECT count(*) AS n FROM orders;
                """, "views.sql");
        DatabaseSchema s = r.orThrow();
        // the fixture of READ_ONLY_RELATION is this schema
        assertThat(s).isEqualTo(SchemaSnapshot.read(Fixtures.path("check/read-only-relation/schema.json")));
        assertThat(s.table(QualifiedName.of("orders")).orElseThrow().writes()).isEqualTo(Table.Writes.ALL);
        assertThat(s.table(QualifiedName.of("my_orders")).orElseThrow().writes()).isEqualTo(Table.Writes.ALL);
        assertThat(s.table(QualifiedName.of("order_totals")).orElseThrow().writes()).isEqualTo(Table.Writes.NONE);
        assertThat(s.table(QualifiedName.of("order_stats")).orElseThrow().writes()).isEqualTo(Table.Writes.NONE);

        CheckResult check = PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("check/read-only-relation/metadata.yaml")), s);
        assertThat(check.diagnostics()).extracting(Diagnostic::code)
                .containsExactly(DiagnosticCode.READ_ONLY_RELATION, DiagnosticCode.READ_ONLY_RELATION);
        // warnings: the metadata checks, and the writes PostgreSQL cannot do have no permission (as in Hasura)
        var permissions = check.orThrow();
        assertThat(permissions.update(QualifiedName.of("order_totals"), "customer")).isEmpty();
        assertThat(permissions.delete(QualifiedName.of("order_stats"), "customer")).isEmpty();
        assertThat(permissions.update(QualifiedName.of("my_orders"), "customer")).isPresent();
        assertThat(permissions.insert(QualifiedName.of("my_orders"), "customer")).isPresent();
        assertThat(permissions.select(QualifiedName.of("order_totals"), "customer")).isPresent();

        Table withTrigger = MigrationSchemaReader.read("""
                CREATE TABLE t (id int, n int);
                CREATE VIEW v AS SELECT id, sum(n) AS n FROM t GROUP BY id;
                CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO t VALUES (NEW.id, NEW.n); RETURN NEW; END $$;
                CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_insert();
                """, "").orThrow().table(QualifiedName.of("v")).orElseThrow();
        assertThat(withTrigger.writes()).isEqualTo(new Table.Writes(true, false, false));
    }

    @Test
    void lineColumnCountsCodePoints() {
        assertThat(MigrationSchemaReader.lineColumn("ab\n\uD83D\uDE00x", 5)).containsExactly(2, 2);
        assertThat(MigrationSchemaReader.lineColumn("abc", 1)).containsExactly(1, 1);
    }

    @Test
    void migrationsInNumericOrderWithFlatV1FilesAndSeveralDatabases() throws IOException {
        Path db = dir.resolve("migrations/default");
        write(db.resolve("9_create/up.sql"), "CREATE TABLE t (id int PRIMARY KEY);");
        write(db.resolve("9_create/down.sql"), "DROP TABLE t;");
        // 10 > 9 numerically although "10" < "9" as text
        write(db.resolve("10_add.up.sql"), "ALTER TABLE t ADD COLUMN v text;");
        write(db.resolve("10_add.down.sql"), "ALTER TABLE t DROP COLUMN v;");
        write(db.resolve("11_rename/up.sql"), "ALTER TABLE t RENAME COLUMN v TO w;");
        write(db.resolve("12_meta/up.yaml"), "- type: track_table\n  args: {table: t}\n");
        write(db.resolve("13_empty/up.sql"), "");
        write(db.resolve("README.md"), "not a migration");
        write(dir.resolve("migrations/other/1_x/up.sql"), "CREATE TABLE other_t (id int);");

        MigrationSchemaReader.Result r = MigrationSchemaReader.readMigrations(dir.resolve("migrations"));
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.warnings()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.DDL_NOT_INTERPRETED);
        assertThat(r.schema().table(QualifiedName.of("t")).orElseThrow().columns()).extracting(Column::name)
                .containsExactly("id", "w");
        assertThat(MigrationSchemaReader.readMigrations(dir.resolve("migrations"), "other").orThrow().tables())
                .extracting(t -> t.name().name()).containsExactly("other_t");
    }

    @Test
    void duplicateVersionsAreRefusedAsTheHasuraCliDoes() throws IOException {
        Path db = dir.resolve("m");
        write(db.resolve("1_a/up.sql"), "CREATE TABLE a (id int);");
        write(db.resolve("1_b.up.sql"), "CREATE TABLE b (id int);");
        MigrationSchemaReader.Result r = MigrationSchemaReader.readMigrations(db);
        assertThat(r.diagnostics()).extracting(Diagnostic::code).contains(DiagnosticCode.DDL_REJECTED);
    }

    @Test
    void theInterpreterIsTheFallbackWithAWarning() {
        String old = System.getProperty(EmbeddedServer.SWITCH);
        System.setProperty(EmbeddedServer.SWITCH, "off");
        try {
            MigrationSchemaReader.Result r = MigrationSchemaReader.read(
                    "CREATE TABLE t (id int PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;", "s.sql");
            assertThat(r.method()).isEqualTo(MigrationSchemaReader.Method.INTERPRETER);
            assertThat(r.diagnostics()).extracting(Diagnostic::code).startsWith(DiagnosticCode.DDL_INTERPRETER_FALLBACK);
            assertThat(r.schema().table(QualifiedName.of("t"))).isPresent();
        } finally {
            if (old == null) {
                System.clearProperty(EmbeddedServer.SWITCH);
            } else {
                System.setProperty(EmbeddedServer.SWITCH, old);
            }
        }
    }

    @Test
    void severalReadsShareTheServerAndDropTheirDatabases() {
        for (int i = 0; i < 3; i++) {
            MigrationSchemaReader.Result r = MigrationSchemaReader.read("CREATE TABLE t" + i + " (id int);", "");
            assertThat(r.schema().tables()).hasSize(1);
        }
        assertThat(List.of(EmbeddedServer.shared().server())).doesNotContainNull();
    }
}

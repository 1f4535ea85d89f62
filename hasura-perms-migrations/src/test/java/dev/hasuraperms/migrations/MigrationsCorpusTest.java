package dev.hasuraperms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresServer;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus {@code fixtures/migrations-corpus/}: for every migration set, the schema built from its migrations equals
 * the schema of a live database that ran the same migrations (applied here with plain JDBC), and checking its
 * metadata gives the same diagnostics (none) in both modes.
 */
class MigrationsCorpusTest {

    private static final Pattern UP = Pattern.compile("([0-9]+)_.*");

    static Path corpus() {
        return Fixtures.projectRoot().resolve("fixtures/migrations-corpus");
    }

    static List<Path> sets() throws IOException {
        try (Stream<Path> s = Files.list(corpus())) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void theCorpusHasAtLeastTenSets() throws IOException {
        assertThat(sets()).hasSizeGreaterThanOrEqualTo(10);
    }

    @TestFactory
    List<DynamicTest> migrationsAndTheLiveDatabaseGiveTheSameSchemaAndDiagnostics() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path set : sets()) {
            tests.add(DynamicTest.dynamicTest(set.getFileName().toString(), () -> check(set)));
        }
        return tests;
    }

    private static void check(Path set) throws Exception {
        MigrationSchemaReader.Result fromMigrations = MigrationSchemaReader.readMigrations(set.resolve("migrations"));
        assertThat(fromMigrations.diagnostics()).as("building the schema from the migrations").isEmpty();
        assertThat(fromMigrations.method()).isEqualTo(MigrationSchemaReader.Method.EMBEDDED_POSTGRES);

        DatabaseSchema live;
        try (TestDatabase db = PostgresServer.shared().createDatabase("corpus_" + set.getFileName())) {
            try (Connection c = db.connection(); Statement st = c.createStatement()) {
                // What a Hasura server has in a source database before any migration.
                st.execute("CREATE SCHEMA IF NOT EXISTS hdb_catalog");
                st.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public");
                for (Path file : upFiles(set.resolve("migrations/default"))) {
                    st.execute(Files.readString(file));
                }
            }
            live = JdbcSchemaReader.defaults().read(db.dataSource());
        }
        // The throwaway server's version is not the target's: a schema from migrations records none (issue 18).
        assertThat(fromMigrations.schema().serverVersionNum()).isEmpty();
        assertThat(SchemaSnapshot.write(fromMigrations.schema())).isEqualTo(SchemaSnapshot.write(
                new dev.hasuraperms.schema.DatabaseSchema(live.tables(), live.functions())));
        assertThat(fromMigrations.schema()).isEqualTo(live);

        Metadata metadata = MetadataLoader.defaults().load(set.resolve("metadata.yaml"));
        CheckResult a = PermissionChecker.check(metadata, fromMigrations.schema());
        CheckResult b = PermissionChecker.check(metadata, live);
        assertThat(a.diagnostics()).map(Diagnostic::toString).isEqualTo(b.diagnostics().stream().map(Diagnostic::toString).toList());
        assertThat(a.diagnostics()).as("check diagnostics").isEmpty();
        assertThat(a.permissions()).isPresent();
    }

    /** The up files, in numeric version order (directories with up.sql and flat .up.sql files), independently of the reader. */
    private static List<Path> upFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && Files.exists(p.resolve("up.sql"))) {
                    files.add(p.resolve("up.sql"));
                } else if (n.endsWith(".up.sql")) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparing(MigrationsCorpusTest::version));
        return files;
    }

    private static BigInteger version(Path upFile) {
        String n = upFile.getFileName().toString().equals("up.sql") ? upFile.getParent().getFileName().toString()
                : upFile.getFileName().toString();
        Matcher m = UP.matcher(n);
        return m.matches() ? new BigInteger(m.group(1)) : BigInteger.ZERO;
    }
}

package dev.hasuraperms.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.postgres.PostgresServer;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs Hasura's own permission test cases ({@code fixtures/hasura-tests}, a byte-for-byte copy of
 * {@code server/tests-py/queries/...} from hasura/graphql-engine) against the library, one database per folder, and
 * checks that {@code docs/conformance.md} lists the outcome of every case file. Regenerate the table with
 * {@code -Dhasuraperms.golden.update=true}. Fails when a case that is not excluded fails, or the table is stale.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ConformanceTest {

    /** The results of {@link #hasuraPermissionTestsPass}, for {@link #postgisCaseFilesPass}. */
    private static volatile List<CaseRunner.FileResult> lastResults;

    private static final boolean UPDATE = Boolean.getBoolean("hasuraperms.golden.update");

    static Path projectRoot() {
        String root = System.getProperty("hasuraperms.project.root");
        Path p = root == null ? Path.of("").toAbsolutePath().getParent() : Path.of(root);
        return p;
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void hasuraPermissionTestsPass() throws Exception {
        Path queries = projectRoot().resolve("fixtures/hasura-tests/server/tests-py/queries");
        assertThat(queries).isDirectory();
        Overlay overlay = Overlay.load();
        List<CaseRunner.FileResult> results = new ArrayList<>();
        Optional<PostgresServer> postgis = PostgresServer.postgis();
        for (String folder : overlay.folders().keyList()) {
            // A folder whose setup needs PostGIS runs on the PostGIS server where there is one; elsewhere its overlay
            // drops what needs PostGIS and the case files that need it are reported as skipped.
            boolean onPostgis = overlay.postgis(folder) && postgis.isPresent();
            PostgresServer server = onPostgis ? postgis.get() : PostgresServer.shared();
            try (TestDatabase db = server.createDatabase("conformance_" + folder);
                 Connection connection = db.connection()) {
                CaseRunner runner = new CaseRunner(queries, folder, overlay, connection, onPostgis);
                Optional<String> problem = runner.setUp();
                for (String file : runner.caseFiles()) {
                    results.add(runner.run(file, problem));
                }
            }
        }
        lastResults = List.copyOf(results);
        String doc = Report.markdown(results);
        Path file = projectRoot().resolve("docs/conformance.md");
        List<String> postgisFiles = overlay.postgisFiles();
        boolean partial = postgis.isEmpty() && !postgisFiles.isEmpty();
        if (partial) {
            System.out.println("SKIPPED (no PostGIS server: " + PostgresServer.POSTGIS_URL_VARIABLE + " is not set) "
                    + postgisFiles + "; docs/conformance.md is compared without their rows and the totals");
        }
        if (UPDATE && partial) {
            throw new IllegalStateException("regenerate docs/conformance.md with a PostGIS server (set "
                    + PostgresServer.POSTGIS_URL_VARIABLE + ", see docs/testing.md): without it " + postgisFiles
                    + " are not run");
        }
        if (UPDATE) {
            Files.writeString(file, doc, StandardCharsets.UTF_8);
        }
        List<CaseRunner.FileResult> failed = results.stream().filter(r -> r.status() == CaseRunner.Status.FAIL).toList();
        failed.forEach(r -> System.out.println("FAIL " + r.file() + ": " + r.note()));
        results.stream().filter(r -> r.status() != CaseRunner.Status.FAIL)
                .forEach(r -> System.out.println(r.status() + " " + r.file() + ": " + r.note()));
        assertThat(failed).as("failing conformance cases").isEmpty();
        long excluded = results.stream().filter(r -> r.status() == CaseRunner.Status.EXCLUDED).count();
        assertThat(excluded * 2).as("exclusions must stay a minority").isLessThan(results.size());
        assertThat(file).as("docs/conformance.md (write it with -Dhasuraperms.golden.update=true)").exists();
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(partial ? withoutPostgisRows(committed, postgisFiles) : committed).as("docs/conformance.md is stale:"
                + " rerun with -Dhasuraperms.golden.update=true" + (partial ? " (with a PostGIS server)" : ""))
                .isEqualTo(partial ? withoutPostgisRows(doc, postgisFiles) : doc);
    }

    /**
     * The case files that need PostGIS ran and passed — skipped, with the reason, where no PostGIS server is
     * configured (so that a run without one says so in Surefire's report).
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void postgisCaseFilesPass() {
        org.junit.jupiter.api.Assumptions.assumeTrue(PostgresServer.postgis().isPresent(), PostgresServer.POSTGIS_ABSENT);
        List<String> postgisFiles = Overlay.load().postgisFiles();
        assertThat(postgisFiles).isNotEmpty();
        assertThat(lastResults).as("hasuraPermissionTestsPass ran first").isNotNull();
        assertThat(lastResults.stream().filter(r -> postgisFiles.contains(r.file())).map(CaseRunner.FileResult::status))
                .hasSize(postgisFiles.size()).containsOnly(CaseRunner.Status.PASS);
    }

    /** The report without the rows of the PostGIS case files and without the totals (which count them). */
    static String withoutPostgisRows(String doc, List<String> postgisFiles) {
        StringBuilder out = new StringBuilder();
        for (String line : doc.split("\n", -1)) {
            boolean postgisRow = postgisFiles.stream().anyMatch(f -> line.startsWith("| `" + f + "` |"));
            boolean totals = line.startsWith("**") || line.startsWith("Cases inside those files");
            if (!postgisRow && !totals) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}

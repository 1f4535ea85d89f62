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
class ConformanceTest {

    private static final boolean UPDATE = Boolean.getBoolean("hasuraperms.golden.update");

    static Path projectRoot() {
        String root = System.getProperty("hasuraperms.project.root");
        Path p = root == null ? Path.of("").toAbsolutePath().getParent() : Path.of(root);
        return p;
    }

    @Test
    void hasuraPermissionTestsPass() throws Exception {
        Path queries = projectRoot().resolve("fixtures/hasura-tests/server/tests-py/queries");
        assertThat(queries).isDirectory();
        Overlay overlay = Overlay.load();
        List<CaseRunner.FileResult> results = new ArrayList<>();
        for (String folder : overlay.folders().keyList()) {
            try (TestDatabase db = PostgresServer.shared().createDatabase("conformance_" + folder);
                 Connection connection = db.connection()) {
                CaseRunner runner = new CaseRunner(queries, folder, overlay, connection);
                Optional<String> problem = runner.setUp();
                for (String file : runner.caseFiles()) {
                    results.add(runner.run(file, problem));
                }
            }
        }
        String doc = Report.markdown(results);
        Path file = projectRoot().resolve("docs/conformance.md");
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
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).as("docs/conformance.md is stale: rerun with "
                + "-Dhasuraperms.golden.update=true").isEqualTo(doc);
    }
}

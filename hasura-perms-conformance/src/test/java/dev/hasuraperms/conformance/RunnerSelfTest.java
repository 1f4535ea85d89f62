package dev.hasuraperms.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner itself: a wrong expected response, a wrong error code or a stale table fail; unordered reads compare as sets. */
@PostgresTest
class RunnerSelfTest {

    private static final String SETUP = """
            type: bulk
            args:
            - type: run_sql
              args:
                sql: |
                  CREATE TABLE note (id int PRIMARY KEY, owner int NOT NULL, body text, secret text);
            - type: insert
              args:
                table: note
                objects:
                - {id: 2, owner: 1, body: b, secret: s2}
                - {id: 1, owner: 1, body: a, secret: s1}
                - {id: 3, owner: 2, body: c, secret: s3}
            - type: track_table
              args: {schema: public, name: note}
            - type: create_select_permission
              args:
                table: note
                role: user
                permission: {columns: [id, body], filter: {owner: X-Hasura-User-Id}}
            """;

    private static String query(String headers, String gql, String response) {
        return """
                description: x
                url: /v1/graphql
                status: 200
                headers: %s
                query:
                  query: '%s'
                response: %s
                """.formatted(headers, gql, response);
    }

    @Test
    void theRunnerPassesOnlyWhatMatches(TestDatabase db, @TempDir Path dir) throws Exception {
        Path folder = dir.resolve("f");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("setup.yaml"), SETUP);
        String user1 = "{X-Hasura-Role: user, X-Hasura-User-Id: '1'}";
        Files.writeString(folder.resolve("a_unordered.yaml"), query(user1, "{ note { id body } }",
                "{data: {note: [{id: 1, body: a}, {id: 2, body: b}]}}"));
        Files.writeString(folder.resolve("b_ordered_wrong.yaml"), query(user1, "{ note(order_by: {id: desc}) { id } }",
                "{data: {note: [{id: 1}, {id: 2}]}}"));
        Files.writeString(folder.resolve("c_other_rows.yaml"), query(user1, "{ note { id } }",
                "{data: {note: [{id: 1}, {id: 2}, {id: 3}]}}"));
        Files.writeString(folder.resolve("d_column_code.yaml"), query(user1, "{ note { id secret } }",
                "{errors: [{extensions: {code: validation-failed}, message: m}]}"));
        Files.writeString(folder.resolve("e_wrong_code.yaml"), query(user1, "{ note { id secret } }",
                "{errors: [{extensions: {code: permission-error}, message: m}]}"));
        Files.writeString(folder.resolve("f_admin.yaml"), query("{}", "{ note(where: {id: {_eq: 3}}) { secret } }",
                "{data: {note: [{secret: s3}]}}"));
        Files.writeString(folder.resolve("g_missing_variable.yaml"), query("{X-Hasura-Role: user}", "{ note { id } }",
                "{errors: [{extensions: {code: not-found}, message: m}]}"));
        Overlay overlay = Overlay.of("folders: {f: {setup: [setup.yaml]}}");
        try (Connection c = db.connection()) {
            CaseRunner runner = new CaseRunner(dir, "f", overlay, c);
            Optional<String> problem = runner.setUp();
            assertThat(problem).isEmpty();
            List<CaseRunner.Status> statuses = runner.caseFiles().stream().map(f -> runner.run(f, problem).status())
                    .toList();
            assertThat(statuses).containsExactly(CaseRunner.Status.PASS, CaseRunner.Status.FAIL,
                    CaseRunner.Status.FAIL, CaseRunner.Status.PASS, CaseRunner.Status.FAIL, CaseRunner.Status.PASS,
                    CaseRunner.Status.PASS);
        }
    }
}

package dev.hasuraperms.testkit.example;

import dev.hasuraperms.testkit.EmbeddedDatabase;
import dev.hasuraperms.testkit.PermissionScenarios;
import dev.hasuraperms.testkit.PermissionTester;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PlainRulesTest {

    @Test
    void onPostgres() {
        PermissionScenarios scenarios = PermissionScenarios.from(Path.of("src/test/resources/permissions/scenarios.yaml"));
        try (EmbeddedDatabase db = EmbeddedDatabase.create().runScript(Path.of("src/test/resources/permissions/schema.sql"));
             PermissionTester tester = scenarios.onDatabase(db.dataSource())) {
            tester.as("user").with("X-Hasura-User-Id", "1").seesExactly("todos", 1).cannotDelete("todos", 1);
            scenarios.run(tester);
            System.out.println(tester.coverage().report());
        } // the tester's connection closed, then the database dropped
    }
}

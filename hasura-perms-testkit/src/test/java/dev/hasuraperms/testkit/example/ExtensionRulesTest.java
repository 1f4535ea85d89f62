package dev.hasuraperms.testkit.example;

import dev.hasuraperms.testkit.HasuraPermsTest;
import dev.hasuraperms.testkit.PermissionScenarioSource;
import dev.hasuraperms.testkit.PermissionScenarios;
import dev.hasuraperms.testkit.PermissionTester;
import dev.hasuraperms.testkit.ScenarioCase;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** One tester for the class, in memory, from the scenario file (its metadata, schema and fixtures). */
@HasuraPermsTest(scenarios = "permissions/scenarios.yaml")
class ExtensionRulesTest {

    /** Every case of the file, one test each, named after the case. */
    @ParameterizedTest(name = "{0}")
    @PermissionScenarioSource("permissions/scenarios.yaml")
    void scenario(ScenarioCase c, PermissionTester tester) {
        PermissionScenarios.check(tester, c);
    }

    @Test
    void adaTicksOffHerOwnTodosOnly(PermissionTester tester) {
        tester.as("user").with("X-Hasura-User-Id", "1")
                .canUpdate("todos", 1, Map.of("done", true))
                .cannotUpdate("todos", 2, Map.of("done", true));
    }

    /** The same cases on a new embedded PostgreSQL database (schema.sql, then the fixtures), dropped afterwards. */
    @Nested
    @HasuraPermsTest(scenarios = "permissions/scenarios.yaml", mode = HasuraPermsTest.Mode.EMBEDDED_POSTGRES)
    class OnPostgres {

        @ParameterizedTest(name = "{0}")
        @PermissionScenarioSource("permissions/scenarios.yaml")
        void scenario(ScenarioCase c, PermissionTester tester) {
            PermissionScenarios.check(tester, c);
        }
    }
}

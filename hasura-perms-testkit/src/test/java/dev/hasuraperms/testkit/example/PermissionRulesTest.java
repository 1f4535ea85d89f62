package dev.hasuraperms.testkit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.testkit.PermissionScenarios;
import dev.hasuraperms.testkit.PermissionTester;
import dev.hasuraperms.testkit.SessionTester;
import dev.hasuraperms.testkit.Verdict;
import dev.hasuraperms.types.SqlNull;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PermissionRulesTest {

    static final PermissionScenarios SCENARIOS =
            PermissionScenarios.from(Path.of("src/test/resources/permissions/scenarios.yaml"));

    /** Every case of the file as a test, in memory (no database needed). */
    @TestFactory
    Stream<DynamicNode> scenariosInMemory() {
        return SCENARIOS.tests(SCENARIOS.inMemory());
    }

    /** The same cases on an embedded PostgreSQL (created from schema.sql, loaded with the fixtures). */
    @TestFactory
    Stream<DynamicNode> scenariosOnPostgres() {
        return SCENARIOS.tests(SCENARIOS.onEmbeddedPostgres());
    }

    static final PermissionTester TESTER = SCENARIOS.inMemory();

    @Test
    void fluentApi() {
        SessionTester ada = TESTER.as("user").with("X-Hasura-User-Id", "1");
        ada.canSelect("todos", 1)                                           // a fixture row, by id
                .cannotSelect("todos", 2)
                .canSelect("todos", Map.of("id", 2, "project_id", 1))      // row 2, moved to ada's project
                .canInsert("todos", Map.of("project_id", 1, "title", "write tests"))
                .cannotInsert("todos", Map.of("project_id", 2, "title", "sneaky"))
                .canUpdate("todos", 1, Map.of("done", true))
                .cannotUpdate("todos", 1, Map.of("title", "renamed"))
                .cannotDelete("todos", 1)
                .seesExactly("todos", 1)
                .needsSessionVariables("todos", Operation.INSERT, "X-Hasura-User-Id");

        Verdict v = ada.select("todos", 2);
        assertFalse(v.allowed());
        System.out.println(v.describe());

        // Inherited roles: a lead reads every todo, but the title only where its user permission holds.
        List<Map<String, Object>> rows = TESTER.as("lead").with("X-Hasura-User-Id", "1").visibleRows("todos");
        assertEquals("write docs", rows.get(0).get("title"));
        assertEquals(SqlNull.INSTANCE, rows.get(1).get("title"));
    }

    @AfterAll
    static void coverage() {
        System.out.println(TESTER.coverage().report());
    }
}

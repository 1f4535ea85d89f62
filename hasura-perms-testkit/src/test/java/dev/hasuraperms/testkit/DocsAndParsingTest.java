package dev.hasuraperms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/testing.md shows the example this module runs; scenario files are parsed strictly. */
class DocsAndParsingTest {

    static final Path MODULE = Fixtures.projectRoot().resolve("hasura-perms-testkit");

    @Test
    void theDocumentedExampleIsTheTestedOne() throws Exception {
        String doc = Files.readString(Fixtures.projectRoot().resolve("docs/testing.md"));
        for (String f : new String[] {"schema.sql", "metadata.json", "scenarios.yaml"}) {
            assertThat(doc).as(f).contains(Files.readString(MODULE.resolve("src/test/resources/permissions/" + f)));
        }
        for (String example : new String[] {"PermissionRulesTest.java", "ExtensionRulesTest.java", "PlainRulesTest.java"}) {
            String java = Files.readString(MODULE.resolve("src/test/java/dev/hasuraperms/testkit/example/" + example))
                    .replace("package dev.hasuraperms.testkit.example;", "package com.example;");
            assertThat(doc).as(example).contains(java);
        }
    }

    @Test
    void matricesExpandToOneCasePerRoleAndSession() {
        PermissionScenarios s = PermissionScenarios.parse("""
                cases:
                  - matrix: {roles: [a, b], sessions: [{X-Hasura-User-Id: 1}, {X-Hasura-User-Id: "2"}, {}]}
                    operation: delete
                    table: t
                    rows: [1, 2]
                    expect: deny
                """, Path.of("."), "m");
        assertThat(s.name()).isEqualTo("m");
        assertThat(s.cases()).hasSize(6);
        assertThat(s.cases().get(0).name()).isEqualTo("delete t [1, 2] [a {X-Hasura-User-Id=1}]");
        assertThat(s.cases().get(1).session()).containsEntry("X-Hasura-User-Id", "2");
        assertThat(s.cases().get(5).role()).isEqualTo("b");
        assertThat(s.cases()).allSatisfy(c -> {
            assertThat(c.operation()).isEqualTo(Operation.DELETE);
            assertThat(c.expectAllow()).contains(false);
            assertThat(c.rows()).hasSize(2);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cases: [{role: r, operation: select, table: t, row: 1, expect: allowed}]|$.cases[0].expect: must be allow or deny",
        "cases: [{role: r, operation: select, table: t, row: 1}]|needs expect: (allow or deny)",
        "cases: [{role: r, operation: select, table: t, row: 1, expect: allow, extra: 1}]|$.cases[0].extra: unknown key",
        "cases: [{role: r, operation: upsert, table: t, row: 1, expect: allow}]|must be select, insert, update or delete",
        "cases: [{role: r, operation: update, table: t, row: 1, expect: allow}]|an update case needs set:",
        "cases: [{role: r, operation: insert, table: t, row: 1, expect: allow}]|an insert gives column values",
        "cases: [{role: r, operation: delete, table: t, visible: [1]}]|visible: goes with operation select",
        "cases: [{operation: select, table: t, visible: [1]}]|a case needs a role",
        "fixtures: {t: [1]}|$.fixtures.t[0]: expected an object",
        "tables: {}|$.tables: unknown key",
    })
    void malformedFilesAreRefusedWithThePath(String yaml, String message) {
        assertThatThrownBy(() -> PermissionScenarios.parse(yaml, Path.of("."), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void permissionsNeedMetadataAndSchemaOrUsing() {
        PermissionScenarios s = PermissionScenarios.parse("cases: []", Path.of("."), "x");
        assertThatThrownBy(s::permissions).isInstanceOf(IllegalStateException.class).hasMessageContaining("using(permissions)");
        PermissionScenarios events = ScenarioSuitesTest.suite("hasura-events");
        PermissionScenarios using = PermissionScenarios.parse("cases: []", Path.of("."), "x").using(events.permissions());
        assertThat(using.permissions().roles()).contains("user");
    }
}

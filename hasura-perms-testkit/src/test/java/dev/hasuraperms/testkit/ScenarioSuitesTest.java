package dev.hasuraperms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scenario suites of the testkit's fixtures, run in both modes, and the two modes' answers compared. */
class ScenarioSuitesTest {

    static final String[] SUITES = {"hasura-events", "inherited-roles", "blog"};

    static PermissionScenarios suite(String name) {
        return PermissionScenarios.from(Fixtures.projectRoot()
                .resolve("hasura-perms-testkit/src/test/resources/scenarios/" + name + ".yaml"));
    }

    @TestFactory
    Stream<DynamicNode> inMemory() {
        return Stream.of(SUITES).map(ScenarioSuitesTest::suite).flatMap(s -> s.tests(s.inMemory()));
    }

    @TestFactory
    Stream<DynamicNode> onPostgres() {
        return Stream.of(SUITES).map(ScenarioSuitesTest::suite).flatMap(s -> s.tests(s.onEmbeddedPostgres()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hasura-events", "inherited-roles", "blog"})
    void bothModesGiveTheSameAnswers(String name) {
        PermissionScenarios s = suite(name);
        PermissionTester memory = s.inMemory();
        PermissionTester database = s.onEmbeddedPostgres();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (ScenarioCase c : s.cases()) {
            a.add(c.name() + " -> " + PermissionScenarios.answer(memory, c));
            b.add(c.name() + " -> " + PermissionScenarios.answer(database, c));
        }
        assertThat(b).containsExactlyElementsOf(a);
        assertThat(a).hasSize(s.cases().size());
    }

    @Test
    void suitesExist() {
        for (String name : SUITES) {
            assertThat(Path.of(Fixtures.projectRoot().toString(), "hasura-perms-testkit/src/test/resources/scenarios",
                    name + ".yaml")).exists();
        }
    }
}

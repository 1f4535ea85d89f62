package dev.hasuraperms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit 5 extension ({@link HasuraPermsTest}, {@link HasuraPermsExtension}) and {@link PermissionScenarioSource},
 * tested by running small test classes (the static nested classes below, which Surefire does not run by itself) on the
 * Jupiter engine with the JUnit Platform's {@link EngineTestKit}.
 */
class HasuraPermsExtensionTest {

    static final String SCENARIOS = "permissions/scenarios.yaml";
    static final String COVERAGE = "target/hasura-perms-extension-test/{class}.txt";

    private static final String UNDER_TEST = "hasuraperms.testkit.extension-test";

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(UNDER_TEST, "true")
                .selectors(selectClass(testClass)).execute();
    }

    /**
     * Disables the example classes below unless {@link #run} runs them: some fail on purpose, and a test filter or
     * an IDE running the package would otherwise pick them up.
     */
    static final class OnlyUnderEngineTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(UNDER_TEST).isPresent()
                    ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                    : ConditionEvaluationResult.disabled("an example class for HasuraPermsExtensionTest, run by it");
        }
    }

    private static Throwable throwable(Event e) {
        return e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    // -------------------------------------------------------------------------------------- in memory, injection

    @ExtendWith(OnlyUnderEngineTestKit.class)
    @HasuraPermsTest(scenarios = SCENARIOS, coverageReport = COVERAGE)
    static class InMemoryExample {
        static final List<PermissionTester> SEEN = new ArrayList<>();

        @Test
        void first(PermissionTester tester, Coverage coverage, PermissionScenarios scenarios) {
            assertThat(tester.mode()).isEqualTo("in-memory");
            assertThat(coverage).isSameAs(tester.coverage());
            assertThat(scenarios.name()).isEqualTo("todo permissions");
            assertThat(tester.fixtures().tables()).hasSize(2);
            tester.as("user").with("X-Hasura-User-Id", "1").canSelect("todos", 1).cannotSelect("todos", 2);
            SEEN.add(tester);
        }

        @Test
        void second(PermissionTester tester, @AsRole(value = "user", session = "X-Hasura-User-Id=2") SessionTester bob) {
            assertThat(bob.role()).isEqualTo("user");
            assertThat(bob.toString()).isEqualTo("[in-memory] role user {X-Hasura-User-Id=2}");
            bob.canUpdate("todos", 2, Map.of("done", false));
            SEEN.add(tester);
        }
    }

    @Test
    void theTesterIsBuiltOncePerClassInjectedAndItsCoverageWritten() throws IOException {
        Path report = Path.of(COVERAGE.replace("{class}", InMemoryExample.class.getName()));
        Files.deleteIfExists(report);
        InMemoryExample.SEEN.clear();

        run(InMemoryExample.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));

        assertThat(InMemoryExample.SEEN).hasSize(2);
        assertThat(InMemoryExample.SEEN.get(0)).isSameAs(InMemoryExample.SEEN.get(1));
        assertThat(report).exists();
        String text = Files.readString(report);
        assertThat(text).startsWith("Test class " + InMemoryExample.class.getName() + " (in-memory)\nPermission coverage:");
        // The three questions asked: two selects (1 allowed, 1 denied) and an update (allowed).
        assertThat(text).containsPattern("select user +public\\.todos +1 allowed, 1 denied")
                .containsPattern("update user +public\\.todos +1 allowed, 0 denied");
    }

    // ------------------------------------------------------------------------------- embedded database, closing

    @ExtendWith(OnlyUnderEngineTestKit.class)
    @HasuraPermsTest(scenarios = SCENARIOS, mode = HasuraPermsTest.Mode.EMBEDDED_POSTGRES, coverageReport = "")
    static class EmbeddedExample {
        static final List<String> DATABASES = new ArrayList<>();

        @Test
        void onPostgres(PermissionTester tester, EmbeddedDatabase database) throws SQLException {
            assertThat(tester.mode()).isEqualTo("database");
            tester.as("user").with("X-Hasura-User-Id", "1").canSelect("todos", 1).cannotSelect("todos", 2)
                    .seesExactly("todos", 1);
            assertThat(exists(database.name())).isTrue();
            DATABASES.add(database.name());
        }
    }

    private static boolean exists(String database) throws SQLException {
        try (EmbeddedDatabase other = EmbeddedDatabase.create(); Connection c = other.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            st.setString(1, database);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    @Test
    void theEmbeddedDatabaseIsLoadedThenDroppedAfterTheClass() throws SQLException {
        EmbeddedExample.DATABASES.clear();

        run(EmbeddedExample.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        assertThat(EmbeddedExample.DATABASES).hasSize(1);
        assertThat(exists(EmbeddedExample.DATABASES.get(0))).as("dropped after the class").isFalse();
    }

    // ------------------------------------------------------------------------------------ failures with a diff

    @ExtendWith(OnlyUnderEngineTestKit.class)
    @HasuraPermsTest(scenarios = SCENARIOS, coverageReport = "")
    static class FailingExample {
        @Test
        void bobsTodoIsNotAdas(PermissionTester tester) {
            tester.as("user").with("X-Hasura-User-Id", "1").canSelect("todos", 2);
        }
    }

    @Test
    void aFailedAssertionIsAnAssertionFailedErrorWithExpectedAndActual() {
        EngineExecutionResults results = run(FailingExample.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable t = throwable(results.testEvents().failed().stream().findFirst().orElseThrow());

        assertThat(t).isInstanceOf(PermissionAssertionError.class).isInstanceOf(AssertionFailedError.class);
        AssertionFailedError e = (AssertionFailedError) t;
        assertThat(e.isExpectedDefined()).isTrue();
        assertThat(e.isActualDefined()).isTrue();
        assertThat(e.getExpected().getValue()).isEqualTo("allowed");
        assertThat((String) e.getActual().getValue())
                .startsWith("denied\nrole user may not select from public.todos: the select filter is FALSE for the row");
        assertThat(((PermissionAssertionError) t).verdict()).hasValueSatisfying(v -> assertThat(v.allowed()).isFalse());
    }

    @Test
    void seesExactlyAndNeedsSessionVariablesFailWithTheListsAsExpectedAndActual() {
        PermissionScenarios s = PermissionScenarios.from(Path.of("src/test/resources/" + SCENARIOS));
        SessionTester ada = s.inMemory().as("user").with("X-Hasura-User-Id", "1");

        AssertionFailedError rows = org.junit.jupiter.api.Assertions.assertThrows(AssertionFailedError.class,
                () -> ada.seesExactly("todos", 1, 2));
        assertThat(rows.getExpected().getValue()).isEqualTo(List.of("1", "2"));
        assertThat(rows.getActual().getValue()).isEqualTo(List.of("1"));

        AssertionFailedError vars = org.junit.jupiter.api.Assertions.assertThrows(AssertionFailedError.class,
                () -> ada.needsSessionVariables("todos", dev.hasuraperms.metadata.Operation.SELECT, "X-Hasura-Role"));
        assertThat(vars.getExpected().getValue()).isEqualTo(List.of("x-hasura-role"));
        assertThat(vars.getActual().getValue()).isEqualTo(List.of("x-hasura-user-id"));
    }

    // --------------------------------------------------------------------------------------- scenario source

    @ExtendWith(OnlyUnderEngineTestKit.class)
    @HasuraPermsTest(scenarios = SCENARIOS, coverageReport = "")
    static class ScenarioSourceExample {
        @ParameterizedTest(name = "{0}")
        @PermissionScenarioSource(SCENARIOS)
        void scenario(ScenarioCase c, PermissionTester tester) {
            PermissionScenarios.check(tester, c);
        }
    }

    @Test
    void theScenarioSourceGivesOneInvocationPerCaseNamedAfterIt() {
        List<ScenarioCase> cases = PermissionScenarios.from(Path.of("src/test/resources/" + SCENARIOS)).cases();
        assertThat(cases).hasSize(15); // the matrices expanded

        EngineExecutionResults results = run(ScenarioSourceExample.class);
        results.testEvents().assertStatistics(s -> s.started(15).succeeded(15).failed(0));
        List<String> names = results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertThat(names).containsExactlyElementsOf(cases.stream().map(ScenarioCase::name).toList());
    }

    // ----------------------------------------------------------------------------- programmatic registration

    @ExtendWith(OnlyUnderEngineTestKit.class)
    static class ProgrammaticExample {
        @RegisterExtension
        static final HasuraPermsExtension PERMS = HasuraPermsExtension
                .forMetadata("permissions/metadata.json", "permissions/schema.sql").coverageReport("");

        @Test
        void withoutFixtures(PermissionTester tester) {
            assertThat(tester.fixtures().tables()).isEmpty();
            // No fixture rows: no project 1 for the check and the filter to find.
            tester.as("user").with("X-Hasura-User-Id", "1")
                    .cannotInsert("todos", Map.of("project_id", 1, "title", "t"))
                    .cannotSelect("todos", Map.of("id", 5, "project_id", 1, "title", "t"));
            assertThat(tester.as("auditor").select("todos", Map.of("id", 5, "project_id", 1)).allowed()).isTrue();
        }

        @Nested
        class Inner {
            @Test
            void sharesTheEnclosingTester(PermissionTester tester) {
                assertThat(tester).isSameAs(outer);
            }
        }

        static PermissionTester outer;

        ProgrammaticExample(PermissionTester tester) {
            outer = tester;
        }
    }

    @Test
    void theProgrammaticFormBuildsFromMetadataAndNestedClassesShareItsTester() {
        EngineExecutionResults results = run(ProgrammaticExample.class);
        assertThat(results.testEvents().failed().stream().map(e -> throwable(e).toString()).toList()).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    }

    // ------------------------------------------------------------------------------------ configuration errors

    @ExtendWith(OnlyUnderEngineTestKit.class)
    @ExtendWith(HasuraPermsExtension.class)
    static class UnconfiguredExample {
        @Test
        void never(PermissionTester tester) {
        }
    }

    @ExtendWith(OnlyUnderEngineTestKit.class)
    @HasuraPermsTest(scenarios = "permissions/no-such-file.yaml")
    static class MissingResourceExample {
        @Test
        void never(PermissionTester tester) {
        }
    }

    @ExtendWith(OnlyUnderEngineTestKit.class)
    @HasuraPermsTest(scenarios = SCENARIOS, coverageReport = "")
    static class MalformedSessionExample {
        @Test
        void never(@AsRole(value = "user", session = "X-Hasura-User-Id") SessionTester s) {
        }
    }

    @Test
    void anAsRoleSessionVariableWithoutAValueFailsTheTest() {
        EngineExecutionResults results = run(MalformedSessionExample.class);
        Throwable t = throwable(results.testEvents().failed().stream().findFirst().orElseThrow());
        assertThat(t).isInstanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class)
                .hasMessageContaining("\"X-Hasura-User-Id\"").hasMessageContaining("is not name=value");
    }

    @Test
    void aMissingConfigurationOrResourceFailsTheClassWithTheReason() {
        EngineExecutionResults unconfigured = run(UnconfiguredExample.class);
        Throwable t = throwable(unconfigured.containerEvents().failed().stream().findFirst().orElseThrow());
        assertThat(t).isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("without @HasuraPermsTest");

        EngineExecutionResults missing = run(MissingResourceExample.class);
        Throwable m = throwable(missing.containerEvents().failed().stream().findFirst().orElseThrow());
        assertThat(m).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no classpath resource permissions/no-such-file.yaml");
    }
}

package dev.hasuraperms.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests of Hasura permission rules with a {@link PermissionTester} built once for the test class, injected into test
 * methods, lifecycle methods and constructors by parameter, closed after the class (with its embedded database), and
 * whose {@link Coverage#report() coverage report} is written when the class finishes.
 *
 * <pre>{@code
 * @HasuraPermsTest(scenarios = "permissions/scenarios.yaml", mode = HasuraPermsTest.Mode.EMBEDDED_POSTGRES)
 * class PermissionRulesTest {
 *
 *     @Test
 *     void usersReadTheirTodos(PermissionTester tester) {
 *         tester.as("user").with("X-Hasura-User-Id", "1").canSelect("todos", 1).cannotSelect("todos", 2);
 *     }
 *
 *     @ParameterizedTest(name = "{0}")
 *     @PermissionScenarioSource("permissions/scenarios.yaml")
 *     void scenario(ScenarioCase c, PermissionTester tester) {
 *         PermissionScenarios.check(tester, c);
 *     }
 * }
 * }</pre>
 *
 * <p>The permissions come from {@link #scenarios()} (its {@code metadata}, {@code schema}, {@code sql} and
 * {@code fixtures}), or from {@link #metadata()} and {@link #schema()}, which override the scenario file's. Locations
 * are classpath resources ({@code src/test/resources/permissions/scenarios.yaml} is
 * {@code "permissions/scenarios.yaml"}), or file-system paths relative to the working directory when prefixed with
 * {@code file:}; a resource must be a file or directory (not inside a jar). The programmatic form is
 * {@link HasuraPermsExtension#forScenarios} with {@code @RegisterExtension}.
 *
 * <p>Parameters resolved: {@link PermissionTester}, {@link Coverage} (the tester's), {@link PermissionScenarios}
 * (when {@link #scenarios()} is given), in {@link Mode#EMBEDDED_POSTGRES} {@link EmbeddedDatabase}, and a
 * {@link SessionTester} annotated with {@link AsRole}. A
 * {@code @Nested} class without its own annotation shares its enclosing class's tester.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HasuraPermsExtension.class)
public @interface HasuraPermsTest {

    /**
     * The scenario file (YAML or JSON, see {@link PermissionScenarios}) whose permissions and fixture rows the tester
     * uses; empty for none (then {@link #metadata()} and {@link #schema()} are required).
     *
     * @return the scenario file's location
     */
    String scenarios() default "";

    /**
     * The Hasura metadata (export JSON or YAML, or the CLI's {@code metadata/} directory); empty to take the scenario
     * file's.
     *
     * @return the metadata's location
     */
    String metadata() default "";

    /**
     * The schema the metadata is checked against: a snapshot ({@code .json}) or DDL ({@code .sql}); empty to take the
     * scenario file's.
     *
     * @return the schema's location
     */
    String schema() default "";

    /**
     * In {@link Mode#EMBEDDED_POSTGRES}, the SQL scripts creating the schema on the embedded database, in order;
     * empty to take the scenario file's {@code sql}, else the {@link #schema()} when it is {@code .sql}.
     *
     * @return the scripts' locations
     */
    String[] sql() default {};

    /**
     * Where the tester answers questions.
     *
     * @return the mode
     */
    Mode mode() default Mode.IN_MEMORY;

    /**
     * The file the coverage report is written to when the class finishes (parent directories created, relative to the
     * working directory); {@code {class}} stands for the test class's name. Empty: no file.
     *
     * @return the report's path
     */
    String coverageReport() default HasuraPermsExtension.DEFAULT_COVERAGE_REPORT;

    /** Where a tester built by the extension answers questions. */
    enum Mode {
        /** Over the fixture rows, by the in-memory evaluator ({@link PermissionTester#of}). */
        IN_MEMORY,
        /**
         * On a new database of the embedded PostgreSQL ({@link EmbeddedDatabase#create()}), created with the SQL
         * scripts, loaded with the fixture rows ({@link PermissionTester#onDatabaseWithFixtures}) and dropped after
         * the class.
         */
        EMBEDDED_POSTGRES
    }
}

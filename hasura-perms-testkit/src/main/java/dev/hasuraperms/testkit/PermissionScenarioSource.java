package dev.hasuraperms.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The cases of a scenario file as the arguments of a {@code @ParameterizedTest}: one invocation per
 * {@link ScenarioCase} (matrices expanded), named after the case (use {@code @ParameterizedTest(name = "{0}")} to show
 * the name alone).
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @PermissionScenarioSource("permissions/scenarios.yaml")
 * void scenario(ScenarioCase c, PermissionTester tester) {   // tester: from @HasuraPermsTest
 *     PermissionScenarios.check(tester, c);
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(PermissionScenarioArgumentsProvider.class)
public @interface PermissionScenarioSource {

    /**
     * The scenario file: a classpath resource, or a file-system path prefixed with {@code file:} (see
     * {@link HasuraPermsTest}).
     *
     * @return the scenario file's location
     */
    String value();
}

package dev.hasuraperms.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link SessionTester} parameter of a test using {@link HasuraPermsTest} (or {@link HasuraPermsExtension}): the
 * extension's tester asking as this role with these session variables.
 *
 * <pre>{@code
 * @Test
 * void adaReadsHerTodos(@AsRole(value = "user", session = "X-Hasura-User-Id=1") SessionTester ada) {
 *     ada.canSelect("todos", 1).cannotSelect("todos", 2);
 * }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AsRole {

    /**
     * The role.
     *
     * @return the role's name
     */
    String value();

    /**
     * The session variables, each {@code name=value} (the value is everything after the first {@code =}).
     *
     * @return the variables
     */
    String[] session() default {};

    /**
     * Whether the session is in backend mode ({@link SessionTester#backendOnly()}).
     *
     * @return whether backend-only permissions apply
     */
    boolean backendOnly() default false;
}

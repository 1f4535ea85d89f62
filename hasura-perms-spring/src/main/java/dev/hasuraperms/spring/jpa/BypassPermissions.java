package dev.hasuraperms.spring.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring Data query method (derived, {@code @Query}, native) of a repository whose entity has permissions
 * as deliberately unfiltered: without it such a method stops start-up, since its rows would not pass through the
 * permission. Every call of a marked method is logged at WARN with the method and its caller, and runs as
 * {@link PermissionBypass#call}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BypassPermissions {

    /**
     * Why the method may read rows outside the permission (logged with each call).
     *
     * @return the reason, as written in the annotation
     */
    String value();
}

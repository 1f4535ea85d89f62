package dev.hasuraperms.spring;

/**
 * hasura-perms-spring is on the class path and active ({@code hasura.perms.enabled} is not {@code false}) but
 * {@code hasura.perms.metadata} is unset or blank: start-up fails rather than running without permissions.
 * {@link NotConfiguredFailureAnalyzer} turns it into Spring Boot's failure report.
 */
public final class NotConfiguredException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NotConfiguredException(String message) {
        super(message);
    }
}

package dev.hasuraperms.spring.boot.autoconfigure;

/**
 * hasura-perms-spring is on the class path and active ({@code hasura.perms.enabled} is not {@code false}) but
 * {@code hasura.perms.metadata} is unset or blank, or set with no (unique) {@code DataSource} to check it against:
 * start-up fails rather than running without permissions.
 * {@link NotConfiguredFailureAnalyzer} turns it into Spring Boot's failure report.
 */
public final class NotConfiguredException extends IllegalStateException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * What to do about it: the advice shown as the action of Spring Boot's failure report.
     */
    private final String action;

    NotConfiguredException(String message, String action) {
        super(message);
        this.action = action;
    }

    /**
     * What to do about it (the failure analyzer's action).
     *
     * @return the advice shown as the action of Spring Boot's failure report, never null
     */
    public String action() {
        return action;
    }
}

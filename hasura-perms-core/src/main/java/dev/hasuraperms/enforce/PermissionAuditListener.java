package dev.hasuraperms.enforce;

/**
 * Told of every decision of the enforced operations (the JDBC and jOOQ backends' selects, reads by primary key,
 * aggregates, computed-field rows, function calls, native queries, inserts, updates and deletes), so that operators
 * can count and alert. Register one with {@link Enforcement#withAuditListener}, or on the backends
 * ({@code SecureJdbc.withAuditListener}, {@code SecureDsl.withAuditListener}). Events carry no values
 * ({@link AuditEvent}).
 *
 * <p><b>When.</b> {@link #onAllowed} is called when the permission allows an operation, before its SQL runs; an
 * operation may still be refused afterwards (a column it orders by or returns, {@code validate_input}, the check on
 * written rows), which is then reported by {@link #onRefused}. Count refusals to alert; count allowed events as
 * permission grants.
 *
 * <p><b>Failing closed.</b> An exception thrown by {@link #onAllowed} refuses the operation: it propagates (wrapped
 * in an {@link IllegalStateException}) and no SQL runs. An exception thrown by {@link #onRefused} is logged at WARN
 * (logger {@code dev.hasuraperms.audit}) and the refusal stands: the caller gets the refusal's exception.
 *
 * <p>Called on the caller's thread, synchronously: keep it fast and thread-safe (an increment of a counter).
 */
public interface PermissionAuditListener {

    /** The listener that does nothing (the default). */
    PermissionAuditListener NONE = new PermissionAuditListener() {
    };

    /**
     * An operation was allowed by the permission; its SQL runs after this returns.
     *
     * @param event the decision
     */
    default void onAllowed(AuditEvent event) {
    }

    /**
     * An operation was refused.
     *
     * @param event the decision, with the refusal's code
     */
    default void onRefused(AuditEvent event) {
    }
}

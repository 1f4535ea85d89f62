package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import java.util.Objects;
import java.util.Optional;

/**
 * One decision of an enforced operation, as reported to a {@link PermissionAuditListener}: who (the role), on what
 * (a table, a tracked function or a native query), which kind of operation, and whether it was allowed or refused
 * (with the refusal's diagnostic code). It never carries session variable values, column values, arguments or rows.
 *
 * @param role    the session's role
 * @param target  the table or function (qualified name, e.g. {@code public.events}), or the native query's root field
 *                name
 * @param kind    the kind of operation
 * @param outcome allowed or refused
 * @param code    the refusal's diagnostic code; empty when allowed, and for a refusal that is a misuse of the API
 *                (an {@link IllegalArgumentException}, such as a negative limit) rather than a permission decision
 */
public record AuditEvent(String role, String target, Kind kind, Outcome outcome, Optional<DiagnosticCode> code) {

    /** The kinds of enforced operations. */
    public enum Kind {
        /** A list read ({@code <table>} root field). */
        SELECT,
        /** A read by primary key ({@code <table>_by_pk}). */
        SELECT_BY_PK,
        /** An aggregate read ({@code <table>_aggregate}). */
        AGGREGATE,
        /** The rows of a table computed field, read under the returned table's select permission. */
        COMPUTED_ROWS,
        /** A call of a tracked function. */
        FUNCTION,
        /** A read of a native query. */
        NATIVE_QUERY,
        /** An insert (or upsert). */
        INSERT,
        /** An update. */
        UPDATE,
        /** A delete. */
        DELETE;

        /**
         * The kind's name in lower case, as in logs.
         *
         * @return the name, e.g. {@code select_by_pk}
         */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the operation was allowed. */
    public enum Outcome {
        /** The permission allows the operation; it goes on (its SQL runs after this event). */
        ALLOWED,
        /** The operation was refused (nothing was run, or what was written was rolled back). */
        REFUSED
    }

    /**
     * Validates the components.
     *
     * @param role    the session's role
     * @param target  the table, function or native query
     * @param kind    the kind of operation
     * @param outcome allowed or refused
     * @param code    the refusal's code (empty when allowed)
     * @throws NullPointerException     for a null component
     * @throws IllegalArgumentException for an allowed event with a code
     */
    public AuditEvent {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(code, "code");
        if (outcome == Outcome.ALLOWED && code.isPresent()) {
            throw new IllegalArgumentException("an allowed event has no diagnostic code");
        }
    }

    /**
     * An allowed event.
     *
     * @param role   the role
     * @param target the table, function or native query
     * @param kind   the kind of operation
     * @return the event
     */
    public static AuditEvent allowed(String role, String target, Kind kind) {
        return new AuditEvent(role, target, kind, Outcome.ALLOWED, Optional.empty());
    }

    /**
     * A refused event.
     *
     * @param role   the role
     * @param target the table, function or native query
     * @param kind   the kind of operation
     * @param code   the refusal's code, empty for a misuse of the API
     * @return the event
     */
    public static AuditEvent refused(String role, String target, Kind kind, Optional<DiagnosticCode> code) {
        return new AuditEvent(role, target, kind, Outcome.REFUSED, code);
    }
}

package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;

/**
 * The host's {@link InputValidator} (standing in for a {@code validate_input} webhook) rejected a write. Thrown
 * before any statement of the write ran, inside its transaction, which is rolled back: nothing is written.
 * {@link #rejection()} is the validator's message, for the client (Hasura answers {@code validation-failed} with the
 * webhook's message).
 */
public final class InputRejectedException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The refused role. */
    private final String role;
    /** The table written. */
    private final QualifiedName table;
    /** The refused operation. */
    private final Operation operation;
    /** The validator's message. */
    private final String rejection;

    /**
     * A refusal by the input validator.
     *
     * @param role the role; never null
     * @param table the table; never null
     * @param operation the operation; never null
     * @param rejection the validator's message; never null
     */
    public InputRejectedException(String role, QualifiedName table, Operation operation, String rejection) {
        super(DiagnosticCode.INPUT_REJECTED, "the input validator rejected the " + operation.key() + " on " + table
                + " by role " + dev.hasuraperms.json.JsonString.of(role).toJson() + ": "
                + dev.hasuraperms.json.JsonString.of(rejection).toJson());
        this.role = role;
        this.table = table;
        this.operation = operation;
        this.rejection = rejection;
    }

    /** {@return the role} */
    public String role() {
        return role;
    }

    /** {@return the table} */
    public QualifiedName table() {
        return table;
    }

    /** {@return the refused operation} */
    public Operation operation() {
        return operation;
    }

    /** {@return the validator's message, as it gave it} */
    public String rejection() {
        return rejection;
    }
}

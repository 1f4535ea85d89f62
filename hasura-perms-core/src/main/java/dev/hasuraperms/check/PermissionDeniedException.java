package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;

/** The role has no permission for the operation on the table. Thrown before any SQL runs. */
public final class PermissionDeniedException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The refused role. */
    private final String role;
    /** The table (or logical model) of the refused operation. */
    private final QualifiedName table;
    /** The refused operation. */
    private final Operation operation;

    /**
     * A refusal without a detail.
     *
     * @param role the role; never null
     * @param table the table; never null
     * @param operation the operation; never null
     */
    public PermissionDeniedException(String role, QualifiedName table, Operation operation) {
        this(role, table, operation, "");
    }

    /**
     * With a detail saying why the permission does not apply (appended to the message after a colon).
     *
     * @param role the role; never null
     * @param table the table; never null
     * @param operation the operation; never null
     * @param detail why the permission does not apply, one line; empty for none
     */
    public PermissionDeniedException(String role, QualifiedName table, Operation operation, String detail) {
        super(DiagnosticCode.NO_PERMISSION, "role " + role + " has no " + operation.key() + " permission on " + table
                + (detail.isEmpty() ? "" : ": " + detail));
        this.role = role;
        this.table = table;
        this.operation = operation;
    }

    private PermissionDeniedException(String message, String role, QualifiedName table, Operation operation) {
        super(DiagnosticCode.NO_PERMISSION, message);
        this.role = role;
        this.table = table;
        this.operation = operation;
    }

    /**
     * The refusal of a request on a table that the metadata does not track (an unknown table): code
     * {@code NO_PERMISSION}, message {@code table X is not tracked in the metadata}.
     *
     * @param role      the session's role
     * @param table     the table asked for
     * @param operation the operation asked for
     * @return the exception
     */
    public static PermissionDeniedException untracked(String role, QualifiedName table, Operation operation) {
        return new PermissionDeniedException("table " + table + " is not tracked in the metadata (role " + role + ", "
                + operation.key() + ")", role, table, operation);
    }

    /** {@return the role} */
    public String role() {
        return role;
    }

    /** {@return the table} */
    public QualifiedName table() {
        return table;
    }

    /** {@return the operation} */
    public Operation operation() {
        return operation;
    }
}

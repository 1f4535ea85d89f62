package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;

/**
 * A request names a column its role may not use for the operation: one it cannot read (select, returning), one it
 * cannot set (insert, update, upsert's update columns), a preset column (presets cannot be overridden), or a column
 * the table does not have. Thrown before any SQL runs.
 */
public final class ColumnNotAllowedException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    private final String role;
    private final QualifiedName table;
    private final Operation operation;
    private final String column;

    public ColumnNotAllowedException(String role, QualifiedName table, Operation operation, String column, String why) {
        super(DiagnosticCode.COLUMN_NOT_ALLOWED, "role " + role + " may not " + verb(operation) + " column " + column
                + " of " + table + ": " + why);
        this.role = role;
        this.table = table;
        this.operation = operation;
        this.column = column;
    }

    private static String verb(Operation op) {
        return switch (op) {
            case SELECT -> "read";
            case INSERT -> "insert into";
            case UPDATE -> "update";
            case DELETE -> "use";
        };
    }

    /** {@return the role} */
    public String role() {
        return role;
    }

    /** {@return the table} */
    public QualifiedName table() {
        return table;
    }

    /** {@return the operation the column was asked for} */
    public Operation operation() {
        return operation;
    }

    /** {@return the column} */
    public String column() {
        return column;
    }
}

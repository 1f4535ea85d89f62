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

    /** The refused role. */
    private final String role;
    /** The table. */
    private final QualifiedName table;
    /** The refused operation. */
    private final Operation operation;
    /** The refused column. */
    private final String column;

    /**
     * A refusal of one column.
     *
     * @param role the role; never null
     * @param table the table; never null
     * @param operation the operation; never null
     * @param column the column; never null
     * @param why what is wrong, one line
     */
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

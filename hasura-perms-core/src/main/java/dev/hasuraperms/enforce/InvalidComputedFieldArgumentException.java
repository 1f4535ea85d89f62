package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;

/**
 * A read of a computed field gives input arguments its function cannot take: an argument without a default is
 * missing, an argument is not one of the function's input arguments (the row and the session argument are passed by
 * the library, never by the caller), or a value is not valid input for the argument's type. Thrown before any SQL
 * runs.
 */
public final class InvalidComputedFieldArgumentException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The table of the computed field. */
    private final QualifiedName table;
    /** The computed field. */
    private final String field;

    /**
     * A refusal.
     *
     * @param table the table of the computed field
     * @param field the computed field
     * @param why   what is wrong, one line
     */
    public InvalidComputedFieldArgumentException(QualifiedName table, String field, String why) {
        super(DiagnosticCode.INVALID_COMPUTED_FIELD_ARGUMENT, "computed field " + field + " of " + table + ": " + why);
        this.table = table;
        this.field = field;
    }

    /**
     * The table.
     *
     * @return the table of the computed field
     */
    public QualifiedName table() {
        return table;
    }

    /**
     * The computed field.
     *
     * @return its name
     */
    public String field() {
        return field;
    }
}

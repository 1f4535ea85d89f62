package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;

/** A value given for a column cannot be read as the column's type. Thrown before any SQL runs. */
public final class InvalidColumnValueException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The table. */
    private final QualifiedName table;
    /** The column. */
    private final String column;

    /**
     * A refusal of one value.
     *
     * @param table the table; never null
     * @param column the column; never null
     * @param type the column's type; never null
     * @param value the value given; never null
     * @param why what is wrong, one line
     */
    public InvalidColumnValueException(QualifiedName table, String column, PgType type, Object value, String why) {
        super(DiagnosticCode.INVALID_COLUMN_VALUE, "the value " + describe(value) + " for column " + column + " of "
                + table + " is not a valid " + type.displayName() + ": " + why);
        this.table = table;
        this.column = column;
    }

    private static String describe(Object value) {
        String s = value instanceof String t ? "\"" + t + "\"" : String.valueOf(value);
        s = s.replace("\0", "\\0");
        return (s.length() > 60 ? s.substring(0, 57) + "..." : s) + (value == null ? ""
                : " (" + (value instanceof dev.hasuraperms.json.JsonValue ? "JSON" : value.getClass().getSimpleName()) + ")");
    }

    /** {@return the table} */
    public QualifiedName table() {
        return table;
    }

    /** {@return the column} */
    public String column() {
        return column;
    }
}

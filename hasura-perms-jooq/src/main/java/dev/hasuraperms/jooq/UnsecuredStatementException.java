package dev.hasuraperms.jooq;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;
import java.util.Optional;

/**
 * The {@link PermissionListener} refuses a statement that touches a secured table in a way it cannot secure: an
 * INSERT (it cannot check the inserted rows), an UPDATE whose permission has a check or presets, a MERGE, a TRUNCATE,
 * a FULL JOIN, an outer join without an ON clause on its nullable side, or a secured table in a place of the
 * statement it does not analyse. Code {@link DiagnosticCode#UNSECURED_STATEMENT}. Thrown while the statement is
 * rendered, before anything is sent to the database.
 */
public final class UnsecuredStatementException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<QualifiedName> table;

    UnsecuredStatementException(Optional<QualifiedName> table, String message) {
        super(DiagnosticCode.UNSECURED_STATEMENT, message);
        this.table = table;
    }

    UnsecuredStatementException(QualifiedName table, String message) {
        this(Optional.of(table), message);
    }

    /**
     * The secured table the refused statement touches, when the refusal is about one table.
     *
     * @return the table, or empty when the refusal is not about one table
     */
    public Optional<QualifiedName> table() {
        return table == null ? Optional.empty() : table;
    }
}

package dev.hasuraperms.session;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.ValueParseException;

/**
 * A session variable's value is not valid input for the type it is used at (the type of the column a permission
 * compares it with): {@code abc} for an integer column, {@code [1,2]} where a PostgreSQL array literal is needed.
 * Hasura leaves this to PostgreSQL; here it is raised before any SQL runs. The message names the variable, the value
 * (cut to 60 characters, with its length when cut, control characters escaped) and the expected type, on one line.
 * Code {@link DiagnosticCode#INVALID_SESSION_VARIABLE}.
 */
public final class InvalidSessionVariableException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The variable's name (kept as text so the exception stays serializable). */
    private final String name;
    private final transient PgType expectedType;

    /**
     * The value of {@code variable} is not valid input for {@code expectedType}.
     *
     * @param variable     the variable
     * @param expectedType the type the value was read for
     * @param value        the value (any length: the message shows only its beginning)
     * @param cause        why the value was refused
     */
    public InvalidSessionVariableException(SessionVariable variable, PgType expectedType, String value,
                                           ValueParseException cause) {
        super(DiagnosticCode.INVALID_SESSION_VARIABLE, "invalid value for session variable "
                + Messages.quote(variable.name()) + ": expected " + expectedType.displayName() + ", found "
                + Messages.quoteWithLength(value) + " (" + Messages.detail(cause.getMessage()) + ")", cause);
        this.name = variable.name();
        this.expectedType = expectedType;
    }

    /** {@return the variable whose value was refused} */
    public SessionVariable variable() {
        return new SessionVariable(name);
    }

    /** {@return the type the value was read for} */
    public PgType expectedType() {
        return expectedType;
    }
}

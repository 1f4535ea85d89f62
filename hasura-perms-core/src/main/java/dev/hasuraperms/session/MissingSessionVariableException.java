package dev.hasuraperms.session;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;

/**
 * A permission needs a session variable that the session does not have. Raised before any SQL runs, with Hasura's
 * message: {@code missing session variable: "x-hasura-user-id"}. Code {@link DiagnosticCode#MISSING_SESSION_VARIABLE}.
 */
public final class MissingSessionVariableException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The variable's name (kept as text so the exception stays serializable). */
    private final String name;

    /**
     * The variable {@code variable} is not in the session.
     *
     * @param variable the missing variable; never null
     */
    public MissingSessionVariableException(SessionVariable variable) {
        super(DiagnosticCode.MISSING_SESSION_VARIABLE, "missing session variable: " + Messages.quote(variable.name()));
        this.name = variable.name();
    }

    /** {@return the missing variable} */
    public SessionVariable variable() {
        return new SessionVariable(name);
    }
}

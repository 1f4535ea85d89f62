package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;

/**
 * The role may not call the function: it is not tracked, or the role lacks a select permission on its return table
 * or the function permission it needs. Code {@code NO_PERMISSION}; thrown before any SQL runs.
 */
public final class FunctionNotAllowedException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The refused role. */
    private final String role;
    /** The function. */
    private final QualifiedName function;

    /**
     * A refusal.
     *
     * @param role     the session's role
     * @param function the function asked for
     * @param why      why the role may not call it
     */
    public FunctionNotAllowedException(String role, QualifiedName function, String why) {
        super(DiagnosticCode.NO_PERMISSION, "role " + role + " may not call function " + function + ": " + why);
        this.role = role;
        this.function = function;
    }

    /**
     * The role.
     *
     * @return the role
     */
    public String role() {
        return role;
    }

    /**
     * The function.
     *
     * @return the function
     */
    public QualifiedName function() {
        return function;
    }
}

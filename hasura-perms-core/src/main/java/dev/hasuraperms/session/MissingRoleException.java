package dev.hasuraperms.session;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;

/**
 * A session was built from headers without an {@code x-hasura-role} header (or with an empty one). Hasura would
 * fall back to {@code admin} there; this library never does. Code {@link DiagnosticCode#MISSING_ROLE}.
 */
public final class MissingRoleException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal with this message.
     *
     * @param message what is wrong, one line; never null
     */
    public MissingRoleException(String message) {
        super(DiagnosticCode.MISSING_ROLE, message);
    }
}

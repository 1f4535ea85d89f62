package dev.hasuraperms.session;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;

/**
 * A token's Hasura claims cannot be read: the claims namespace is missing or has the wrong format,
 * {@code x-hasura-allowed-roles} or {@code x-hasura-default-role} is missing or malformed, a {@code claims_map} path
 * finds nothing and has no default, or an {@code x-hasura-*} claim is not a JSON string. The messages follow Hasura's
 * ({@code JWT claim does not contain x-hasura-allowed-roles}, ...). Code {@link DiagnosticCode#INVALID_JWT_CLAIMS}.
 */
public final class InvalidJwtClaimsException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal with this message.
     *
     * @param message what is wrong, one line; never null
     */
    public InvalidJwtClaimsException(String message) {
        super(DiagnosticCode.INVALID_JWT_CLAIMS, message);
    }
}

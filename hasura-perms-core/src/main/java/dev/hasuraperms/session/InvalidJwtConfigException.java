package dev.hasuraperms.session;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;

/**
 * A JWT claims configuration (the claims part of {@code HASURA_GRAPHQL_JWT_SECRET}) cannot be used: it is not a JSON
 * object, sets both {@code claims_namespace} and {@code claims_namespace_path}, has an invalid JSON path, an unknown
 * {@code claims_format} or key, or a {@code claims_map} without the role claims or with values of the wrong type.
 * Code {@link DiagnosticCode#INVALID_JWT_CONFIG}.
 */
public final class InvalidJwtConfigException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal with this message.
     *
     * @param message what is wrong, one line; never null
     */
    public InvalidJwtConfigException(String message) {
        super(DiagnosticCode.INVALID_JWT_CONFIG, message);
    }
}

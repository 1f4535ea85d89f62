package dev.hasuraperms.diagnostic;

import java.util.Objects;

/**
 * Base class of every exception this library throws on purpose. Each carries a stable {@link DiagnosticCode}, so a
 * caller (or the CLI) can tell a missing session variable from a failed check without parsing messages.
 */
public class HasuraPermsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final DiagnosticCode code;

    public HasuraPermsException(DiagnosticCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public HasuraPermsException(DiagnosticCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code of this failure. */
    public DiagnosticCode code() {
        return code;
    }
}

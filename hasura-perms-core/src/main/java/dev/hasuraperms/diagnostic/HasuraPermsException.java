package dev.hasuraperms.diagnostic;

import java.util.Objects;

/**
 * Base class of every exception this library throws on purpose. Each carries a stable {@link DiagnosticCode}, so a
 * caller (or the CLI) can tell a missing session variable from a failed check without parsing messages.
 */
public class HasuraPermsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The stable code of the failure. */
    private final DiagnosticCode code;

    /**
     * A failure with {@code code}; names in {@code message} are bounded as by {@link Diagnostic#bound}.
     *
     * @param code the code; never null
     * @param message one line; never null
     */
    public HasuraPermsException(DiagnosticCode code, String message) {
        super(message == null ? null : Diagnostic.bound(message));
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * A failure with {@code code} and a cause; names in {@code message} are bounded as by {@link Diagnostic#bound}.
     *
     * @param code the code; never null
     * @param message one line; never null
     * @param cause the underlying failure; never null
     */
    public HasuraPermsException(DiagnosticCode code, String message, Throwable cause) {
        super(message == null ? null : Diagnostic.bound(message), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** For {@link DiagnosticException}: a message made of diagnostics, which are bounded one by one already. */
    HasuraPermsException(DiagnosticCode code, String message, boolean boundedAlready) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** {@return the stable code of this failure} */
    public DiagnosticCode code() {
        return code;
    }
}

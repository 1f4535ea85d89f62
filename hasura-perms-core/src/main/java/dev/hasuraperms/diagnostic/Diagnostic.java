package dev.hasuraperms.diagnostic;

import java.util.Objects;

/**
 * One problem found in metadata: a stable {@link DiagnosticCode}, a severity, a one-line message, the JSON path of
 * the offending node and its place in a file.
 *
 * @param code     stable code, documented in {@code docs/diagnostics.md}
 * @param severity error or warning
 * @param message  one line, no trailing period
 * @param jsonPath JSON path of the node, starting with {@code $}
 * @param location file, line and column of the node
 */
public record Diagnostic(DiagnosticCode code, Severity severity, String message, String jsonPath,
                         SourceLocation location) {

    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(jsonPath, "jsonPath");
        Objects.requireNonNull(location, "location");
        if (message.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a diagnostic message is one line: " + message);
        }
    }

    /** A diagnostic with the code's default severity at {@code origin}. */
    public static Diagnostic of(DiagnosticCode code, Origin origin, String message) {
        return new Diagnostic(code, code.defaultSeverity(), message, origin.jsonPath(), origin.location());
    }

    /** A diagnostic with an explicit severity at {@code origin}. */
    public static Diagnostic of(DiagnosticCode code, Severity severity, Origin origin, String message) {
        return new Diagnostic(code, severity, message, origin.jsonPath(), origin.location());
    }

    /** Whether this is an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The diagnostic on one line, compiler style:
     * {@code file:line:col: error: [CODE] message (at $.json.path)}.
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (location.isKnown() || !location.file().isEmpty()) {
            sb.append(location).append(": ");
        }
        sb.append(severity.label()).append(": [").append(code.name()).append("] ").append(message)
                .append(" (at ").append(jsonPath).append(')');
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}

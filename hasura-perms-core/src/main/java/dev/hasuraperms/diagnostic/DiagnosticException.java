package dev.hasuraperms.diagnostic;

import java.util.List;

/**
 * Loading or checking metadata failed. Carries every diagnostic found (errors and warnings), not just the first;
 * the message lists them all, one per line.
 */
public class DiagnosticException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    /**
     * A failure listing {@code diagnostics}; its message is {@code summary} followed by one line per diagnostic.
     *
     * @param summary the first line of the message; never null
     * @param diagnostics everything found, errors and warnings; never null
     */
    public DiagnosticException(String summary, List<Diagnostic> diagnostics) {
        super(firstErrorCode(diagnostics), message(Diagnostic.bound(summary), diagnostics), true);
        this.diagnostics = List.copyOf(diagnostics);
    }

    private static DiagnosticCode firstErrorCode(List<Diagnostic> diagnostics) {
        return diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::code).findFirst()
                .orElse(diagnostics.isEmpty() ? DiagnosticCode.INVALID_VALUE : diagnostics.get(0).code());
    }

    private static String message(String summary, List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        StringBuilder sb = new StringBuilder(summary).append(": ").append(errors)
                .append(errors == 1 ? " error" : " errors");
        long warnings = diagnostics.size() - errors;
        if (warnings > 0) {
            sb.append(", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        }
        for (Diagnostic d : diagnostics) {
            sb.append('\n').append("  ").append(d.render());
        }
        return sb.toString();
    }

    /** {@return every diagnostic, in the order found} */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /**
     * Only the errors.
     *
     * @return the diagnostics whose severity is ERROR, in order, never null
     */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}

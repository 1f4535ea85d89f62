package dev.hasuraperms.diagnostic;

import java.util.Objects;

/**
 * One problem found in metadata: a stable {@link DiagnosticCode}, a severity, a one-line message, the JSON path of
 * the offending node and its place in a file.
 *
 * @param code     stable code, documented in {@code docs/diagnostics.md}
 * @param severity error or warning
 * @param message  one line, no trailing period; control characters (line breaks included) are escaped as
 *                 {@code \n}, {@code \r}, {@code \t} or {@code \u005cuXXXX}, so a name read from metadata can never
 *                 break a message into lines (see {@link #escapeControl})
 * @param jsonPath JSON path of the node, starting with {@code $}; control characters escaped like the message's
 * @param location file, line and column of the node
 */
public record Diagnostic(DiagnosticCode code, Severity severity, String message, String jsonPath,
                         SourceLocation location) {

    /**
     * Bounds and escapes the message and JSON path (see {@link #bound} and {@link #escapeControl}).
     *
     * @param code stable code
     * @param severity error or warning
     * @param message the message, one line
     * @param jsonPath JSON path of the node
     * @param location file, line and column of the node
     * @throws NullPointerException when a component is null
     */
    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(jsonPath, "jsonPath");
        Objects.requireNonNull(location, "location");
        message = escapeControl(bound(message));
        jsonPath = escapeControl(bound(jsonPath));
    }

    /** Longest name (any run of characters without spaces, quotes or brackets) shown whole in a message. */
    public static final int MAX_NAME = 200;
    /** Code points kept from a name longer than {@link #MAX_NAME}. */
    private static final int KEPT_NAME = 100;
    /** Longest message or JSON path, in characters, after names are bounded. */
    public static final int MAX_MESSAGE = 4_000;

    /**
     * {@code s} with every name longer than {@value #MAX_NAME} code points (a run of characters other than white
     * space, quotes, parentheses, brackets, braces and commas) cut to its first 100 code points followed by
     * {@code …(N characters)}, and the whole text cut in the middle to about {@value #MAX_MESSAGE} characters. The one
     * place that bounds names read from metadata (tables, columns, roles, files, ...) in diagnostic messages, JSON
     * paths and the library's exception messages: a 1 MB column name costs about 120 characters per mention.
     * Text within the bounds is returned unchanged.
     *
     * @param s the text; never null
     * @return the bounded text, never null
     */
    public static String bound(String s) {
        if (s.length() <= MAX_NAME) {
            return s;
        }
        StringBuilder sb = null;
        int n = s.length();
        int start = 0;
        int copied = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || isNameDelimiter(s.charAt(i))) {
                if (i - start > MAX_NAME && s.codePointCount(start, i) > MAX_NAME) {
                    if (sb == null) {
                        sb = new StringBuilder(Math.min(n, MAX_MESSAGE + 200));
                    }
                    int keep = s.offsetByCodePoints(start, KEPT_NAME);
                    sb.append(s, copied, keep).append("\u2026(").append(i - start).append(" characters)");
                    copied = i;
                }
                start = i + 1;
            }
        }
        String out = sb == null ? s : sb.append(s, copied, n).toString();
        if (out.length() > MAX_MESSAGE) {
            int head = MAX_MESSAGE * 3 / 4;
            int tail = MAX_MESSAGE / 5;
            if (Character.isHighSurrogate(out.charAt(head - 1))) {
                head--;
            }
            if (Character.isLowSurrogate(out.charAt(out.length() - tail))) {
                tail--;
            }
            out = out.substring(0, head) + " \u2026(" + (out.length() - head - tail) + " characters cut)\u2026 "
                    + out.substring(out.length() - tail);
        }
        return out;
    }

    private static boolean isNameDelimiter(char c) {
        return c == ' ' || c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{'
                || c == '}' || c == ',' || c == '\n' || c == '\t' || c == '`';
    }

    /**
     * {@code s} with every control character (C0, DEL, C1), line or paragraph separator and unpaired surrogate
     * escaped: {@code \n}, {@code \r}, {@code \t}, otherwise {@code \u005cuXXXX}. Other characters, backslashes
     * included, are kept, so a message without control characters is unchanged. The one place that keeps diagnostics
     * on one line whatever names (tables, columns, roles, relationships, session variables, files) metadata holds.
     *
     * @param s the text; never null
     * @return the escaped text, never null
     */
    public static String escapeControl(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !needsEscape(s, i)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!needsEscape(s, i)) {
                sb.append(c);
                if (Character.isHighSurrogate(c)) {
                    sb.append(s.charAt(++i));
                }
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    /**
     * {@return a diagnostic with the code's default severity at {@code origin}}
     *
     * @param code the code; never null
     * @param origin where the problem is; never null
     * @param message one line, no trailing period; never null
     */
    public static Diagnostic of(DiagnosticCode code, Origin origin, String message) {
        return new Diagnostic(code, code.defaultSeverity(), message, origin.jsonPath(), origin.location());
    }

    /**
     * {@return a diagnostic with an explicit severity at {@code origin}}
     *
     * @param code the code; never null
     * @param severity the severity to report instead of the code's default; never null
     * @param origin where the problem is; never null
     * @param message one line, no trailing period; never null
     */
    public static Diagnostic of(DiagnosticCode code, Severity severity, Origin origin, String message) {
        return new Diagnostic(code, severity, message, origin.jsonPath(), origin.location());
    }

    /** {@return whether this is an error} */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * {@return the diagnostic on one line, compiler style:
     * {@code file:line:col: error: [CODE] message (at $.json.path)}}
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (location.isKnown() || !location.file().isEmpty()) {
            sb.append(escapeControl(location.toString())).append(": ");
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

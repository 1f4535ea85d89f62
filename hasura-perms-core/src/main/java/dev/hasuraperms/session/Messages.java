package dev.hasuraperms.session;

/**
 * Helpers that keep exception messages short and on one line, whatever the values in them: a session value may be
 * 1 MB long or contain quotes, control characters and unpaired surrogates.
 */
final class Messages {

    /** Longest value shown in a message, in code points (longer ones are cut and end with {@code ...}). */
    static final int MAX_VALUE = 60;

    /** Longest explanation taken over from another exception's message, in code points. */
    static final int MAX_DETAIL = 200;

    private Messages() {
    }

    /** {@code s} in double quotes, escaped as in JSON and cut to {@link #MAX_VALUE} code points. */
    static String quote(String s) {
        return '"' + escape(s, MAX_VALUE, true) + '"';
    }

    /**
     * {@code s} quoted as by {@link #quote}, followed by its length in characters when it had to be cut, so a reader
     * can tell {@code "aaa..."} from a value that really ends with three dots.
     */
    static String quoteWithLength(String s) {
        String q = quote(s);
        return s.codePointCount(0, s.length()) > MAX_VALUE ? q + " (" + s.length() + " characters)" : q;
    }

    /** Another exception's message, on one line and cut to {@link #MAX_DETAIL} code points. */
    static String detail(String message) {
        return escape(message == null ? "" : message, MAX_DETAIL, false);
    }

    /**
     * Escapes control characters, line and paragraph separators and unpaired surrogates (as {@code \\uXXXX}), and
     * when {@code quotes} also backslashes and double quotes; keeps other characters. Cuts after {@code max} code
     * points of the input.
     */
    private static String escape(String s, int max, boolean quotes) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
        int count = 0;
        int i = 0;
        while (i < s.length()) {
            if (count == max) {
                sb.append("...");
                break;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            count++;
            switch (cp) {
                case '"':
                    sb.append(quotes ? "\\\"" : "\"");
                    break;
                case '\\':
                    sb.append(quotes ? "\\\\" : "\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029
                            || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
            }
        }
        return sb.toString();
    }
}

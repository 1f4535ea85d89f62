package dev.hasuraperms.types;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validation of pattern values before they reach PostgreSQL, so an invalid pattern is a typed refusal rather than a
 * SQL error. LIKE and ILIKE patterns are checked exactly (the only error PostgreSQL raises for them is a pattern that
 * ends with the escape character {@code \}). SIMILAR TO and POSIX regular expressions are checked by compiling them
 * with {@link java.util.regex}, which refuses most malformed patterns (unbalanced parentheses or brackets, dangling
 * quantifiers); PostgreSQL's regular-expression flavour differs in details, so a rare pattern may still be refused by
 * PostgreSQL itself.
 */
public final class Patterns {

    /** Which pattern language a value is used in. */
    public enum Kind {
        /** Not a pattern. */
        NONE,
        /** LIKE / ILIKE (and their negations). */
        LIKE,
        /** SIMILAR TO. */
        SIMILAR,
        /** POSIX regular expression ({@code ~}, {@code ~*}). */
        REGEX
    }

    private Patterns() {
    }

    /**
     * Checks {@code pattern} for {@code kind}.
     *
     * @throws ValueParseException naming what is wrong
     */
    public static void validate(Kind kind, String pattern) {
        switch (kind) {
            case LIKE: {
                int trailing = 0;
                for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
                    trailing++;
                }
                if (trailing % 2 == 1) {
                    throw new ValueParseException("LIKE pattern must not end with escape character");
                }
                return;
            }
            case SIMILAR:
            case REGEX:
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new ValueParseException("invalid regular expression: " + e.getDescription());
                }
                return;
            default:
                return;
        }
    }
}

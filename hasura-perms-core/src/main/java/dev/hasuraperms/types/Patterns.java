package dev.hasuraperms.types;


/**
 * Validation of pattern values before they reach PostgreSQL, so an invalid pattern is a typed refusal rather than a
 * SQL error. LIKE and ILIKE patterns are checked exactly (the only error PostgreSQL raises for them is a pattern that
 * ends with the escape character {@code \}). SIMILAR TO and POSIX regular expressions are parsed as PostgreSQL's
 * advanced regular expressions by {@link PgRegex}, which raises PostgreSQL's errors (unbalanced parentheses or
 * brackets, a quantifier without an operand, an unknown escape, invalid bounds); a valid pattern it cannot map onto
 * Java is accepted and left to PostgreSQL.
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
                    PgRegex.compile(kind == Kind.SIMILAR ? PgRegex.similarToRegex(pattern) : pattern, false);
                } catch (UntranslatablePatternException e) {
                    // Valid for PostgreSQL, only not mappable onto java.util.regex: PostgreSQL decides.
                    return;
                }
                return;
            default:
                return;
        }
    }
}

package dev.hasuraperms.types;


/**
 * Validation of pattern values before they reach PostgreSQL, so an invalid pattern is a typed refusal rather than a
 * SQL error. LIKE and ILIKE patterns are checked exactly (the only error PostgreSQL raises for them is a pattern that
 * ends with the escape character {@code \}). SIMILAR TO and POSIX regular expressions are parsed as PostgreSQL's
 * advanced regular expressions by {@link PgRegex}, which raises PostgreSQL's errors (unbalanced parentheses or
 * brackets, a quantifier without an operand, an unknown escape, invalid bounds); a valid pattern it cannot map onto
 * Java is accepted and left to PostgreSQL.
 *
 * <p>A SIMILAR TO or POSIX pattern longer than {@value #MAX_PATTERN_LENGTH} characters (UTF-16 code units) is
 * refused. PostgreSQL refuses long patterns itself ("regular expression is too complex"): PostgreSQL 18 refuses a
 * plain literal of 43,548 characters, {@code (a)} repeated 14,516 times, {@code a?} or {@code a*} repeated 2,000
 * times. The limit lies below the shortest plain literal PostgreSQL refuses and far above the patterns applications
 * use; it bounds the check and the in-memory evaluator's compilation. Validation is linear in the pattern's length
 * (no Java pattern is built). LIKE patterns are not limited (PostgreSQL has no limit for them and
 * their check is a scan).
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

    /** The longest SIMILAR TO or POSIX regular expression accepted, in UTF-16 code units. */
    public static final int MAX_PATTERN_LENGTH = 32_768;

    private Patterns() {
    }

    /**
     * Checks {@code pattern} for {@code kind}.
     *
     * @param kind the pattern language; never null
     * @param pattern the pattern; never null
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
                if (pattern.length() > MAX_PATTERN_LENGTH) {
                    throw new ValueParseException((kind == Kind.SIMILAR ? "SIMILAR TO pattern" : "regular expression")
                            + " of " + pattern.length() + " characters is longer than the " + MAX_PATTERN_LENGTH
                            + " accepted (PostgreSQL refuses long patterns as too complex)");
                }
                try {
                    PgRegex.check(kind == Kind.SIMILAR ? PgRegex.similarToRegex(pattern) : pattern);
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

package dev.hasuraperms.ir;

/** The binary operators of the IR, each with the PostgreSQL operator it renders as. */
public enum CompareOp {
    /** Equal ({@code =}). */
    EQ("="),
    /** Not equal ({@code <>}). */
    NEQ("<>"),
    /** Greater than. */
    GT(">"),
    /** Less than. */
    LT("<"),
    /** Greater than or equal. */
    GTE(">="),
    /** Less than or equal. */
    LTE("<="),
    /** {@code left = ANY (right)}, right an array. */
    IN("= ANY"),
    /** {@code LIKE} pattern match. */
    LIKE("LIKE"),
    /** {@code NOT LIKE}. */
    NLIKE("NOT LIKE"),
    /** Case-insensitive {@code LIKE}. */
    ILIKE("ILIKE"),
    /** {@code NOT ILIKE}. */
    NILIKE("NOT ILIKE"),
    /** SQL regular-expression match ({@code SIMILAR TO}). */
    SIMILAR("SIMILAR TO"),
    /** {@code NOT SIMILAR TO}. */
    NSIMILAR("NOT SIMILAR TO"),
    /** POSIX regular-expression match, case-sensitive. */
    REGEX("~"),
    /** POSIX regular-expression non-match, case-sensitive. */
    NREGEX("!~"),
    /** POSIX regular-expression match ignoring case. */
    IREGEX("~*"),
    /** POSIX regular-expression non-match ignoring case. */
    NIREGEX("!~*"),
    /** jsonb or array {@code @>}. */
    CONTAINS("@>"),
    /** jsonb or array {@code <@}. */
    CONTAINED_IN("<@"),
    /** jsonb {@code ?}. */
    HAS_KEY("?"),
    /** jsonb {@code ?|}. */
    HAS_KEYS_ANY("?|"),
    /** jsonb {@code ?&}. */
    HAS_KEYS_ALL("?&"),
    /** ltree {@code @>} (left is an ancestor of right, or of any element of an ltree[] right). */
    ANCESTOR("@>"),
    /** ltree {@code <@}. */
    DESCENDANT("<@"),
    /** ltree {@code ~} lquery. */
    MATCHES("~"),
    /** ltree {@code ?} lquery[]. */
    MATCHES_ANY("?"),
    /** ltree {@code @} ltxtquery. */
    MATCHES_FULLTEXT("@");

    private final String sql;

    CompareOp(String sql) {
        this.sql = sql;
    }

    /** {@return the pattern language of the right operand, if this is a pattern operator} */
    public dev.hasuraperms.types.Patterns.Kind patternKind() {
        switch (this) {
            case LIKE, NLIKE, ILIKE, NILIKE:
                return dev.hasuraperms.types.Patterns.Kind.LIKE;
            case SIMILAR, NSIMILAR:
                return dev.hasuraperms.types.Patterns.Kind.SIMILAR;
            case REGEX, NREGEX, IREGEX, NIREGEX:
                return dev.hasuraperms.types.Patterns.Kind.REGEX;
            default:
                return dev.hasuraperms.types.Patterns.Kind.NONE;
        }
    }

    /** {@return the PostgreSQL operator} */
    public String sql() {
        return sql;
    }
}

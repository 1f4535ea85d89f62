package dev.hasuraperms.ir;

/** The binary operators of the IR, each with the PostgreSQL operator it renders as. */
public enum CompareOp {
    EQ("="), NEQ("<>"), GT(">"), LT("<"), GTE(">="), LTE("<="),
    /** {@code left = ANY (right)}, right an array. */
    IN("= ANY"),
    LIKE("LIKE"), NLIKE("NOT LIKE"), ILIKE("ILIKE"), NILIKE("NOT ILIKE"),
    SIMILAR("SIMILAR TO"), NSIMILAR("NOT SIMILAR TO"),
    REGEX("~"), NREGEX("!~"), IREGEX("~*"), NIREGEX("!~*"),
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

package dev.hasuraperms.jdbc;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A caller's condition for {@link SecureJdbc}: a boolean SQL expression with {@code ?} placeholders and the values
 * for them, in order. It refers to the rows by the statement's alias ({@code e.type = ?} for rows aliased
 * {@code e}); it may call functions and read other tables in subqueries. The library writes it, in parentheses, AND-ed
 * with the permission's filter: it can narrow what the permission allows and never widen it.
 *
 * <pre>{@code
 * SqlCondition golf = SqlCondition.of("e.type = ? AND e.happened_at > ?", "Golf", OffsetDateTime.now().minusDays(7));
 * }</pre>
 *
 * <p>Values are bound with {@link java.sql.PreparedStatement#setObject(int, Object)} ({@code null} as SQL NULL): the
 * SQL decides their types, so cast where PostgreSQL cannot infer one ({@code e.data @> ?::jsonb}). As in any pgjdbc
 * prepared statement, a question mark that is not a placeholder (jsonb's {@code ?}, {@code ?|}, {@code ?&}) is
 * written twice: {@code e.data ?? 'score'}.
 *
 * <p>The text is checked when the condition is made, so that it cannot escape its parentheses: its parentheses must
 * balance, string literals, quoted identifiers and block comments must be closed, it may not contain {@code ;} (outside
 * literals and comments), and the number of {@code ?} placeholders must equal the number of values. Otherwise
 * {@link IllegalArgumentException}. Immutable and thread-safe.
 */
public final class SqlCondition {

    private final String sql;
    private final List<Object> values;
    private final boolean endsInLineComment;
    private final boolean canonicalValues;

    private SqlCondition(String sql, List<Object> values, boolean canonicalValues) {
        this.sql = sql;
        this.values = values;
        this.endsInLineComment = Lexer.check(sql, values.size());
        this.canonicalValues = canonicalValues;
    }

    /**
     * A condition with its values.
     *
     * @param sql    a boolean SQL expression with {@code ?} placeholders
     * @param values the values for the placeholders, in order ({@code null} is SQL NULL)
     * @return the condition
     * @throws IllegalArgumentException when the text is empty, could escape its parentheses, or its placeholders do not
     *                                  match the values
     */
    public static SqlCondition of(String sql, Object... values) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(values, "values");
        return new SqlCondition(sql, Collections.unmodifiableList(Arrays.asList(values.clone())), false);
    }

    /**
     * A rendered predicate (see {@link JdbcPermissions#callerFilter}) as a condition: its values are canonical values
     * bound as {@link SqlPredicate#bind} binds them, not with {@code setObject}.
     */
    static SqlCondition ofPredicate(SqlPredicate predicate) {
        return new SqlCondition(predicate.sql(), predicate.values(), true);
    }

    /** A fragment built by this library (canonical values bound with their casts) as a condition. */
    static SqlCondition ofStatement(SqlStatement statement) {
        return new SqlCondition(statement.sql(), statement.values(), true);
    }

    /** Whether the values are canonical permission values (bound with their types), not the caller's own. */
    boolean canonicalValues() {
        return canonicalValues;
    }

    /**
     * The SQL text, as given.
     *
     * @return the SQL text; never null
     */
    public String sql() {
        return sql;
    }

    /**
     * The values, in order (may contain {@code null}).
     *
     * @return the values, unmodifiable
     */
    public List<Object> values() {
        return values;
    }

    /** The text as written inside the statement's parentheses (a line comment at the end is closed by a newline). */
    String enclosedSql() {
        return endsInLineComment ? sql + "\n" : sql;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SqlCondition c && sql.equals(c.sql) && values.equals(c.values)
                && canonicalValues == c.canonicalValues;
    }

    @Override
    public int hashCode() {
        return sql.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return sql + "  -- " + values.size() + (values.size() == 1 ? " value" : " values");
    }

    /** Reads SQL text the way pgjdbc and PostgreSQL split it into literals, identifiers, comments and the rest. */
    static final class Lexer {

        private Lexer() {
        }

        /**
         * Checks {@code sql} (see the class comment).
         *
         * @return whether the text ends inside a line comment
         */
        static boolean check(String sql, int values) {
            if (sql.isBlank()) {
                throw new IllegalArgumentException("a condition needs some SQL text");
            }
            int depth = 0;
            int placeholders = 0;
            int n = sql.length();
            int i = 0;
            while (i < n) {
                char c = sql.charAt(i);
                if (c == '\'') {
                    boolean escapes = i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                            && (i < 2 || !identifierPart(sql.charAt(i - 2)));
                    i = endOfString(sql, i + 1, escapes);
                } else if (c == '"') {
                    i = endOfQuoted(sql, i + 1);
                } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                    int nl = endOfLine(sql, i + 2);
                    if (nl == n) {
                        check(depth, placeholders, values, sql);
                        return true;
                    }
                    i = nl + 1;
                } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                    i = endOfBlockComment(sql, i + 2);
                } else if (c == '$' && (i == 0 || !identifierPart(sql.charAt(i - 1)))) {
                    i = endOfDollarQuote(sql, i);
                } else if (c == '?') {
                    if (i + 1 < n && sql.charAt(i + 1) == '?') {
                        i += 2;
                    } else {
                        placeholders++;
                        i++;
                    }
                } else if (c == '(') {
                    depth++;
                    i++;
                } else if (c == ')') {
                    if (--depth < 0) {
                        throw new IllegalArgumentException("unbalanced parentheses in condition: a ')' closes nothing");
                    }
                    i++;
                } else if (c == ';') {
                    throw new IllegalArgumentException("a condition may not contain ';' outside literals and comments");
                } else {
                    i++;
                }
            }
            check(depth, placeholders, values, sql);
            return false;
        }

        private static void check(int depth, int placeholders, int values, String sql) {
            if (depth != 0) {
                throw new IllegalArgumentException("unbalanced parentheses in condition: " + depth + " '(' not closed");
            }
            if (placeholders != values) {
                throw new IllegalArgumentException("the condition has " + placeholders + " placeholder"
                        + (placeholders == 1 ? "" : "s") + " and " + values + " value" + (values == 1 ? "" : "s"));
            }
        }

        private static boolean identifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
        }

        private static int endOfString(String sql, int i, boolean backslashEscapes) {
            int n = sql.length();
            while (i < n) {
                char c = sql.charAt(i);
                if (backslashEscapes && c == '\\') {
                    i += 2;
                } else if (c == '\'') {
                    if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                        i += 2;
                    } else {
                        return i + 1;
                    }
                } else {
                    i++;
                }
            }
            throw new IllegalArgumentException("unterminated string literal in condition");
        }

        private static int endOfQuoted(String sql, int i) {
            int n = sql.length();
            while (i < n) {
                if (sql.charAt(i) == '"') {
                    if (i + 1 < n && sql.charAt(i + 1) == '"') {
                        i += 2;
                    } else {
                        return i + 1;
                    }
                } else {
                    i++;
                }
            }
            throw new IllegalArgumentException("unterminated quoted identifier in condition");
        }

        private static int endOfLine(String sql, int i) {
            int n = sql.length();
            while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                i++;
            }
            return i;
        }

        private static int endOfBlockComment(String sql, int i) {
            int n = sql.length();
            int nesting = 1;
            while (i < n) {
                if (sql.charAt(i) == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                    nesting++;
                    i += 2;
                } else if (sql.charAt(i) == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                    i += 2;
                    if (--nesting == 0) {
                        return i;
                    }
                } else {
                    i++;
                }
            }
            throw new IllegalArgumentException("unterminated block comment in condition");
        }

        /** After a dollar-quoted string starting at {@code i}, or after the {@code $} when it starts none ({@code $1}). */
        private static int endOfDollarQuote(String sql, int i) {
            int n = sql.length();
            int j = i + 1;
            if (j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) > 127)) {
                j++;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) > 127)) {
                    j++;
                }
            }
            if (j >= n || sql.charAt(j) != '$') {
                return i + 1;
            }
            String tag = sql.substring(i, j + 1);
            int end = sql.indexOf(tag, j + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated dollar-quoted string in condition");
            }
            return end + tag.length();
        }
    }
}

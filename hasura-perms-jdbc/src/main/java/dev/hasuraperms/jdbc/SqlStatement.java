package dev.hasuraperms.jdbc;

import dev.hasuraperms.types.PgText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * A statement built by {@link SecureJdbc}, for a host that runs it itself: the SQL text with {@code ?} placeholders and
 * the values for them, in order. Permission values are the canonical Java values of
 * {@link dev.hasuraperms.types.PgValues} (the SQL casts each to its type, {@code ?::int4}); the caller's values are
 * bound as given, with {@code setObject}.
 *
 * <pre>{@code
 * SqlStatement st = secure.select(connection, session, EVENTS).where(SqlCondition.of("e.type = ?", "Golf")).statement();
 * try (PreparedStatement ps = connection.prepareStatement(st.sql())) {
 *     st.bind(ps);
 *     try (ResultSet rs = ps.executeQuery()) { ... }
 * }
 * }</pre>
 *
 * <p>The text never contains a value, and does not depend on the session's values. Immutable and thread-safe.
 */
public final class SqlStatement {

    private final String sql;
    private final Object[] values;
    private final BitSet callerValues;

    SqlStatement(String sql, Object[] values, BitSet callerValues) {
        this.sql = sql;
        this.values = values;
        this.callerValues = callerValues;
    }

    /**
     * The SQL text, with {@code ?} placeholders.
     *
     * @return the SQL text; never null
     */
    public String sql() {
        return sql;
    }

    /**
     * The values, in order ({@code null} or {@link dev.hasuraperms.types.SqlNull#INSTANCE} for SQL NULL).
     *
     * @return the values, unmodifiable
     */
    public List<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values.clone()));
    }

    /**
     * Number of parameters.
     *
     * @return how many {@code ?} placeholders the SQL text has
     */
    public int parameterCount() {
        return values.length;
    }

    /**
     * Binds every value to {@code statement}, from parameter 1 on.
     *
     * @param statement the statement prepared from {@link #sql()}
     * @return the index of the next parameter (the host may add its own after them)
     * @throws SQLException when the driver refuses a value
     */
    public int bind(PreparedStatement statement) throws SQLException {
        return bind(statement, 1);
    }

    /**
     * Binds every value to {@code statement}, from parameter {@code firstIndex} on.
     *
     * @param statement the statement the SQL is part of
     * @param firstIndex the (1-based) index of the first placeholder
     * @return the index of the next parameter
     * @throws SQLException when the driver refuses a value
     */
    public int bind(PreparedStatement statement, int firstIndex) throws SQLException {
        int i = firstIndex;
        for (int k = 0; k < values.length; k++, i++) {
            Object v = values[k];
            if (callerValues.get(k)) {
                if (v == null) {
                    statement.setNull(i, Types.OTHER);
                } else {
                    statement.setObject(i, v);
                }
            } else {
                SqlPredicate.bindValue(statement, i, v);
            }
        }
        return i;
    }

    /** Prepares this statement on {@code connection} and binds its values (the caller closes it). */
    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            bind(ps);
            return ps;
        } catch (SQLException | RuntimeException e) {
            try {
                ps.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(sql);
        if (values.length > 0) {
            sb.append("  -- binds ");
            for (int k = 0; k < values.length; k++) {
                String t = values[k] == null ? "NULL" : PgText.of(values[k]);
                sb.append(k == 0 ? "" : ", ").append(t.length() > 40 ? t.substring(0, 37) + "..." : t);
            }
        }
        return sb.toString();
    }

    /** Builds a statement's text and values in order. */
    static final class Builder {

        private final StringBuilder sql = new StringBuilder(256);
        private final List<Object> values = new ArrayList<>();
        private final BitSet callerValues = new BitSet();

        Builder append(String text) {
            sql.append(text);
            return this;
        }

        Builder append(char c) {
            sql.append(c);
            return this;
        }

        /** A permission value (canonical, bound with its cast written after it). */
        Builder value(Object canonical, dev.hasuraperms.types.PgType type) {
            sql.append("?::").append(type.sqlName());
            values.add(canonical);
            return this;
        }

        /** A number the SQL takes as is (LIMIT, OFFSET). */
        Builder number(long n) {
            sql.append('?');
            values.add(n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n);
            return this;
        }

        /** A permission predicate, in parentheses. */
        Builder predicate(SqlPredicate p) {
            sql.append('(').append(p.sql()).append(')');
            values.addAll(p.values());
            return this;
        }

        /** A caller's condition, in parentheses. */
        /** A predicate where the grammar delimits it already ({@code CASE WHEN <p> THEN}): no parentheses. */
        Builder predicateUnenclosed(SqlPredicate p) {
            sql.append(p.sql());
            values.addAll(p.values());
            return this;
        }

        Builder condition(SqlCondition c) {
            sql.append('(').append(c.enclosedSql()).append(')');
            for (Object v : c.values()) {
                if (!c.canonicalValues()) {
                    callerValues.set(values.size());
                }
                values.add(v);
            }
            return this;
        }

        /** A statement (or fragment) built before. */
        Builder append(SqlStatement s) {
            sql.append(s.sql);
            for (int k = 0; k < s.values.length; k++) {
                if (s.callerValues.get(k)) {
                    callerValues.set(values.size());
                }
                values.add(s.values[k]);
            }
            return this;
        }

        int parameterCount() {
            return values.size();
        }

        SqlStatement build() {
            return new SqlStatement(sql.toString(), values.toArray(), (BitSet) callerValues.clone());
        }
    }
}

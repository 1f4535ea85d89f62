package dev.hasuraperms.jdbc;

import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgInterval;
import dev.hasuraperms.types.PgText;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A permission predicate ready for a {@link PreparedStatement}: PostgreSQL SQL text with {@code ?} placeholders
 * (every identifier quoted, every value a parameter with an explicit cast), and the values to bind, in order.
 *
 * <p>The SQL text depends only on (role, table, operation, alias), never on session values, so prepared
 * statements and generic plans are shared by all users. jsonb's {@code ?}, {@code ?|} and {@code ?&} operators are
 * written {@code ??}, {@code ??|} and {@code ??&}, as the PostgreSQL JDBC driver expects.
 *
 * <pre>{@code
 * SqlPredicate p = permissions.selectFilter(QualifiedName.of("events"), "e", session);
 * try (PreparedStatement ps = connection.prepareStatement(
 *         "SELECT e.* FROM public.events e WHERE " + p.sql() + " ORDER BY e.created_at DESC LIMIT ?")) {
 *     int next = p.bind(ps, 1);
 *     ps.setInt(next, 20);
 *     ...
 * }
 * }</pre>
 */
public final class SqlPredicate {

    private final String sql;
    private final Object[] values;
    private final PgType[] types;

    SqlPredicate(String sql, Object[] values, PgType[] types) {
        this.sql = sql;
        this.values = values;
        this.types = types;
    }

    /**
     * The SQL text (a boolean expression), with {@code ?} placeholders.
     *
     * @return the SQL text; never null
     */
    public String sql() {
        return sql;
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
     * The values to bind, in order (Java values as {@link dev.hasuraperms.types.PgValues} produces them).
     *
     * @return the values, unmodifiable
     */
    public List<Object> values() {
        return List.of(values);
    }

    /**
     * The PostgreSQL type of each value, in order.
     *
     * @return the types, unmodifiable, one per value
     */
    public List<PgType> types() {
        return List.of(types);
    }

    /**
     * Binds the values to {@code statement} from parameter {@code firstIndex} on, with the JDBC type of each.
     *
     * @param statement the statement the predicate's SQL is part of
     * @param firstIndex the (1-based) index of the predicate's first placeholder
     * @return the index of the next parameter after this predicate's
     * @throws SQLException when the driver refuses a value
     */
    public int bind(PreparedStatement statement, int firstIndex) throws SQLException {
        int i = firstIndex;
        for (Object v : values) {
            bindValue(statement, i++, v);
        }
        return i;
    }

    static void bindValue(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v instanceof Integer x) {
            ps.setInt(i, x);
        } else if (v instanceof Long x) {
            ps.setLong(i, x);
        } else if (v instanceof Short x) {
            ps.setShort(i, x);
        } else if (v instanceof String x) {
            ps.setString(i, x);
        } else if (v instanceof BigDecimal x) {
            ps.setBigDecimal(i, x);
        } else if (v instanceof Boolean x) {
            ps.setBoolean(i, x);
        } else if (v instanceof Double x) {
            ps.setDouble(i, x);
        } else if (v instanceof Float x) {
            ps.setFloat(i, x);
        } else if (v instanceof UUID || v instanceof LocalDate || v instanceof LocalDateTime || v instanceof LocalTime
                || v instanceof OffsetDateTime || v instanceof OffsetTime) {
            ps.setObject(i, v);
        } else if (v instanceof JsonValue || v instanceof PgInterval || v instanceof List) {
            ps.setString(i, PgText.of(v));
        } else if (v == SqlNull.INSTANCE) {
            ps.setNull(i, Types.OTHER);
        } else {
            ps.setString(i, String.valueOf(v));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(sql).append("  -- binds ");
        for (int i = 0; i < values.length; i++) {
            String t = PgText.of(values[i]);
            sb.append(i == 0 ? "" : ", ").append(t.length() > 40 ? t.substring(0, 37) + "..." : t)
                    .append("::").append(types[i].sqlName());
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SqlPredicate p && sql.equals(p.sql) && Arrays.equals(values, p.values)
                && Arrays.equals(types, p.types);
    }

    @Override
    public int hashCode() {
        return sql.hashCode() * 31 + Arrays.hashCode(values);
    }
}

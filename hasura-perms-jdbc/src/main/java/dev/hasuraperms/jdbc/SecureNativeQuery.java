package dev.hasuraperms.jdbc;

import dev.hasuraperms.enforce.JdbcRows;
import dev.hasuraperms.enforce.NativeQueryPlan;
import dev.hasuraperms.ir.SessionValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A read of a native query under the select permission of the session's role on its logical model
 * ({@link SecureJdbc#nativeQuery}). The statement is
 *
 * <pre>
 * SELECT "t"."id", ... FROM (&lt;code, each {{argument}} a parameter ?::type&gt;) AS "t"
 * WHERE (&lt;logical model's select filter&gt;) AND (&lt;condition&gt;) ... ORDER BY ... LIMIT ? OFFSET ?
 * </pre>
 *
 * <p>The arguments are bind parameters, cast to their declared types: a value is never part of the SQL text. The
 * fields are those of the select permission (and that the rows have as columns: scalar fields and arrays of
 * scalars); the limit is the smaller of the caller's and the permission's. With cell redaction (an inherited role),
 * the rows come from a derived table under the same alias that holds, for each redacted field,
 * {@code CASE WHEN <condition> THEN <field> ELSE NULL END}, so that fields, conditions and ordering read the redacted
 * values. The default alias is the native query's root field name. Validation happens in the terminal operations,
 * before any SQL. Not thread-safe.
 */
public final class SecureNativeQuery {

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final String name;
    private final Map<String, Object> arguments;
    private String alias;
    private List<String> columns = List.of();
    private final List<SqlCondition> conditions = new ArrayList<>();
    private final List<OrderBy> orderBy = new ArrayList<>();
    private OptionalInt limit = OptionalInt.empty();
    private OptionalLong offset = OptionalLong.empty();

    SecureNativeQuery(SecureJdbc owner, Connection connection, SessionValues session, String name,
                      Map<String, ?> arguments) {
        this.owner = owner;
        this.connection = Objects.requireNonNull(connection, "connection");
        this.session = Objects.requireNonNull(session, "session");
        this.name = Objects.requireNonNull(name, "name");
        this.arguments = new LinkedHashMap<>(Objects.requireNonNull(arguments, "arguments"));
        this.alias = SecureJdbc.checkAlias(name);
    }

    /**
     * The alias the rows go by, for the permission's filter and the caller's conditions (default: the native query's
     * root field name).
     *
     * @param alias the alias
     * @return this
     * @throws IllegalArgumentException for an empty alias, or one of the form {@code _hp<n>}
     */
    public SecureNativeQuery alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * The fields to read, in this order (default: every field the role may read, in field order).
     *
     * @param columns the fields
     * @return this
     */
    public SecureNativeQuery columns(String... columns) {
        return columns(Arrays.asList(columns));
    }

    /**
     * The fields to read, in this order (default: every field the role may read, in field order).
     *
     * @param columns the fields
     * @return this
     */
    public SecureNativeQuery columns(List<String> columns) {
        this.columns = List.copyOf(columns);
        return this;
    }

    /**
     * Adds a condition on the rows (by the alias), AND-ed with the permission's filter and any earlier condition.
     *
     * @param condition the condition
     * @return this
     */
    public SecureNativeQuery where(SqlCondition condition) {
        conditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * Adds terms to the ordering; their fields must be readable by the role.
     *
     * @param terms the terms
     * @return this
     */
    public SecureNativeQuery orderBy(OrderBy... terms) {
        for (OrderBy t : terms) {
            orderBy.add(Objects.requireNonNull(t, "orderBy"));
        }
        return this;
    }

    /**
     * The most rows to read (the permission's limit, when smaller, wins).
     *
     * @param limit the limit
     * @return this
     */
    public SecureNativeQuery limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit);
        }
        this.limit = OptionalInt.of(limit);
        return this;
    }

    /**
     * How many rows (in the ordering) to skip.
     *
     * @param offset the offset
     * @return this
     */
    public SecureNativeQuery offset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
        this.offset = OptionalLong.of(offset);
        return this;
    }

    /**
     * The statement, validated and bound, for a host that runs it itself.
     *
     * @return the statement
     * @throws dev.hasuraperms.check.PermissionDeniedException          when there is no such native query, or the role
     *                                                                 has no select permission on its logical model
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException        for a field (read or ordered by) the role may
     *                                                                 not read
     * @throws dev.hasuraperms.enforce.NativeQueryArgumentException     for an undeclared, missing, null or ill-typed
     *                                                                 argument
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException         when a session variable is missing or invalid
     */
    public SqlStatement statement() {
        if (!orderBy.isEmpty()) {
            // The ordering's fields must be readable too (checked first: the read is allowed only after).
            owner.enforcement().nativeQueryFields(name, session, orderBy.stream().map(OrderBy::column).toList(),
                    arguments);
        }
        NativeQueryPlan plan = owner.enforcement().nativeQuery(name, session, columns, limit, arguments);
        String model = plan.model();
        SqlPredicate filter = owner.permissions().logicalModelFilter(model, alias, session);
        String a = SqlIdentifiers.quote(alias);
        SqlStatement.Builder sql = new SqlStatement.Builder().append("SELECT ");
        for (int i = 0; i < plan.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(a).append('.').append(SqlIdentifiers.quote(plan.columns().get(i)));
        }
        sql.append(" FROM ");
        if (plan.rule().redactions().isEmpty()) {
            code(sql, plan).append(" AS ").append(a).append(" WHERE ").predicate(filter);
            for (SqlCondition c : conditions) {
                sql.append(" AND ").condition(c);
            }
        } else {
            sql.append("(SELECT ");
            List<String> all = List.copyOf(plan.query().columns().keySet());
            for (int i = 0; i < all.size(); i++) {
                String c = all.get(i);
                String col = a + "." + SqlIdentifiers.quote(c);
                sql.append(i == 0 ? "" : ", ");
                Optional<SqlPredicate> visible = plan.rule().redactions().containsKey(c)
                        ? owner.permissions().logicalModelRedaction(model, c, alias, session) : Optional.empty();
                if (visible.isPresent()) {
                    sql.append("CASE WHEN ").predicateUnenclosed(visible.get()).append(" THEN ").append(col)
                            .append(" ELSE NULL END AS ").append(SqlIdentifiers.quote(c));
                } else {
                    sql.append(col);
                }
            }
            sql.append(" FROM ");
            code(sql, plan).append(" AS ").append(a).append(" WHERE ").predicate(filter).append(") AS ").append(a);
            for (int i = 0; i < conditions.size(); i++) {
                sql.append(i == 0 ? " WHERE " : " AND ").condition(conditions.get(i));
            }
        }
        for (int i = 0; i < orderBy.size(); i++) {
            OrderBy o = orderBy.get(i);
            sql.append(i == 0 ? " ORDER BY " : ", ").append(a).append('.').append(SqlIdentifiers.quote(o.column()))
                    .append(o.sqlSuffix());
        }
        if (plan.limit().isPresent()) {
            sql.append(" LIMIT ").number(plan.limit().getAsInt());
        }
        if (offset.isPresent()) {
            sql.append(" OFFSET ").number(offset.getAsLong());
        }
        return sql.build();
    }

    /** {@code (<code>)}: the native query's text, each argument a parameter cast to its type. */
    static SqlStatement.Builder code(SqlStatement.Builder sql, NativeQueryPlan plan) {
        return code(sql, plan.code());
    }

    static SqlStatement.Builder code(SqlStatement.Builder sql, List<NativeQueryPlan.Part> parts) {
        sql.append('(');
        for (NativeQueryPlan.Part p : parts) {
            if (p instanceof NativeQueryPlan.Sql s) {
                sql.append(s.sql());
            } else {
                NativeQueryPlan.Argument arg = (NativeQueryPlan.Argument) p;
                sql.append('(').value(arg.value(), arg.type()).append(')');
            }
        }
        return sql.append(')');
    }

    /**
     * Runs the read; every row as field → value ({@code getObject}), in the order of the fields.
     *
     * @return the rows
     * @throws SQLException when the database fails
     */
    public List<Map<String, Object>> fetchMaps() throws SQLException {
        SqlStatement st = statement();
        try (PreparedStatement ps = st.prepare(connection); ResultSet rs = ps.executeQuery()) {
            return JdbcRows.read(rs);
        }
    }

    /**
     * Runs the read; every row mapped by {@code mapper}.
     *
     * @param mapper the row mapper
     * @param <T>    the row type
     * @return the rows
     * @throws SQLException when the database fails
     */
    public <T> List<T> fetch(RowMapper<T> mapper) throws SQLException {
        Objects.requireNonNull(mapper, "mapper");
        SqlStatement st = statement();
        try (PreparedStatement ps = st.prepare(connection); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }
}

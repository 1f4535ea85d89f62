package dev.hasuraperms.jdbc;

import dev.hasuraperms.enforce.JdbcRows;
import dev.hasuraperms.enforce.SelectPlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A select enforced by the session's select permission ({@link SecureJdbc#select}). The statement is
 *
 * <pre>
 * SELECT "e"."id", ... FROM "public"."events" AS "e"
 * WHERE (&lt;select filter&gt;) AND (&lt;condition&gt;) ... ORDER BY ... LIMIT ? OFFSET ?
 * </pre>
 *
 * <p>with the limit the smaller of the caller's and the permission's (applied after the ordering), and the caller's
 * offset. For an inherited role, a column that only some parents grant is read redacted, as Hasura does (cell
 * redaction): {@code CASE WHEN <condition of the parents that grant it> THEN "e"."col" ELSE NULL END AS "col"}, and
 * ordering by it orders by the redacted value. Validation happens in the terminal operations ({@link #statement()}, {@link #fetchMaps()},
 * {@link #fetch(RowMapper)}), before any SQL. Not thread-safe.
 */
public final class SecureSelect {

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName table;
    private String alias;
    private List<String> columns = List.of();
    private final List<SqlCondition> conditions = new ArrayList<>();
    private final List<OrderBy> orderBy = new ArrayList<>();
    private OptionalInt limit = OptionalInt.empty();
    private OptionalLong offset = OptionalLong.empty();

    SecureSelect(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName table) {
        this.owner = owner;
        this.connection = Objects.requireNonNull(connection, "connection");
        this.session = Objects.requireNonNull(session, "session");
        this.table = Objects.requireNonNull(table, "table");
        this.alias = table.name();
    }

    /**
     * The alias the rows go by in the statement, for the permission's filter and the caller's conditions (default:
     * the table's unqualified name).
     *
     * @throws IllegalArgumentException for an empty alias, or one of the form {@code _hp<n>} (reserved for the
     *                                  subqueries of permission predicates)
     */
    public SecureSelect alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /** The columns to read, in this order (default: every column the role may read, in table order). */
    public SecureSelect columns(String... columns) {
        return columns(Arrays.asList(columns));
    }

    /** The columns to read, in this order (default: every column the role may read, in table order). */
    public SecureSelect columns(List<String> columns) {
        this.columns = List.copyOf(columns);
        return this;
    }

    /** Adds a condition on the rows, AND-ed with the permission's filter and any earlier condition. */
    public SecureSelect where(SqlCondition condition) {
        conditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /** Adds terms to the ordering; their columns must be readable by the role. */
    public SecureSelect orderBy(OrderBy... terms) {
        for (OrderBy t : terms) {
            orderBy.add(Objects.requireNonNull(t, "orderBy"));
        }
        return this;
    }

    /** The most rows to read (the permission's limit, when smaller, wins). */
    public SecureSelect limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit);
        }
        this.limit = OptionalInt.of(limit);
        return this;
    }

    /** How many rows (in the ordering) to skip. */
    public SecureSelect offset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
        this.offset = OptionalLong.of(offset);
        return this;
    }

    /**
     * The statement, validated and bound, for a host that runs it itself.
     *
     * @throws dev.hasuraperms.check.PermissionDeniedException        when the role has no select permission
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException      for a column (read or ordered by) the role may
     *                                                               not read
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException       when a session variable is missing or invalid
     */
    public SqlStatement statement() {
        SelectPlan plan = owner.enforcement().select(table, session, columns, limit);
        for (OrderBy o : orderBy) {
            owner.enforcement().readable(plan.rule(), List.of(o.column()));
        }
        SqlPredicate filter = owner.permissions().compiledSelectFilter(table, session.role(), Optional.of(alias))
                .bind(session);
        String a = SqlIdentifiers.quote(alias);
        SqlStatement.Builder sql = new SqlStatement.Builder().append("SELECT ");
        for (int i = 0; i < plan.columns().size(); i++) {
            String c = plan.columns().get(i);
            sql.append(i == 0 ? "" : ", ");
            column(sql, plan, a, c);
            if (plan.rule().redactions().containsKey(c)) {
                sql.append(" AS ").append(SqlIdentifiers.quote(c));
            }
        }
        sql.append(" FROM ").append(SqlIdentifiers.quote(table)).append(" AS ").append(a).append(" WHERE ").predicate(filter);
        for (SqlCondition c : conditions) {
            sql.append(" AND ").condition(c);
        }
        for (int i = 0; i < orderBy.size(); i++) {
            OrderBy o = orderBy.get(i);
            sql.append(i == 0 ? " ORDER BY " : ", ");
            column(sql, plan, a, o.column());
            sql.append(o.sqlSuffix());
        }
        if (plan.limit().isPresent()) {
            sql.append(" LIMIT ").number(plan.limit().getAsInt());
        }
        if (offset.isPresent()) {
            sql.append(" OFFSET ").number(offset.getAsLong());
        }
        return sql.build();
    }

    /** Runs the select; every row as column → value ({@code getObject}), in the order of the columns. */
    public List<Map<String, Object>> fetchMaps() throws SQLException {
        SqlStatement st = statement();
        try (PreparedStatement ps = st.prepare(connection); ResultSet rs = ps.executeQuery()) {
            return JdbcRows.read(rs);
        }
    }

    /** Runs the select; every row mapped by {@code mapper}. */
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

    /** A column as the role reads it: plain, or redacted ({@code CASE WHEN <condition> THEN col ELSE NULL END}). */
    private void column(SqlStatement.Builder sql, SelectPlan plan, String quotedAlias, String column) {
        Optional<SqlPredicate> redaction = owner.permissions().redaction(plan.rule(), column, alias, session);
        if (redaction.isPresent()) {
            sql.append("CASE WHEN ").predicate(redaction.get()).append(" THEN ").append(quotedAlias).append('.')
                    .append(SqlIdentifiers.quote(column)).append(" ELSE NULL END");
        } else {
            sql.append(quotedAlias).append('.').append(SqlIdentifiers.quote(column));
        }
    }
}

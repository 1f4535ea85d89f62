package dev.hasuraperms.jdbc;

import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.enforce.JdbcRows;
import dev.hasuraperms.enforce.SelectPlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.RootField;
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
 * offset. When the select permission redacts cells (an inherited role whose parents grant a column on different
 * rows, {@link dev.hasuraperms.check.SelectRule#redactions()}), the rows come from a derived table under the same
 * alias that holds, for each redacted column, {@code CASE WHEN <condition> THEN <column> ELSE NULL END}:
 *
 * <pre>
 * SELECT "u"."id", "u"."email" FROM (SELECT "u"."id", ..., CASE WHEN (&lt;condition&gt;) THEN "u"."email" ELSE NULL END
 * AS "email", ... FROM "public"."users" AS "u" WHERE (&lt;select filter&gt;)) AS "u" WHERE (&lt;condition&gt;) ...
 * </pre>
 *
 * <p>so that the selected columns, the caller's conditions and the ordering read the redacted values, as in Hasura.
 * The derived table exposes every column of the table (the others as they are): system columns ({@code ctid},
 * {@code xmin}, ...) cannot be named in a condition then. Validation happens in the terminal operations ({@link #statement()}, {@link #fetchMaps()},
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
    private Optional<Map<String, ?>> primaryKey = Optional.empty();

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

    /**
     * Makes this a read by primary key (Hasura's {@code select_by_pk} root field): the row whose primary key columns
     * equal {@code key}, if the role may read it. Refused, when the statement is made, like
     * {@link dev.hasuraperms.enforce.Enforcement#rootField} refuses {@code select_by_pk} (not exposed by
     * {@code query_root_fields}, no primary key, a primary key column the role may not read); a {@code key} that does
     * not name exactly the primary key columns is an {@link IllegalArgumentException}, a value that is not valid for
     * its column an {@link dev.hasuraperms.enforce.InvalidColumnValueException}. {@link SecureJdbc#selectByPk} starts
     * one.
     *
     * @param key primary key column → value
     * @return this builder
     */
    public SecureSelect byPrimaryKey(Map<String, ?> key) {
        this.primaryKey = Optional.of(Map.copyOf(key));
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
        SelectPlan plan = owner.enforcement().select(table, session,
                primaryKey.isPresent() ? RootField.SELECT_BY_PK : RootField.SELECT, columns, limit);
        List<SqlCondition> conditions = new ArrayList<>();
        if (primaryKey.isPresent()) {
            Map<String, Object> key = owner.enforcement().primaryKeyValues(table, primaryKey.get());
            dev.hasuraperms.schema.Table t = owner.enforcement().permissions().schema().table(table).orElseThrow();
            for (Map.Entry<String, Object> e : key.entrySet()) {
                SqlStatement.Builder eq = new SqlStatement.Builder().append(SqlIdentifiers.quote(alias)).append('.')
                        .append(SqlIdentifiers.quote(e.getKey())).append(" = ")
                        .value(e.getValue(), t.column(e.getKey()).orElseThrow().type());
                conditions.add(SqlCondition.ofStatement(eq.build()));
            }
        }
        conditions.addAll(this.conditions);
        for (OrderBy o : orderBy) {
            owner.enforcement().readable(plan.rule(), List.of(o.column()));
        }
        SelectRule rule = plan.rule();
        SqlPredicate filter = owner.permissions().compiledSelectFilter(table, session.role(), Optional.of(alias))
                .bind(session);
        String a = SqlIdentifiers.quote(alias);
        SqlStatement.Builder sql = new SqlStatement.Builder().append("SELECT ");
        for (int i = 0; i < plan.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(a).append('.').append(SqlIdentifiers.quote(plan.columns().get(i)));
        }
        sql.append(" FROM ");
        if (rule.redactions().isEmpty()) {
            sql.append(SqlIdentifiers.quote(table)).append(" AS ").append(a).append(" WHERE ").predicate(filter);
            for (SqlCondition c : conditions) {
                sql.append(" AND ").condition(c);
            }
        } else {
            // Cell redaction (inherited roles): the rows of the filter, with every redacted column replaced by its
            // redacted value under its own name and the same alias, so that the caller's conditions and ordering see
            // what the role reads. PostgreSQL pulls the derived table up into the outer query.
            sql.append("(SELECT ");
            List<String> all = owner.enforcement().permissions().schema().table(table)
                    .map(t -> t.columns().stream().map(dev.hasuraperms.schema.Column::name).toList())
                    .orElse(rule.columns());
            for (int i = 0; i < all.size(); i++) {
                String c = all.get(i);
                String col = a + "." + SqlIdentifiers.quote(c);
                sql.append(i == 0 ? "" : ", ");
                Optional<CompiledPredicate> visible = rule.redactions().containsKey(c)
                        ? owner.permissions().compiledRedaction(table, session.role(), c, Optional.of(alias))
                        : Optional.empty();
                if (visible.isPresent()) {
                    sql.append("CASE WHEN ").predicateUnenclosed(visible.get().bind(session)).append(" THEN ").append(col)
                            .append(" ELSE NULL END AS ").append(SqlIdentifiers.quote(c));
                } else {
                    sql.append(col);
                }
            }
            sql.append(" FROM ").append(SqlIdentifiers.quote(table)).append(" AS ").append(a).append(" WHERE ")
                    .predicate(filter).append(") AS ").append(a);
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

    /** Runs the select; every row as column → value ({@code getObject}), in the order of the columns. */
    public List<Map<String, Object>> fetchMaps() throws SQLException {
        SqlStatement st = statement();
        try (PreparedStatement ps = st.prepare(connection); ResultSet rs = ps.executeQuery()) {
            return JdbcRows.read(rs);
        }
    }

    /**
     * Runs the select and returns its only row, for a read by primary key ({@link #byPrimaryKey}).
     *
     * @return the row, or empty when there is none the role may read
     * @throws IllegalStateException when the select returns more than one row
     * @throws SQLException          when the database fails
     */
    public Optional<Map<String, Object>> fetchOptional() throws SQLException {
        List<Map<String, Object>> rows = fetchMaps();
        if (rows.size() > 1) {
            throw new IllegalStateException("the select returned " + rows.size() + " rows, expected at most one");
        }
        return rows.stream().findFirst();
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
}

package dev.hasuraperms.jdbc;

import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.enforce.FunctionPlan;
import dev.hasuraperms.enforce.JdbcRows;
import dev.hasuraperms.enforce.Transactions;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.names.QualifiedName;
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
 * A call of a tracked function ({@link SecureJdbc#function}) enforced as Hasura runs its root field: the rows the
 * function returns, read under the select permission of its return table. The statement is
 *
 * <pre>
 * SELECT "t"."id", ... FROM "public"."search_tracks"(?::text) AS "t"
 * WHERE (&lt;return table's select filter&gt;) AND (&lt;condition&gt;) ... ORDER BY ... LIMIT ? OFFSET ?
 * </pre>
 *
 * <p>with every argument a parameter cast to its declared type (positional, then {@code "name" => ?} after an omitted
 * argument with a default), the session argument the session variables as JSON, the limit the smaller of the
 * caller's and the permission's, and cell redaction (inherited roles) as in {@link SecureSelect}. Who may call: a
 * role with a select permission on the return table, and a function permission unless the function is a query and
 * function permissions are inferred ({@link dev.hasuraperms.check.CheckedPermissions#functionSelect}).
 *
 * <p>A function exposed as a mutation runs atomically ({@link Transactions#atomically}): its own transaction in
 * auto-commit mode, a savepoint inside the caller's. As in Hasura, the returned rows the select filter hides are left
 * out and the function's writes stay. Validation happens in the terminal operations, before any SQL. Not
 * thread-safe.
 */
public final class SecureFunction {

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName function;
    private String alias;
    private final Map<String, Object> arguments = new LinkedHashMap<>();
    private List<String> columns = List.of();
    private final List<SqlCondition> conditions = new ArrayList<>();
    private final List<OrderBy> orderBy = new ArrayList<>();
    private OptionalInt limit = OptionalInt.empty();
    private OptionalLong offset = OptionalLong.empty();

    SecureFunction(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName function) {
        this.owner = owner;
        this.connection = Objects.requireNonNull(connection, "connection");
        this.session = Objects.requireNonNull(session, "session");
        this.function = Objects.requireNonNull(function, "function");
        this.alias = function.name();
    }

    /**
     * The alias the returned rows go by, for the permission's filter and the caller's conditions (default: the
     * function's unqualified name).
     *
     * @param alias the alias
     * @return this
     * @throws IllegalArgumentException for an empty alias or one of the form {@code _hp<n>}
     */
    public SecureFunction alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * An argument, by the name a caller gives it (its SQL name, or {@code arg_<n>} for the n-th unnamed one). The
     * value is read as {@link dev.hasuraperms.enforce.ColumnValues} reads column values; {@code null} is SQL NULL.
     *
     * @param name  the argument's name
     * @param value its value
     * @return this
     */
    public SecureFunction arg(String name, Object value) {
        arguments.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /**
     * Arguments, as {@link #arg} takes them.
     *
     * @param arguments name → value
     * @return this
     */
    public SecureFunction args(Map<String, ?> arguments) {
        arguments.forEach(this::arg);
        return this;
    }

    /**
     * The columns of the return table to read, in this order (default: every column the role may read).
     *
     * @param columns the columns
     * @return this
     */
    public SecureFunction columns(String... columns) {
        return columns(Arrays.asList(columns));
    }

    /**
     * The columns of the return table to read, in this order (default: every column the role may read).
     *
     * @param columns the columns
     * @return this
     */
    public SecureFunction columns(List<String> columns) {
        this.columns = List.copyOf(columns);
        return this;
    }

    /**
     * Adds a condition on the returned rows, AND-ed with the permission's filter and any earlier condition.
     *
     * @param condition the condition
     * @return this
     */
    public SecureFunction where(SqlCondition condition) {
        conditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * Adds terms to the ordering; their columns must be readable by the role.
     *
     * @param terms the terms
     * @return this
     */
    public SecureFunction orderBy(OrderBy... terms) {
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
    public SecureFunction limit(int limit) {
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
    public SecureFunction offset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
        this.offset = OptionalLong.of(offset);
        return this;
    }

    /**
     * The statement, validated and bound, for a host that runs it itself (a function exposed as a mutation should
     * then run in a transaction).
     *
     * @return the statement
     * @throws dev.hasuraperms.enforce.FunctionNotAllowedException      when the function is not tracked or the role
     *                                                                 may not call it
     * @throws dev.hasuraperms.enforce.InvalidFunctionArgumentException for an argument the call cannot take
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException        for a column the role may not read
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException          when a session variable is missing or invalid
     */
    public SqlStatement statement() {
        return statement(plan());
    }

    /** The call, validated: the function, the rule, the arguments; the ordering's columns checked. */
    private FunctionPlan plan() {
        FunctionPlan plan = owner.enforcement().function(function, session, arguments, columns, limit);
        for (OrderBy o : orderBy) {
            owner.enforcement().readableColumns(plan.rule(), List.of(o.column()));
        }
        return plan;
    }

    private SqlStatement statement(FunctionPlan plan) {
        // The default alias is the function's name: refused when it has the form of a subquery alias (_hp<n>).
        SecureJdbc.checkAlias(alias);
        SelectRule rule = plan.rule();
        QualifiedName table = rule.table();
        // The function's rows are rows from elsewhere (not the table's own: no ctid, no row identity to look up), so
        // the filter is the one for such rows, as SecureDsl.function uses (no isolating rewrite; Optimizer).
        SqlPredicate filter = owner.permissions().selectFilterForRows(table, alias, session);
        String a = SqlIdentifiers.quote(alias);
        SqlStatement source = source(function, plan, alias);
        SqlStatement.Builder sql = new SqlStatement.Builder().append("SELECT ");
        for (int i = 0; i < plan.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(a).append('.').append(SqlIdentifiers.quote(plan.columns().get(i)));
        }
        sql.append(" FROM ");
        if (rule.redactions().isEmpty()) {
            sql.append(source).append(" WHERE ").predicate(filter);
            for (SqlCondition c : conditions) {
                sql.append(" AND ").condition(c);
            }
        } else {
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
                    sql.append("CASE WHEN ").predicateUnenclosed(visible.get().bind(session)).append(" THEN ")
                            .append(col).append(" ELSE NULL END AS ").append(SqlIdentifiers.quote(c));
                } else {
                    sql.append(col);
                }
            }
            sql.append(" FROM ").append(source).append(" WHERE ").predicate(filter).append(") AS ").append(a);
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

    /**
     * {@code "schema"."fn"(?::type, "name" => ?::type) AS "alias"}: the call, every argument a parameter; also used by
     * {@link SecureFunctionAggregate}.
     */
    static SqlStatement source(QualifiedName function, FunctionPlan plan, String alias) {
        SqlStatement.Builder call = new SqlStatement.Builder().append(SqlIdentifiers.quote(function)).append('(');
        for (int i = 0; i < plan.arguments().size(); i++) {
            FunctionPlan.Argument arg = plan.arguments().get(i);
            call.append(i == 0 ? "" : ", ");
            arg.sqlName().ifPresent(n -> call.append(SqlIdentifiers.quote(n)).append(" => "));
            call.value(arg.value(), arg.type());
        }
        return call.append(") AS ").append(SqlIdentifiers.quote(alias)).build();
    }

    /**
     * Calls the function; every visible row as column → value ({@code getObject}), in the order of the columns.
     *
     * @return the rows
     * @throws SQLException when the database fails (a mutation's writes are then rolled back)
     */
    public List<Map<String, Object>> fetchMaps() throws SQLException {
        return run(JdbcRows::read);
    }

    /**
     * Calls the function; every visible row mapped by {@code mapper}.
     *
     * @param mapper maps the current row
     * @param <T>    the row type
     * @return the rows
     * @throws SQLException when the database fails (a mutation's writes are then rolled back)
     */
    public <T> List<T> fetch(RowMapper<T> mapper) throws SQLException {
        Objects.requireNonNull(mapper, "mapper");
        return run(rs -> {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        });
    }

    private interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T run(ResultReader<T> reader) throws SQLException {
        FunctionPlan plan = plan();
        SqlStatement st = statement(plan);
        Transactions.SqlWork<T> work = () -> {
            try (PreparedStatement ps = st.prepare(connection); ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        };
        return plan.function().mutation() ? Transactions.atomically(connection, work) : work.run();
    }
}

package dev.hasuraperms.jdbc;

import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.AggregatePlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
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

/**
 * An aggregate read enforced by the session's select permission ({@link SecureJdbc#aggregate}), Hasura's
 * {@code <table>_aggregate}: refused without {@code allow_aggregations} or when the permission's
 * {@code query_root_fields} leave out {@code select_aggregate} ({@code NO_PERMISSION}), for a column the role may not
 * read ({@code COLUMN_NOT_ALLOWED}) and for a function that does not apply to its column ({@code AGGREGATE_NOT_APPLICABLE}).
 * The statement, built like Hasura's:
 *
 * <pre>
 * SELECT json_build_object(?::text, COUNT(*), ?::text, json_build_object(?::text, SUM("e"."salary")))::text
 * FROM "public"."employee" AS "e" WHERE (&lt;select filter&gt;) AND (&lt;condition&gt;) [GROUP BY ...]
 * </pre>
 *
 * <p>over every row the filter allows: the permission's {@code limit} does not cap aggregates (as in Hasura). For an
 * inherited role that redacts cells, the rows come from the same derived table as {@link SecureSelect}'s, so the
 * aggregates and the caller's conditions read the redacted values (a redacted cell is NULL). The result is Hasura's
 * JSON: {@code {"aggregate": {"count": 2, "sum": {"salary": 10000}}}}, or with {@link #groupBy}
 * {@code {"group_by": [{"group_key": {...}, "aggregate": {...}}, ...]}}. Not thread-safe.
 */
public final class SecureAggregate {

    /** The most function-and-column pairs of one {@code json_build_object} (PostgreSQL allows 100 arguments). */
    public static final int MAX_FIELDS = 50;

    private static final PgType TEXT = new PgType.Base(QualifiedName.of(PgType.PG_CATALOG, "text"));

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName table;
    private String alias;
    private final List<Aggregate> aggregates = new ArrayList<>();
    private final List<String> groupBy = new ArrayList<>();
    private final List<SqlCondition> conditions = new ArrayList<>();

    SecureAggregate(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName table) {
        this.owner = owner;
        this.connection = Objects.requireNonNull(connection, "connection");
        this.session = Objects.requireNonNull(session, "session");
        this.table = Objects.requireNonNull(table, "table");
        this.alias = table.name();
    }

    /**
     * The alias the rows go by, for the permission's filter and the caller's conditions (default: the table's name).
     *
     * @param alias the alias
     * @return this
     * @throws IllegalArgumentException for an empty alias or one of the reserved form {@code _hp<n>}
     */
    public SecureAggregate alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * Adds aggregates to compute.
     *
     * @param aggregates the aggregates
     * @return this
     */
    public SecureAggregate aggregate(Aggregate... aggregates) {
        for (Aggregate a : aggregates) {
            this.aggregates.add(Objects.requireNonNull(a, "aggregate"));
        }
        return this;
    }

    /**
     * Groups the rows by these columns (Hasura's {@code group_by(keys: [{column: ...}])}); they must be readable.
     *
     * @param columns the grouping columns
     * @return this
     */
    public SecureAggregate groupBy(String... columns) {
        groupBy.addAll(Arrays.asList(columns));
        return this;
    }

    /**
     * Adds a condition on the rows, AND-ed with the permission's filter (a caller's {@code where}, e.g. from
     * {@link JdbcPermissions#callerFilter}); it reads the redacted values of an inherited role.
     *
     * @param condition the condition
     * @return this
     */
    public SecureAggregate where(SqlCondition condition) {
        conditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * The statement, validated and bound: one row per group (one row without a grouping), one text column, the JSON
     * of Hasura's {@code aggregate} object (with a grouping, of a {@code group_by} element).
     *
     * @return the statement
     * @throws dev.hasuraperms.check.PermissionDeniedException              without a select permission, without
     *                                                                     {@code allow_aggregations}, or when
     *                                                                     {@code query_root_fields} leave out
     *                                                                     {@code select_aggregate}
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException            for a column the role may not read
     * @throws dev.hasuraperms.enforce.AggregateNotApplicableException      for a function that does not apply
     * @throws IllegalArgumentException                                     for no aggregate, two counts, or more than
     *                                                                     {@value #MAX_FIELDS} columns of a function
     */
    public SqlStatement statement() {
        AggregatePlan plan = owner.enforcement().aggregate(table, session, aggregates, groupBy);
        String a = SqlIdentifiers.quote(alias);
        SqlStatement source = new SqlStatement.Builder().append(SqlIdentifiers.quote(table)).append(" AS ").append(a)
                .build();
        return statement(owner, session, plan, alias, source, true, conditions);
    }

    /**
     * The aggregate statement over the rows of {@code source} ({@code <table or call> AS <alias>}) under the plan's
     * select rule: also used by {@link SecureFunctionAggregate}. {@code ownRows}: the source is the table itself
     * (its select filter); otherwise rows from elsewhere, such as a function's (the filter for such rows, which has
     * no row-identity rewrite: they have no ctid; Optimizer).
     */
    static SqlStatement statement(SecureJdbc owner, SessionValues session, AggregatePlan plan, String alias,
                                  SqlStatement source, boolean ownRows, List<SqlCondition> conditions) {
        SelectRule rule = plan.rule();
        QualifiedName table = rule.table();
        String a = SqlIdentifiers.quote(alias);
        SqlStatement.Builder sql = new SqlStatement.Builder().append("SELECT ");
        if (plan.groupBy().isEmpty()) {
            aggregateObject(sql, plan, a);
        } else {
            sql.append("json_build_object(").value("group_key", TEXT).append(", json_build_object(");
            for (int i = 0; i < plan.groupBy().size(); i++) {
                String c = plan.groupBy().get(i);
                sql.append(i == 0 ? "" : ", ").value(c, TEXT).append(", ").append(a).append('.')
                        .append(SqlIdentifiers.quote(c));
            }
            sql.append("), ").value("aggregate", TEXT).append(", ");
            aggregateObject(sql, plan, a);
            sql.append(')');
        }
        sql.append("::text FROM ");
        SqlPredicate filter = ownRows
                ? owner.permissions().compiledSelectFilter(table, session.role(), Optional.of(alias)).bind(session)
                : owner.permissions().selectFilterForRows(table, alias, session);
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
                    sql.append("CASE WHEN ").predicateUnenclosed(visible.get().bind(session)).append(" THEN ").append(col)
                            .append(" ELSE NULL END AS ").append(SqlIdentifiers.quote(c));
                } else {
                    sql.append(col);
                }
            }
            sql.append(" FROM ").append(source).append(" WHERE ").predicate(filter).append(") AS ").append(a);
            for (int i = 0; i < conditions.size(); i++) {
                sql.append(i == 0 ? " WHERE " : " AND ").condition(conditions.get(i));
            }
        }
        for (int i = 0; i < plan.groupBy().size(); i++) {
            sql.append(i == 0 ? " GROUP BY " : ", ").append(a).append('.').append(SqlIdentifiers.quote(plan.groupBy().get(i)));
        }
        return sql.build();
    }

    /** {@code json_build_object('count', COUNT(...), 'sum', json_build_object('c', SUM(a.c)), ...)}. */
    private static void aggregateObject(SqlStatement.Builder sql, AggregatePlan plan, String a) {
        Map<Aggregate.Function, List<String>> byFunction = new LinkedHashMap<>();
        for (Aggregate ag : plan.aggregates()) {
            byFunction.computeIfAbsent(ag.function(), k -> new ArrayList<>());
            if (ag.function() != Aggregate.Function.COUNT) {
                byFunction.get(ag.function()).add(ag.columns().get(0));
            }
        }
        sql.append("json_build_object(");
        boolean first = true;
        for (Map.Entry<Aggregate.Function, List<String>> e : byFunction.entrySet()) {
            sql.append(first ? "" : ", ").value(e.getKey().key(), TEXT).append(", ");
            first = false;
            if (e.getKey() == Aggregate.Function.COUNT) {
                Aggregate count = plan.aggregates().stream().filter(x -> x.function() == Aggregate.Function.COUNT)
                        .findFirst().orElseThrow();
                sql.append("COUNT(");
                if (count.columns().isEmpty()) {
                    sql.append('*');
                } else {
                    // Hasura's CountType: COUNT(("c")) or COUNT(DISTINCT ("c1", "c2")).
                    sql.append(count.distinct() ? "DISTINCT (" : "(");
                    for (int i = 0; i < count.columns().size(); i++) {
                        sql.append(i == 0 ? "" : ", ").append(a).append('.').append(SqlIdentifiers.quote(count.columns().get(i)));
                    }
                    sql.append(')');
                }
                sql.append(')');
                continue;
            }
            List<String> cols = new ArrayList<>(new java.util.LinkedHashSet<>(e.getValue()));
            if (cols.size() > MAX_FIELDS) {
                throw new IllegalArgumentException("at most " + MAX_FIELDS + " columns per aggregate function, not "
                        + cols.size());
            }
            sql.append("json_build_object(");
            for (int i = 0; i < cols.size(); i++) {
                sql.append(i == 0 ? "" : ", ").value(cols.get(i), TEXT).append(", ").append(e.getKey().key()).append('(')
                        .append(a).append('.').append(SqlIdentifiers.quote(cols.get(i))).append(')');
            }
            sql.append(')');
        }
        if (byFunction.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("too many aggregate functions");
        }
        sql.append(')');
    }

    /**
     * Runs the aggregate read.
     *
     * @return Hasura's {@code <table>_aggregate} value: {@code {"aggregate": {...}}}, or with a grouping
     *         {@code {"group_by": [...]}} (groups in the database's order)
     * @throws SQLException when the database reports an error
     */
    public JsonObject fetch() throws SQLException {
        return fetch(connection, statement(), !groupBy.isEmpty());
    }

    /** Runs an aggregate statement: Hasura's {@code {"aggregate": ...}} or {@code {"group_by": [...]}}. */
    static JsonObject fetch(Connection connection, SqlStatement st, boolean grouped) throws SQLException {
        List<JsonValue> rows = new ArrayList<>();
        try (PreparedStatement ps = st.prepare(connection); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(Json.parse(rs.getString(1)));
            }
        }
        if (!grouped) {
            return JsonObject.of(Map.of("aggregate", rows.get(0)));
        }
        return JsonObject.of(Map.of("group_by", JsonArray.of(rows)));
    }
}

package dev.hasuraperms.jdbc;

import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.FunctionAggregatePlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An aggregate read over the rows of a tracked function's call ({@link SecureJdbc#functionAggregate}), Hasura's
 * {@code <function>_aggregate}: the rows {@link SecureFunction} would read (the return table's select filter,
 * redactions for inherited roles), aggregated as {@link SecureAggregate} aggregates a table's:
 *
 * <pre>
 * SELECT json_build_object(?::text, COUNT(*))::text
 * FROM "public"."search_tracks"(?::text) AS "t" WHERE (&lt;return table's select filter&gt;) AND (&lt;condition&gt;)
 * </pre>
 *
 * <p>Refused ({@code NO_PERMISSION}) when the role may not call the function, when the return table's select
 * permission has no {@code allow_aggregations}, and for a function exposed as a mutation (Hasura has no aggregate
 * field for those); the table's {@code query_root_fields} do not apply and the permission's {@code limit} does not cap
 * the rows aggregated, as in Hasura. Validation happens in the terminal operations, before any SQL. Not thread-safe.
 */
public final class SecureFunctionAggregate {

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName function;
    private String alias;
    private final Map<String, Object> arguments = new LinkedHashMap<>();
    private final List<Aggregate> aggregates = new ArrayList<>();
    private final List<String> groupBy = new ArrayList<>();
    private final List<SqlCondition> conditions = new ArrayList<>();

    SecureFunctionAggregate(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName function) {
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
    public SecureFunctionAggregate alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * An argument, as {@link SecureFunction#arg} takes it.
     *
     * @param name  the argument's name
     * @param value its value ({@code null} is SQL NULL)
     * @return this
     */
    public SecureFunctionAggregate arg(String name, Object value) {
        arguments.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /**
     * Arguments, as {@link #arg} takes them.
     *
     * @param arguments name → value
     * @return this
     */
    public SecureFunctionAggregate args(Map<String, ?> arguments) {
        arguments.forEach(this::arg);
        return this;
    }

    /**
     * Adds aggregates to compute.
     *
     * @param aggregates the aggregates
     * @return this
     */
    public SecureFunctionAggregate aggregate(Aggregate... aggregates) {
        for (Aggregate a : aggregates) {
            this.aggregates.add(Objects.requireNonNull(a, "aggregate"));
        }
        return this;
    }

    /**
     * Groups the rows by these columns of the return table; they must be readable.
     *
     * @param columns the grouping columns
     * @return this
     */
    public SecureFunctionAggregate groupBy(String... columns) {
        groupBy.addAll(Arrays.asList(columns));
        return this;
    }

    /**
     * Adds a condition on the returned rows, AND-ed with the permission's filter (a caller's {@code where}); it reads
     * the redacted values of an inherited role.
     *
     * @param condition the condition
     * @return this
     */
    public SecureFunctionAggregate where(SqlCondition condition) {
        conditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * The statement, validated and bound: one row per group (one row without a grouping), one text column, the JSON
     * of Hasura's {@code aggregate} object (with a grouping, of a {@code group_by} element).
     *
     * @return the statement
     * @throws dev.hasuraperms.enforce.FunctionNotAllowedException      when the role may not call the function, it is
     *                                                                 exposed as a mutation, or the return table's
     *                                                                 select permission has no
     *                                                                 {@code allow_aggregations}
     * @throws dev.hasuraperms.enforce.InvalidFunctionArgumentException for an argument the call cannot take
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException        for a column the role may not read
     * @throws dev.hasuraperms.enforce.AggregateNotApplicableException  for a function that does not apply
     * @throws IllegalArgumentException                                 for no aggregate, two counts, or too many columns
     */
    public SqlStatement statement() {
        SecureJdbc.checkAlias(alias);
        FunctionAggregatePlan plan = owner.enforcement().functionAggregate(function, session, arguments, aggregates,
                groupBy);
        return SecureAggregate.statement(owner, session, plan.aggregate(), alias,
                SecureFunction.source(function, plan.call(), alias), false, conditions);
    }

    /**
     * Runs the aggregate read.
     *
     * @return Hasura's {@code <function>_aggregate} value: {@code {"aggregate": {...}}}, or with a grouping
     *         {@code {"group_by": [...]}}
     * @throws SQLException when the database reports an error
     */
    public JsonObject fetch() throws SQLException {
        return SecureAggregate.fetch(connection, statement(), !groupBy.isEmpty());
    }
}

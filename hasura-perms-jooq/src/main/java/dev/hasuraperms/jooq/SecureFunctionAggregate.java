package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.FunctionAggregatePlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * An aggregate read over the rows of a tracked function's call ({@link SecureDsl#functionAggregate}), Hasura's
 * {@code <function>_aggregate}: the rows {@link SecureFunction} would read (the return table's select filter),
 * aggregated as {@link SecureAggregate} aggregates a table's, in the same JSON shape. Refused
 * ({@code NO_PERMISSION}) when the role may not call the function, when the return table's select permission has no
 * {@code allow_aggregations}, and for a function exposed as a mutation; the table's {@code query_root_fields} do not
 * apply and the permission's {@code limit} does not cap the rows aggregated, as in Hasura. A role whose permission
 * redacts cells (an inherited role) is refused with {@link UnsupportedOperationException}, as by
 * {@link SecureFunction}: use {@code SecureJdbc.functionAggregate}. Immutable: every refinement returns a new
 * builder.
 */
public final class SecureFunctionAggregate {

    private final SecureDsl secure;
    private final SessionValues session;
    private final QualifiedName function;
    private final String alias;
    private final Map<String, Object> arguments;
    private final List<Aggregate> aggregates;
    private final List<String> groupBy;
    private final Condition where;

    private SecureFunctionAggregate(SecureDsl secure, SessionValues session, QualifiedName function, String alias,
                                    Map<String, Object> arguments, List<Aggregate> aggregates, List<String> groupBy,
                                    Condition where) {
        this.secure = secure;
        this.session = session;
        this.function = function;
        this.alias = alias;
        this.arguments = arguments;
        this.aggregates = aggregates;
        this.groupBy = groupBy;
        this.where = where;
    }

    static SecureFunctionAggregate create(SecureDsl secure, SessionValues session, QualifiedName function) {
        return new SecureFunctionAggregate(secure, session, Objects.requireNonNull(function, "function"),
                function.name(), Map.of(), List.of(), List.of(), DSL.noCondition());
    }

    /**
     * The alias the returned rows go by (default: the function's unqualified name); conditions name it.
     *
     * @param alias the alias
     * @return a new builder
     * @throws IllegalArgumentException for an empty alias
     */
    public SecureFunctionAggregate as(String alias) {
        if (Objects.requireNonNull(alias, "alias").isEmpty()) {
            throw new IllegalArgumentException("an alias cannot be empty");
        }
        return new SecureFunctionAggregate(secure, session, function, alias, arguments, aggregates, groupBy, where);
    }

    /**
     * An argument, as {@link SecureFunction#arg} takes it.
     *
     * @param name  the argument's name
     * @param value its value ({@code null} is SQL NULL)
     * @return a new builder
     */
    public SecureFunctionAggregate arg(String name, Object value) {
        Map<String, Object> a = new LinkedHashMap<>(arguments);
        a.put(Objects.requireNonNull(name, "name"), value);
        return new SecureFunctionAggregate(secure, session, function, alias, Collections.unmodifiableMap(a),
                aggregates, groupBy, where);
    }

    /**
     * Adds aggregates to compute.
     *
     * @param aggregates the aggregates
     * @return a new builder
     */
    public SecureFunctionAggregate aggregate(Aggregate... aggregates) {
        List<Aggregate> a = new ArrayList<>(this.aggregates);
        for (Aggregate x : aggregates) {
            a.add(Objects.requireNonNull(x, "aggregate"));
        }
        return new SecureFunctionAggregate(secure, session, function, alias, arguments, List.copyOf(a), groupBy,
                where);
    }

    /**
     * Groups the rows by these columns of the return table; they must be readable.
     *
     * @param columns the grouping columns
     * @return a new builder
     */
    public SecureFunctionAggregate groupBy(String... columns) {
        List<String> g = new ArrayList<>(groupBy);
        g.addAll(Arrays.asList(columns));
        return new SecureFunctionAggregate(secure, session, function, alias, arguments, aggregates, List.copyOf(g),
                where);
    }

    /**
     * Adds a condition on the returned rows (fields qualified by the alias), AND-ed with the permission's filter.
     *
     * @param condition the condition
     * @return a new builder
     */
    public SecureFunctionAggregate where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new SecureFunctionAggregate(secure, session, function, alias, arguments, aggregates, groupBy,
                DSL.and(where, condition));
    }

    /**
     * The aggregate read as a jOOQ query, not run, validated now: one row per group, one text column, the JSON of
     * Hasura's {@code aggregate} object (with a grouping, of a {@code group_by} element).
     *
     * @return the query
     * @throws dev.hasuraperms.enforce.FunctionNotAllowedException      when the role may not call the function, it is
     *                                                                 exposed as a mutation, or the return table's
     *                                                                 select permission has no
     *                                                                 {@code allow_aggregations}
     * @throws dev.hasuraperms.enforce.InvalidFunctionArgumentException for an argument the call cannot take
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException        for a column the role may not read
     * @throws dev.hasuraperms.enforce.AggregateNotApplicableException  for a function that does not apply
     * @throws UnsupportedOperationException                           when the permission redacts cells
     */
    public Select<Record1<String>> query() {
        FunctionAggregatePlan plan = secure.enforcement().functionAggregate(function, session, arguments, aggregates,
                groupBy);
        if (!plan.aggregate().rule().redactions().isEmpty()) {
            throw new UnsupportedOperationException("the select permission of role " + session.role() + " on "
                    + plan.aggregate().rule().table() + " redacts cells (an inherited role), which"
                    + " SecureDsl.functionAggregate does not apply; use SecureJdbc.functionAggregate");
        }
        Name name = DSL.quotedName(alias);
        Table<?> rows = SecureFunction.call(function, plan.call(), name);
        Map<String, Field<?>> columns = new LinkedHashMap<>();
        for (String c : plan.aggregate().types().keySet()) {
            columns.put(c, DSL.field(name.append(DSL.quotedName(c))));
        }
        Field<?> aggregate = SecureAggregate.aggregateObject(plan.aggregate(), columns);
        Field<?> json = aggregate;
        List<Field<?>> groups = new ArrayList<>();
        if (!plan.aggregate().groupBy().isEmpty()) {
            List<QueryPart> key = new ArrayList<>();
            for (String c : plan.aggregate().groupBy()) {
                key.add(DSL.inline(c));
                key.add(columns.get(c));
                groups.add(columns.get(c));
            }
            json = SecureAggregate.jsonObject(List.of(DSL.inline("group_key"), SecureAggregate.jsonObject(key),
                    DSL.inline("aggregate"), aggregate));
        }
        Condition condition = DSL.and(secure.permissions().selectCondition(plan.aggregate().rule().table(), rows,
                session), where);
        Field<String> text = DSL.field("({0})::text", String.class, json);
        return secure.marked().select(text).from(rows).where(condition).groupBy(groups);
    }

    /**
     * Runs the aggregate read.
     *
     * @return Hasura's {@code <function>_aggregate} value: {@code {"aggregate": {...}}}, or with a grouping
     *         {@code {"group_by": [...]}}
     */
    public JsonObject fetch() {
        List<JsonValue> rows = new ArrayList<>();
        for (Record r : query().fetch()) {
            rows.add(Json.parse((String) r.get(0)));
        }
        if (groupBy.isEmpty()) {
            return JsonObject.of(Map.of("aggregate", rows.get(0)));
        }
        return JsonObject.of(Map.of("group_by", JsonArray.of(rows)));
    }
}

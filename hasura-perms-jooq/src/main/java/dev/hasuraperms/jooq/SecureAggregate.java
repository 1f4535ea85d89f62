package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.AggregatePlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * An enforced aggregate read, built by {@link SecureDsl#aggregate}: Hasura's {@code <table>_aggregate} over the rows of
 * the table that the session's role may read (the select permission's filter AND the caller's conditions), refused
 * without {@code allow_aggregations} or when the permission's {@code query_root_fields} leave out
 * {@code select_aggregate} ({@code NO_PERMISSION}), for a column the role may not read ({@code COLUMN_NOT_ALLOWED}) and
 * for a function that does not apply to its column ({@code AGGREGATE_NOT_APPLICABLE}). The permission's {@code limit}
 * does not cap aggregates (as in Hasura).
 *
 * <pre>{@code
 * JsonObject r = secure.aggregate(session, EMPLOYEE)
 *         .aggregate(Aggregate.count(), Aggregate.of(Aggregate.Function.SUM, "salary"))
 *         .where(EMPLOYEE.TEAM_ID.eq(3))
 *         .fetch();                        // {"aggregate": {"count": 2, "sum": {"salary": 10000}}}
 * }</pre>
 *
 * <p>The SQL, as Hasura's and {@code SecureAggregate}'s (JDBC): {@code select json_build_object('count',
 * count(*), 'sum', json_build_object('salary', sum(e.salary)))::text from <table> where (<select filter>) and
 * (<caller's condition>) [group by ...]}; for an inherited role that redacts cells, from the derived table of
 * {@link SecureSelect} (the aggregates and the caller's condition read the redacted values). Immutable.
 */
public final class SecureAggregate {

    /** The most columns of one aggregate function (PostgreSQL's json_build_object takes at most 100 arguments). */
    public static final int MAX_FIELDS = 50;

    private final SecureDsl secure;
    private final SessionValues session;
    private final TableRef table;
    private final List<Aggregate> aggregates;
    private final List<String> groupBy;
    private final Condition where;

    private SecureAggregate(SecureDsl secure, SessionValues session, TableRef table, List<Aggregate> aggregates,
                            List<String> groupBy, Condition where) {
        this.secure = secure;
        this.session = session;
        this.table = table;
        this.aggregates = aggregates;
        this.groupBy = groupBy;
        this.where = where;
    }

    static SecureAggregate create(SecureDsl secure, SessionValues session, TableRef table) {
        return new SecureAggregate(secure, session, table, List.of(), List.of(), DSL.noCondition());
    }

    /**
     * Adds aggregates to compute.
     *
     * @param aggregates the aggregates
     * @return a new builder
     */
    public SecureAggregate aggregate(Aggregate... aggregates) {
        List<Aggregate> a = new ArrayList<>(this.aggregates);
        for (Aggregate x : aggregates) {
            a.add(Objects.requireNonNull(x, "aggregate"));
        }
        return new SecureAggregate(secure, session, table, List.copyOf(a), groupBy, where);
    }

    /**
     * Groups the rows by these columns (Hasura's {@code group_by(keys: [{column: ...}])}); they must be readable.
     *
     * @param columns the column names
     * @return a new builder
     */
    public SecureAggregate groupBy(String... columns) {
        List<String> g = new ArrayList<>(groupBy);
        g.addAll(Arrays.asList(columns));
        return new SecureAggregate(secure, session, table, aggregates, List.copyOf(g), where);
    }

    /**
     * Adds a condition of the caller (ANDed with earlier ones and with the permission's filter), e.g. a client's
     * {@code where} from {@link JooqPermissions#callerCondition}; it reads the redacted values of an inherited role.
     *
     * @param condition the condition
     * @return a new builder
     */
    public SecureAggregate where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new SecureAggregate(secure, session, table, aggregates, groupBy, DSL.and(where, condition));
    }

    /**
     * The aggregate read as a jOOQ query, validated (refusals are thrown here), not run: one row per group (one
     * without a grouping), one text column with the JSON of the {@code aggregate} object (with a grouping, of a
     * {@code group_by} element).
     *
     * @return the query
     * @throws dev.hasuraperms.check.PermissionDeniedException         see the class documentation
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException       for a column the role may not read
     * @throws dev.hasuraperms.enforce.AggregateNotApplicableException for a function that does not apply
     */
    public Select<Record1<String>> query() {
        AggregatePlan plan = secure.enforcement().aggregate(table.name(), session, aggregates, groupBy);
        Table<?> rows;
        Condition condition;
        Map<String, Field<?>> columns = new LinkedHashMap<>();
        List<String> named = new ArrayList<>(plan.types().keySet());
        if (plan.rule().redactions().isEmpty()) {
            rows = table.table();
            condition = DSL.and(secure.permissions().selectCondition(table.table(), session), where);
            for (String c : named) {
                columns.put(c, table.column(c, secure.checked().schema()));
            }
        } else {
            Name alias = table.table().getUnqualifiedName();
            List<String> all = secure.checked().schema().table(table.name())
                    .map(t -> t.columns().stream().map(dev.hasuraperms.schema.Column::name).toList())
                    .orElse(plan.rule().columns());
            List<Field<?>> inner = new ArrayList<>();
            for (String c : all) {
                Field<?> col = table.column(c, secure.checked().schema());
                inner.add(!plan.rule().redactions().containsKey(c) ? col
                        : secure.permissions().redactionCondition(table.table(), c, session)
                                .<Field<?>>map(visible -> DSL.when(visible, col).as(DSL.quotedName(c))).orElse(col));
            }
            rows = DSL.select(inner).from(table.table())
                    .where(secure.permissions().selectCondition(table.table(), session)).asTable(alias);
            condition = table.aliased() ? where : RerootedCondition.of(where, table.name(), alias);
            for (String c : named) {
                columns.put(c, DSL.field(alias.append(DSL.quotedName(c))));
            }
        }
        Field<?> aggregate = aggregateObject(plan, columns);
        Field<?> json;
        List<Field<?>> groups = new ArrayList<>();
        if (plan.groupBy().isEmpty()) {
            json = aggregate;
        } else {
            List<QueryPart> key = new ArrayList<>();
            for (String c : plan.groupBy()) {
                key.add(DSL.inline(c));
                key.add(columns.get(c));
                groups.add(columns.get(c));
            }
            json = jsonObject(List.of(DSL.inline("group_key"), jsonObject(key), DSL.inline("aggregate"), aggregate));
        }
        Field<String> text = DSL.field("({0})::text", String.class, json);
        return secure.marked().select(text).from(rows).where(condition).groupBy(groups);
    }

    static Field<Object> jsonObject(List<? extends QueryPart> args) {
        return DSL.field("json_build_object({0})", Object.class, DSL.list(args.toArray(QueryPart[]::new)));
    }

    static Field<?> aggregateObject(AggregatePlan plan, Map<String, Field<?>> columns) {
        Map<Aggregate.Function, LinkedHashSet<String>> byFunction = new LinkedHashMap<>();
        for (Aggregate a : plan.aggregates()) {
            byFunction.computeIfAbsent(a.function(), k -> new LinkedHashSet<>());
            if (a.function() != Aggregate.Function.COUNT) {
                byFunction.get(a.function()).add(a.columns().get(0));
            }
        }
        List<QueryPart> args = new ArrayList<>();
        for (Map.Entry<Aggregate.Function, LinkedHashSet<String>> e : byFunction.entrySet()) {
            args.add(DSL.inline(e.getKey().key()));
            if (e.getKey() == Aggregate.Function.COUNT) {
                Aggregate count = plan.aggregates().stream().filter(x -> x.function() == Aggregate.Function.COUNT)
                        .findFirst().orElseThrow();
                if (count.columns().isEmpty()) {
                    args.add(DSL.field("count(*)", Long.class));
                } else {
                    List<Field<?>> cols = count.columns().stream().<Field<?>>map(columns::get).toList();
                    // Hasura's CountType: count((c)) or count(distinct (c1, c2)).
                    args.add(DSL.field(count.distinct() ? "count(distinct ({0}))" : "count(({0}))", Long.class,
                            DSL.list(cols.toArray(Field<?>[]::new))));
                }
                continue;
            }
            if (e.getValue().size() > MAX_FIELDS) {
                throw new IllegalArgumentException("at most " + MAX_FIELDS + " columns per aggregate function, not "
                        + e.getValue().size());
            }
            List<QueryPart> inner = new ArrayList<>();
            for (String c : e.getValue()) {
                inner.add(DSL.inline(c));
                inner.add(DSL.field(e.getKey().key() + "({0})", Object.class, columns.get(c)));
            }
            args.add(jsonObject(inner));
        }
        return jsonObject(args);
    }

    /**
     * Runs the aggregate read.
     *
     * @return Hasura's {@code <table>_aggregate} value: {@code {"aggregate": {...}}}, or with a grouping
     *         {@code {"group_by": [...]}} (groups in the database's order)
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

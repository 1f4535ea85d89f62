package dev.hasuraperms.eval;

import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.AggregatePlan;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.TypeCategory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Aggregate reads ({@link dev.hasuraperms.enforce.Enforcement#aggregate}) computed in memory over a table's rows, as
 * the backends compute them in PostgreSQL: the rows where the select filter is TRUE, each redacted column (inherited
 * roles) NULL where its condition is not TRUE, then the rows where the caller's filter (read on the redacted values)
 * is TRUE, then the aggregates with PostgreSQL's rules (NULLs skipped, NULL over no value, count 0; numeric
 * result scales, float accumulation). The result has Hasura's shape: {@code {"aggregate": {...}}}, or with a grouping
 * {@code {"group_by": [{"group_key": {...}, "aggregate": {...}}, ...]}} (groups in the order first met).
 *
 * <p>Refused with {@link UnsupportedInMemoryException}: a filter the evaluator cannot evaluate, {@code min}/{@code max}
 * of a type other than numbers, strings and enums (their JSON text is PostgreSQL's), sums of money, a distinct count
 * of several columns, values NaN or infinite in a numeric sum.
 */
public final class InMemoryAggregates {

    private InMemoryAggregates() {
    }

    /**
     * Computes {@code plan} over {@code rows}.
     *
     * @param evaluator the evaluator (with the relations the filters read)
     * @param plan      the validated aggregate read
     * @param rows      every row of the table (column name to value)
     * @param where     the caller's filter (from {@link dev.hasuraperms.check.CallerFilters#compile}), if any
     * @param session   the session values the filters read
     * @return Hasura's {@code <table>_aggregate} value
     * @throws UnsupportedInMemoryException when something cannot be computed exactly in memory
     * @throws EvaluationException          when a value is invalid or PostgreSQL would raise an error
     */
    public static JsonObject aggregate(Evaluator evaluator, AggregatePlan plan, List<? extends Map<String, ?>> rows,
                                       Optional<Predicate> where, SessionValueSource session) {
        Objects.requireNonNull(evaluator, "evaluator");
        for (Aggregate a : plan.aggregates()) {
            supported(a, plan);
        }
        evaluator.checkSupported(plan.rule().filter());
        plan.rule().redactions().values().forEach(evaluator::checkSupported);
        where.ifPresent(evaluator::checkSupported);
        List<Map<String, Object>> visible = new ArrayList<>();
        for (Map<String, ?> r : rows) {
            Row row = Row.of(r);
            if (evaluator.evaluate(plan.rule().filter(), plan.rule().table(), row, session).result() != TriBool.TRUE) {
                continue;
            }
            Map<String, Object> redacted = new LinkedHashMap<>(r);
            for (Map.Entry<String, Predicate> e : plan.rule().redactions().entrySet()) {
                if (evaluator.evaluate(e.getValue(), plan.rule().table(), row, session).result() != TriBool.TRUE) {
                    redacted.put(e.getKey(), SqlNull.INSTANCE);
                }
            }
            if (where.isPresent() && evaluator.evaluate(where.get(), plan.rule().table(), Row.of(redacted), session)
                    .result() != TriBool.TRUE) {
                continue;
            }
            visible.add(redacted);
        }
        if (plan.groupBy().isEmpty()) {
            return JsonObject.of(Map.of("aggregate", aggregates(plan, visible)));
        }
        // Groups: rows with equal keys (NULLs equal, as GROUP BY), in the order first met.
        List<Object[]> keys = new ArrayList<>();
        List<List<Map<String, Object>>> groups = new ArrayList<>();
        for (Map<String, Object> r : visible) {
            Object[] key = new Object[plan.groupBy().size()];
            for (int i = 0; i < key.length; i++) {
                String c = plan.groupBy().get(i);
                key[i] = Values.normalise(r.get(c), plan.types().get(c), "column " + c);
            }
            int found = -1;
            for (int g = 0; g < keys.size() && found < 0; g++) {
                if (sameKey(keys.get(g), key, plan)) {
                    found = g;
                }
            }
            if (found < 0) {
                keys.add(key);
                groups.add(new ArrayList<>());
                found = keys.size() - 1;
            }
            groups.get(found).add(r);
        }
        List<JsonValue> out = new ArrayList<>();
        for (int g = 0; g < keys.size(); g++) {
            Map<String, JsonValue> key = new LinkedHashMap<>();
            for (int i = 0; i < plan.groupBy().size(); i++) {
                String c = plan.groupBy().get(i);
                key.put(c, json(keys.get(g)[i], plan.types().get(c)));
            }
            Map<String, JsonValue> group = new LinkedHashMap<>();
            group.put("group_key", JsonObject.of(key));
            group.put("aggregate", aggregates(plan, groups.get(g)));
            out.add(JsonObject.of(group));
        }
        return JsonObject.of(Map.of("group_by", JsonArray.of(out)));
    }

    private static boolean sameKey(Object[] a, Object[] b, AggregatePlan plan) {
        for (int i = 0; i < a.length; i++) {
            boolean na = a[i] == SqlNull.INSTANCE;
            boolean nb = b[i] == SqlNull.INSTANCE;
            if (na || nb) {
                if (na != nb) {
                    return false;
                }
                continue;
            }
            PgType t = plan.types().get(plan.groupBy().get(i));
            if (Values.compare(a[i], t, b[i], t) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void supported(Aggregate a, AggregatePlan plan) {
        if (a.function() == Aggregate.Function.COUNT) {
            if (a.columns().size() > 1 && a.distinct()) {
                throw new UnsupportedInMemoryException("a distinct count of several columns (row values)");
            }
            for (String c : a.columns()) {
                PgType t = plan.types().get(c);
                if (a.distinct() && !Values.comparable(t)) {
                    throw new UnsupportedInMemoryException("a distinct count of type " + t.displayName());
                }
            }
            return;
        }
        PgType t = plan.types().get(a.columns().get(0));
        TypeCategory c = t.category();
        boolean ok = a.function().numeric() ? c.isNumeric()
                : c.isNumeric() || c == TypeCategory.STRING || c == TypeCategory.ENUM;
        if (!ok) {
            throw new UnsupportedInMemoryException(a.function().key() + " of type " + t.displayName());
        }
        for (String col : plan.groupBy()) {
            if (!Values.comparable(plan.types().get(col))) {
                throw new UnsupportedInMemoryException("grouping by type " + plan.types().get(col).displayName());
            }
        }
    }

    /** Hasura's {@code aggregate} object of {@code rows}: count first met, each function's columns in request order. */
    private static JsonObject aggregates(AggregatePlan plan, List<Map<String, Object>> rows) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        Map<String, Map<String, JsonValue>> byFunction = new LinkedHashMap<>();
        for (Aggregate a : plan.aggregates()) {
            if (a.function() == Aggregate.Function.COUNT) {
                out.put("count", JsonNumber.of(count(a, plan, rows)));
                continue;
            }
            String c = a.columns().get(0);
            PgType t = plan.types().get(c);
            List<Object[]> values = new ArrayList<>(rows.size());
            for (Map<String, Object> r : rows) {
                values.add(new Object[] {Values.normalise(r.get(c), t, "column " + c)});
            }
            Object v = Aggregates.compute(a.function().key(), List.of(t), values, false);
            Map<String, JsonValue> fn = byFunction.computeIfAbsent(a.function().key(), k -> {
                Map<String, JsonValue> m = new LinkedHashMap<>();
                out.put(k, null);
                return m;
            });
            fn.put(c, json(v, t));
        }
        byFunction.forEach((k, m) -> out.put(k, JsonObject.of(m)));
        return JsonObject.of(out);
    }

    private static long count(Aggregate a, AggregatePlan plan, List<Map<String, Object>> rows) {
        if (a.columns().isEmpty() || a.columns().size() > 1) {
            // COUNT(*), or COUNT((c1, c2, ...)): a row value is never NULL, so every row counts.
            return rows.size();
        }
        String c = a.columns().get(0);
        PgType t = plan.types().get(c);
        List<Object[]> values = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) {
            values.add(new Object[] {Values.normalise(r.get(c), t, "column " + c)});
        }
        return (Long) Aggregates.compute("count", List.of(t), values, a.distinct());
    }

    /** A result as PostgreSQL's {@code json_build_object} writes it. */
    private static JsonValue json(Object v, PgType t) {
        if (v == SqlNull.INSTANCE || v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? JsonString.of(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity")
                    : JsonNumber.of(new BigDecimal(Double.toString(d)));
        }
        if (v instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? JsonString.of(f.isNaN() ? "NaN" : f > 0 ? "Infinity" : "-Infinity")
                    : JsonNumber.of(new BigDecimal(Float.toString(f)));
        }
        if (v instanceof BigDecimal b) {
            return JsonNumber.of(b);
        }
        if (v instanceof Number n) {
            return JsonNumber.of(Values.toBigDecimal(n));
        }
        if (v instanceof Boolean b) {
            return dev.hasuraperms.json.JsonBoolean.of(b);
        }
        if (v instanceof String s) {
            return JsonString.of(s);
        }
        if (t.category() == TypeCategory.STRING || t.category() == TypeCategory.ENUM) {
            return JsonString.of(v.toString());
        }
        throw new UnsupportedInMemoryException("the JSON of a value of type " + t.displayName());
    }
}

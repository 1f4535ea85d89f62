package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.enforce.JdbcRelations;
import dev.hasuraperms.eval.Evaluator;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.eval.SessionValueSource;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * One select run four ways on the database — {@link SecureJdbc} with the default alias and with an alias,
 * {@link SecureDsl} with an aliased and with an unaliased table — and once by the in-memory evaluator over the
 * table's rows as they are (the select filter, then each redacted cell's condition, then the caller's filter compiled
 * by {@link CallerFilters} as a GraphQL client's {@code where}, then the ordering on the redacted values and the
 * limit). {@link #rows} asserts that all five agree and returns the rows.
 */
final class ThreeWaySelect {

    /** A comparison of the caller: {@code op} is {@code _eq}, {@code _neq}, {@code _gt}, {@code _lt} or {@code _is_null}. */
    record Cond(String column, String op, Object value) {
    }

    record Sort(String column, boolean desc) {
    }

    /** A select request, the same for every path. */
    record Query(Session session, QualifiedName table, List<String> columns, List<Cond> where, List<Sort> order,
                 OptionalInt limit) {

        static Query of(Session session, QualifiedName table) {
            return new Query(session, table, List.of(), List.of(), List.of(), OptionalInt.empty());
        }

        Query columns(String... columns) {
            return new Query(session, table, List.of(columns), where, order, limit);
        }

        Query where(String column, String op, Object value) {
            List<Cond> w = new ArrayList<>(where);
            w.add(new Cond(column, op, value));
            return new Query(session, table, columns, List.copyOf(w), order, limit);
        }

        Query asc(String column) {
            return sort(column, false);
        }

        Query desc(String column) {
            return sort(column, true);
        }

        private Query sort(String column, boolean desc) {
            List<Sort> o = new ArrayList<>(order);
            o.add(new Sort(column, desc));
            return new Query(session, table, columns, where, List.copyOf(o), limit);
        }

        Query limit(int n) {
            return new Query(session, table, columns, where, order, OptionalInt.of(n));
        }
    }

    private final TestDatabase db;
    private final CheckedPermissions checked;
    private final SecureJdbc jdbc;
    private final SecureDsl jooq;

    ThreeWaySelect(TestDatabase db, CheckedPermissions checked) {
        this.db = db;
        this.checked = checked;
        this.jdbc = SecureJdbc.of(checked);
        this.jooq = SecureDsl.of(DSL.using(db.dataSource(), SQLDialect.POSTGRES), JooqPermissions.of(checked));
    }

    SecureJdbc jdbc() {
        return jdbc;
    }

    SecureDsl jooq() {
        return jooq;
    }

    /** The rows, after asserting that both backends (two ways each) and the evaluator agree. */
    List<Map<String, Object>> rows(Query q) throws SQLException {
        List<Map<String, Object>> expected = evaluator(q);
        agree("SecureJdbc, default alias", q, jdbc(q, null), expected);
        agree("SecureJdbc, alias t", q, jdbc(q, "t"), expected);
        agree("SecureDsl, aliased table", q, jooq(q, true), expected);
        agree("SecureDsl, unaliased table", q, jooq(q, false), expected);
        if (!q.where().isEmpty()) {
            // The same where as a GraphQL client's, compiled by each backend's caller filter (CallerFilters).
            agree("SecureJdbc callerFilter, default alias", q, jdbc(q, null, true), expected);
            agree("SecureJdbc callerFilter, alias t", q, jdbc(q, "t", true), expected);
            agree("SecureDsl callerCondition, aliased table", q, jooq(q, true, true), expected);
            agree("SecureDsl callerCondition, unaliased table", q, jooq(q, false, true), expected);
        }
        return expected;
    }

    private static void agree(String path, Query q, List<Map<String, Object>> actual, List<Map<String, Object>> expected) {
        if (q.order().isEmpty()) {
            assertThat(actual).as("%s (vs the evaluator): %s", path, q).containsExactlyInAnyOrderElementsOf(expected);
        } else {
            assertThat(actual).as("%s (vs the evaluator): %s", path, q).isEqualTo(expected);
        }
    }

    /** The values of {@code column} in the rows, in order. */
    List<Object> column(Query q, String column) throws SQLException {
        return rows(q).stream().map(r -> r.get(column)).toList();
    }

    // ----------------------------------------------------------------------------------------------------- JDBC

    List<Map<String, Object>> jdbc(Query q, String alias) throws SQLException {
        return jdbc(q, alias, false);
    }

    /** {@code callerWhere}: the where as a client's JSON through {@code JdbcPermissions.callerFilter}. */
    List<Map<String, Object>> jdbc(Query q, String alias, boolean callerWhere) throws SQLException {
        try (Connection c = db.connection()) {
            dev.hasuraperms.jdbc.SecureSelect s = jdbc.select(c, q.session(), q.table());
            String a = alias == null ? q.table().name() : alias;
            if (alias != null) {
                s.alias(alias);
            }
            s.columns(q.columns());
            if (callerWhere) {
                s.where(jdbc.permissions().callerFilter(q.table(), a, q.session(),
                        Json.parse(whereJson(q.where()))));
            }
            for (Cond w : callerWhere ? List.<Cond>of() : q.where()) {
                String col = quote(a) + "." + quote(w.column());
                s.where(switch (w.op()) {
                    case "_eq" -> SqlCondition.of(col + " = ?", w.value());
                    case "_neq" -> SqlCondition.of(col + " <> ?", w.value());
                    case "_gt" -> SqlCondition.of(col + " > ?", w.value());
                    case "_lt" -> SqlCondition.of(col + " < ?", w.value());
                    case "_is_null" -> SqlCondition.of(col + (Boolean.TRUE.equals(w.value()) ? " IS NULL" : " IS NOT NULL"));
                    default -> throw new IllegalArgumentException(w.op());
                });
            }
            for (Sort o : q.order()) {
                s.orderBy(o.desc() ? OrderBy.desc(o.column()) : OrderBy.asc(o.column()));
            }
            q.limit().ifPresent(s::limit);
            return normalize(s.fetchMaps());
        }
    }

    // ----------------------------------------------------------------------------------------------------- jOOQ

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> jooq(Query q, boolean aliased) {
        return jooq(q, aliased, false);
    }

    /** {@code callerWhere}: the where as a client's JSON through {@code JooqPermissions.callerCondition}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> jooq(Query q, boolean aliased, boolean callerWhere) {
        Table<?> base = DSL.table(DSL.name(q.table().schema(), q.table().name()));
        Table<?> t = aliased ? base.as("t") : base;
        java.util.function.Function<String, org.jooq.Name> col = c -> aliased ? DSL.name("t", c)
                : DSL.name(q.table().schema(), q.table().name(), c);
        SecureSelect s = jooq.select(q.session(), t);
        if (!q.columns().isEmpty()) {
            s = s.fields(q.columns().stream().<Field<?>>map(c -> DSL.field(col.apply(c))).toList());
        }
        if (callerWhere) {
            s = s.where(jooq.permissions().callerCondition(t, q.session(),
                    Json.parse(whereJson(q.where()))));
        }
        for (Cond w : callerWhere ? List.<Cond>of() : q.where()) {
            // An unaliased table's columns are named unqualified in the caller's condition (see SecureSelect).
            org.jooq.Name n = aliased ? col.apply(w.column()) : DSL.name(w.column());
            Field<Object> f = w.value() == null || w.op().equals("_is_null") ? DSL.field(n)
                    : (Field<Object>) DSL.field(n, w.value().getClass());
            Condition c = switch (w.op()) {
                case "_eq" -> f.eq(w.value());
                case "_neq" -> f.ne(w.value());
                case "_gt" -> f.gt(w.value());
                case "_lt" -> f.lt(w.value());
                case "_is_null" -> Boolean.TRUE.equals(w.value()) ? f.isNull() : f.isNotNull();
                default -> throw new IllegalArgumentException(w.op());
            };
            s = s.where(c);
        }
        List<OrderField<?>> order = new ArrayList<>();
        for (Sort o : q.order()) {
            Field<Object> f = DSL.field(col.apply(o.column()));
            order.add(o.desc() ? f.desc() : f.asc());
        }
        if (!order.isEmpty()) {
            s = s.orderBy(order.toArray(new OrderField<?>[0]));
        }
        if (q.limit().isPresent()) {
            s = s.limit(q.limit().getAsInt());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Record r : s.fetch()) {
            out.add(r.intoMap());
        }
        return normalize(out);
    }

    // ------------------------------------------------------------------------------------------------ evaluator

    List<Map<String, Object>> evaluator(Query q) throws SQLException {
        SelectRule rule = checked.select(q.table(), q.session().role()).orElseThrow();
        List<String> columns = q.columns().isEmpty() ? rule.columns() : q.columns();
        Predicate where = q.where().isEmpty() ? null
                : CallerFilters.compile(checked, q.table(), q.session().role(), Json.parse(whereJson(q.where())));
        SessionValueSource session = SessionValueSource.of(q.session(), checked.schema().serverMajorVersion());
        List<Map<String, Object>> visible = new ArrayList<>();
        try (Connection c = db.connection()) {
            Evaluator ev = Evaluator.builder().relations(new JdbcRelations(c, checked.schema())).build();
            for (Map<String, Object> raw : db.query("SELECT * FROM " + quote(q.table().schema()) + "."
                    + quote(q.table().name()))) {
                Row row = Row.of(raw);
                if (ev.evaluate(rule.filter(), q.table(), row, session).result() != TriBool.TRUE) {
                    continue;
                }
                if (where != null && ev.evaluate(where, q.table(), row, session).result() != TriBool.TRUE) {
                    continue;
                }
                Map<String, Object> cells = new LinkedHashMap<>();
                for (String col : rule.columns()) {
                    Predicate visibleIf = rule.redactions().get(col);
                    boolean shown = visibleIf == null
                            || ev.evaluate(visibleIf, q.table(), row, session).result() == TriBool.TRUE;
                    cells.put(col, shown ? raw.get(col) : null);
                }
                visible.add(cells);
            }
        }
        Comparator<Map<String, Object>> order = (a, b) -> 0;
        for (Sort o : q.order()) {
            Comparator<Map<String, Object>> one = (a, b) -> compare(a.get(o.column()), b.get(o.column()), o.desc());
            order = order.thenComparing(one);
        }
        visible.sort(order);
        int limit = Integer.MAX_VALUE;
        if (q.limit().isPresent()) {
            limit = q.limit().getAsInt();
        }
        if (rule.limit().isPresent()) {
            limit = Math.min(limit, rule.limit().get());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> cells : visible.subList(0, Math.min(limit, visible.size()))) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (String col : columns) {
                r.put(col, cells.get(col));
            }
            out.add(r);
        }
        return normalize(out);
    }

    /** PostgreSQL's default: NULLS LAST ascending, NULLS FIRST descending. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b, boolean desc) {
        if (a == null || b == null) {
            int n = a == null ? (b == null ? 0 : 1) : -1;
            return desc ? -n : n;
        }
        int c = ((Comparable) a).compareTo(b);
        return desc ? -c : c;
    }

    private static String whereJson(List<Cond> where) {
        List<String> parts = new ArrayList<>();
        for (Cond w : where) {
            Object v = w.value();
            String value = v instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : String.valueOf(v);
            parts.add("{\"" + w.column() + "\": {\"" + w.op() + "\": " + value + "}}");
        }
        return "{\"_and\": [" + String.join(", ", parts) + "]}";
    }

    private static List<Map<String, Object>> normalize(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            r.forEach((k, v) -> m.put(k, v instanceof Number n && !(v instanceof java.math.BigDecimal) ? (Object) n.longValue() : v));
            out.add(m);
        }
        return out;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}

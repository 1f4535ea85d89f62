package dev.hasuraperms.testkit;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.DeletePlan;
import dev.hasuraperms.enforce.InsertPlan;
import dev.hasuraperms.enforce.SelectPlan;
import dev.hasuraperms.enforce.UpdatePlan;
import dev.hasuraperms.eval.Evaluation;
import dev.hasuraperms.eval.RelationResolver;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.types.SqlNull;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Answers over fixture rows with the in-memory evaluator; requests validated by {@code Enforcement}. */
final class InMemoryBackend extends Backend {

    private final Map<QualifiedName, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    private final RelationResolver relations;

    InMemoryBackend(CheckedPermissions checked, Coverage coverage, FixtureRows fixtures) {
        super(checked, coverage);
        Map<QualifiedName, List<Row>> resolverRows = new HashMap<>();
        for (Table t : checked.schema().tables()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Map<String, ?> r : fixtures.rows(t.name())) {
                list.add(Rows.complete(t, Map.of(), Rows.canonical(t, r)));
            }
            rows.put(t.name(), List.copyOf(list));
            resolverRows.put(t.name(), list.stream().map(Row::of).toList());
        }
        for (QualifiedName n : fixtures.tables()) {
            Rows.table(checked, n);
        }
        this.relations = RelationResolver.of(resolverRows);
    }

    @Override
    String mode() {
        return "in-memory";
    }

    @Override
    List<Map<String, Object>> rows(QualifiedName table) {
        Rows.table(checked, table);
        return rows.getOrDefault(table, List.of());
    }

    /** The given values over the fixture row with the same key (if any), other columns NULL. */
    Map<String, Object> complete(Table t, Map<String, ?> given) {
        Map<String, Object> g = Rows.canonical(t, given);
        Map<String, Object> base = Map.of();
        if (Rows.hasKey(t, g)) {
            Map<String, Object> key = Rows.key(t, g);
            for (Map<String, Object> r : rows.getOrDefault(t.name(), List.of())) {
                if (Rows.key(t, r).equals(key)) {
                    base = r;
                    break;
                }
            }
        }
        return Rows.complete(t, base, g);
    }

    @Override
    Verdict select(Session s, QualifiedName table, Map<String, ?> given) {
        Table t = Rows.table(checked, table);
        try {
            SelectPlan plan = enforcement.select(table, s, List.of(), OptionalInt.empty());
            requireSession(s, table, Operation.SELECT);
            Map<String, Object> row = complete(t, given);
            return record(filter(s, table, Operation.SELECT, "filter", plan.rule().filter(), row, "select filter"));
        } catch (HasuraPermsException e) {
            return record(refuse(s, table, Operation.SELECT, e));
        }
    }

    private Verdict filter(Session s, QualifiedName table, Operation op, String which,
                           dev.hasuraperms.ir.Predicate p, Map<String, Object> row, String label) {
        Optional<Evaluation> e = evaluate(s, table, op, which, p, row, relations);
        Evaluation ev = e.orElseThrow(() -> new dev.hasuraperms.eval.UnsupportedInMemoryException(
                "the " + label + " of role " + s.role() + " on " + table + " cannot be evaluated in memory: use database mode"));
        return ev.accepted()
                ? Verdict.allow(s.role(), table, op, filterReason(label, ev.result()), Optional.of(ev.explanation()))
                : Verdict.deny(s.role(), table, op, filterReason(label, ev.result()), Optional.of(ev.explanation()));
    }

    private Verdict check(Session s, QualifiedName table, Operation op, dev.hasuraperms.ir.Predicate p,
                          Map<String, Object> row, String label) {
        Optional<Evaluation> e = evaluate(s, table, op, "check", p, row, relations);
        Evaluation ev = e.orElseThrow(() -> new dev.hasuraperms.eval.UnsupportedInMemoryException(
                "the " + label + " of role " + s.role() + " on " + table + " cannot be evaluated in memory: use database mode"));
        // A row fails a check only where it is FALSE (Hasura: coalesce(bool_and(check), true)).
        boolean ok = ev.result() != TriBool.FALSE;
        String reason = "the " + label + " is " + ev.result() + " for the row as written" + (ok ? "" : "");
        return ok ? Verdict.allow(s.role(), table, op, reason, Optional.of(ev.explanation()))
                : Verdict.deny(s.role(), table, op, reason, Optional.of(ev.explanation()));
    }

    /**
     * As the database would: a NOT NULL column written NULL (explicitly, or by omission when it has no default) is an
     * error, not a denial. A column with a default is NULL in memory and not checked; for an update only the columns
     * set are.
     */
    private static void notNull(Table t, Map<String, Object> row, java.util.Set<String> written, boolean onlyWritten) {
        for (dev.hasuraperms.schema.Column c : t.columns()) {
            boolean omitted = !written.contains(c.name());
            if (onlyWritten && omitted) {
                continue;
            }
            if (!c.nullable() && row.get(c.name()) == SqlNull.INSTANCE && !(omitted && c.hasDefault())) {
                throw new IllegalStateException("in memory: the row would violate the NOT NULL constraint of column "
                        + c.name() + " of " + t.name() + " (the database would refuse the write)");
            }
        }
    }

    @Override
    List<Map<String, Object>> read(Session s, QualifiedName table, List<String> fields,
                                   Map<String, ? extends Map<String, ?>> arguments) {
        Rows.table(checked, table);
        java.util.Optional<SelectRule> rule = checked.select(table, s.role());
        if (rule.isEmpty()) {
            return List.of();
        }
        for (String f : enforcement.readable(rule.get(), fields)) {
            if (enforcement.computedField(rule.get(), f).isPresent()) {
                throw new dev.hasuraperms.eval.UnsupportedInMemoryException("computed field " + f + " of " + table
                        + " runs a SQL function, which the in-memory backend cannot: test it on a database");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : visibleRows(s, table, false)) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String f : fields) {
                m.put(f, row.get(f));
            }
            out.add(m);
        }
        return out;
    }

    @Override
    List<Map<String, Object>> visibleRows(Session s, QualifiedName table, boolean full) {
        Rows.table(checked, table);
        SelectPlan plan;
        try {
            plan = enforcement.select(table, s, List.of(), OptionalInt.empty());
        } catch (dev.hasuraperms.check.PermissionDeniedException e) {
            return List.of();
        }
        SelectRule rule = plan.rule();
        requireSession(s, table, Operation.SELECT);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows(table)) {
            Optional<Evaluation> e = evaluate(s, table, Operation.SELECT, "filter", rule.filter(), row, relations);
            boolean visible = e.orElseThrow(() -> new dev.hasuraperms.eval.UnsupportedInMemoryException(
                    "the select filter of role " + s.role() + " on " + table + " cannot be evaluated in memory")).accepted();
            coverage.use(s.role(), table, Operation.SELECT, visible);
            if (visible) {
                out.add(full ? row : project(s, rule, plan.columns(), row, relations));
            }
        }
        return out;
    }

    @Override
    dev.hasuraperms.json.JsonObject aggregate(Session s, QualifiedName table,
                                              List<dev.hasuraperms.enforce.Aggregate> aggregates) {
        Rows.table(checked, table);
        dev.hasuraperms.enforce.AggregatePlan plan = enforcement.aggregate(table, s, aggregates, List.of());
        requireSession(s, table, Operation.SELECT);
        return dev.hasuraperms.eval.InMemoryAggregates.aggregate(
                dev.hasuraperms.eval.Evaluator.builder().relations(relations).explanations(false).build(), plan,
                rows(table), Optional.empty(),
                dev.hasuraperms.eval.SessionValueSource.of(s, checked.schema().serverMajorVersion()));
    }

    @Override
    Verdict insert(Session s, QualifiedName table, Map<String, ?> given) {
        Table t = Rows.table(checked, table);
        try {
            InsertPlan plan = enforcement.insert(table, s, List.of(given), Optional.empty());
            requireSession(s, table, Operation.INSERT);
            Map<String, Object> written = new LinkedHashMap<>();
            List<Object> values = plan.row(0);
            for (int i = 0; i < plan.columns().size(); i++) {
                Object v = values.get(i);
                written.put(plan.columns().get(i), v == InsertPlan.DEFAULT ? SqlNull.INSTANCE : v);
            }
            Map<String, Object> row = Rows.complete(t, Map.of(), written);
            notNull(t, row, written.keySet(), false);
            return record(check(s, table, Operation.INSERT, plan.rule().check(), row, "insert check"));
        } catch (HasuraPermsException e) {
            return record(refuse(s, table, Operation.INSERT, e));
        }
    }

    @Override
    Verdict update(Session s, QualifiedName table, Map<String, ?> before, Map<String, ?> changes) {
        Table t = Rows.table(checked, table);
        try {
            UpdatePlan plan = enforcement.update(table, s, changes);
            requireSession(s, table, Operation.UPDATE);
            if (plan.columns().isEmpty()) {
                return record(Verdict.deny(s.role(), table, Operation.UPDATE,
                        "nothing to set and no presets: no row is updated (affected_rows 0, as in Hasura)", Optional.empty()));
            }
            Map<String, Object> old = complete(t, before);
            Verdict f = filter(s, table, Operation.UPDATE, "filter", plan.rule().filter(), old, "update filter");
            if (!f.allowed()) {
                return record(f);
            }
            Map<String, Object> set = new LinkedHashMap<>();
            for (int i = 0; i < plan.columns().size(); i++) {
                set.put(plan.columns().get(i), plan.values().get(i));
            }
            Map<String, Object> after = Rows.complete(t, old, set);
            notNull(t, after, set.keySet(), true);
            return record(check(s, table, Operation.UPDATE, plan.rule().check(), after, "update check"));
        } catch (HasuraPermsException e) {
            return record(refuse(s, table, Operation.UPDATE, e));
        }
    }

    @Override
    Verdict delete(Session s, QualifiedName table, Map<String, ?> given) {
        Table t = Rows.table(checked, table);
        try {
            DeletePlan plan = enforcement.delete(table, s);
            requireSession(s, table, Operation.DELETE);
            Map<String, Object> row = complete(t, given);
            return record(filter(s, table, Operation.DELETE, "filter", plan.rule().filter(), row, "delete filter"));
        } catch (HasuraPermsException e) {
            return record(refuse(s, table, Operation.DELETE, e));
        }
    }
}

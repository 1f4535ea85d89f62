package dev.hasuraperms.eval;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.TypeCategory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** One evaluation: the rows bound to scopes, and the explanation of the node evaluated last. */
final class Run {

    private final Evaluator ev;
    private final SessionValueSource session;
    private final boolean explain;
    private Row[] rows = new Row[4];
    private String[] labels = new String[4];
    private boolean[] aggregateScope = new boolean[4];

    /** The explanation of the predicate evaluated last (when explaining). */
    Explanation last;

    Run(Evaluator ev, SessionValueSource session, boolean explain) {
        this.ev = ev;
        this.session = session;
        this.explain = explain;
    }

    void bind(int scope, Row row, QualifiedName table) {
        bind(scope, row, table == null ? null : table.toString(), false);
    }

    private void bind(int scope, Row row, String label, boolean aggregate) {
        if (scope >= rows.length) {
            int n = Math.max(scope + 1, rows.length * 2);
            rows = Arrays.copyOf(rows, n);
            labels = Arrays.copyOf(labels, n);
            aggregateScope = Arrays.copyOf(aggregateScope, n);
        }
        rows[scope] = row;
        labels[scope] = label;
        aggregateScope[scope] = aggregate;
    }

    // ============================================================================================ predicates

    TriBool eval(Predicate p) {
        if (p instanceof Predicate.Const c) {
            if (explain) {
                last = node(Explanation.Kind.CONSTANT, c.value(), c.value() == TriBool.UNKNOWN ? "NULL::boolean"
                        : c.value().name(), List.of());
            }
            return c.value();
        }
        if (p instanceof Predicate.And a) {
            return junction(a.operands(), true);
        }
        if (p instanceof Predicate.Or o) {
            return junction(o.operands(), false);
        }
        if (p instanceof Predicate.Not n) {
            TriBool r = eval(n.operand()).not();
            if (explain) {
                last = node(Explanation.Kind.NOT, r, "NOT", List.of(last));
            }
            return r;
        }
        if (p instanceof Predicate.Compare c) {
            return compare(c);
        }
        if (p instanceof Predicate.IsNull n) {
            Object v = value(n.expr());
            boolean isNull = v == SqlNull.INSTANCE;
            TriBool r = TriBool.of(n.negated() != isNull);
            if (explain) {
                Explanation.Operand o = operand(n.expr(), v);
                last = new Explanation(Explanation.Kind.IS_NULL, r, o.render() + (n.negated() ? " IS NOT NULL" : " IS NULL"),
                        List.of(), null, o, null, null, 0);
            }
            return r;
        }
        if (p instanceof Predicate.Exists e) {
            return exists(e);
        }
        if (p instanceof Predicate.InSubquery s) {
            return inSubquery(s);
        }
        if (p instanceof Predicate.InJoin j) {
            return inJoin(j);
        }
        return aggregate((Predicate.Aggregate) p);
    }

    private Explanation node(Explanation.Kind kind, TriBool r, String label, List<Explanation> children) {
        return new Explanation(kind, r, label, children, null, null, null, null, 0);
    }

    /** AND (stops at the first FALSE) or OR (stops at the first TRUE). */
    private TriBool junction(List<Predicate> operands, boolean and) {
        TriBool acc = and ? TriBool.TRUE : TriBool.FALSE;
        TriBool decisive = and ? TriBool.FALSE : TriBool.TRUE;
        List<Explanation> children = explain ? new ArrayList<>(operands.size()) : null;
        int evaluated = 0;
        for (Predicate op : operands) {
            TriBool r = eval(op);
            evaluated++;
            if (explain) {
                children.add(last);
            }
            acc = and ? acc.and(r) : acc.or(r);
            if (r == decisive) {
                break;
            }
        }
        if (explain) {
            int skipped = operands.size() - evaluated;
            String label = (and ? "AND" : "OR") + (operands.isEmpty() ? " (no operands)" : "")
                    + (skipped > 0 ? " (" + skipped + " more " + (skipped == 1 ? "operand" : "operands") + " not evaluated)" : "");
            last = new Explanation(and ? Explanation.Kind.AND : Explanation.Kind.OR, acc, label, children, null, null, null,
                    null, skipped);
        }
        return acc;
    }

    // ============================================================================================ comparisons

    private TriBool compare(Predicate.Compare c) {
        Object l = value(c.left());
        Object r = value(c.right());
        TriBool result = apply(c.op(), l, c.left().type(), r, c.right().type());
        if (explain) {
            Explanation.Operand lo = operand(c.left(), l);
            Explanation.Operand ro = operand(c.right(), r);
            last = new Explanation(Explanation.Kind.COMPARISON, result, lo.render() + " " + c.op().sql() + " " + ro.render(),
                    List.of(), c.op(), lo, ro, null, 0);
        }
        return result;
    }

    private TriBool apply(CompareOp op, Object l, PgType lt, Object r, PgType rt) {
        boolean ln = l == SqlNull.INSTANCE;
        boolean rn = r == SqlNull.INSTANCE;
        if (op == CompareOp.IN) {
            return in(l, lt, r, rt);
        }
        if (ln || rn) {
            return TriBool.UNKNOWN;
        }
        switch (op) {
            case EQ:
                return TriBool.of(Values.compare(l, lt, r, rt) == 0);
            case NEQ:
                return TriBool.of(Values.compare(l, lt, r, rt) != 0);
            case GT:
                return TriBool.of(Values.compare(l, lt, r, rt) > 0);
            case LT:
                return TriBool.of(Values.compare(l, lt, r, rt) < 0);
            case GTE:
                return TriBool.of(Values.compare(l, lt, r, rt) >= 0);
            case LTE:
                return TriBool.of(Values.compare(l, lt, r, rt) <= 0);
            case LIKE: case NLIKE: case ILIKE: case NILIKE: case SIMILAR: case NSIMILAR:
            case REGEX: case NREGEX: case IREGEX: case NIREGEX:
                return TriBool.of(ev.matches(op, (String) l, (String) r, lt, rt));
            case CONTAINS:
                return contains(l, lt, r, rt);
            case CONTAINED_IN:
                return contains(r, rt, l, lt);
            case HAS_KEY:
                return TriBool.of(Jsonb.hasKey((JsonValue) l, (String) r));
            case HAS_KEYS_ANY:
            case HAS_KEYS_ALL: {
                boolean all = op == CompareOp.HAS_KEYS_ALL;
                for (Object k : Values.flatten((List<?>) r)) {
                    if (k == SqlNull.INSTANCE) {
                        continue;
                    }
                    boolean has = Jsonb.hasKey((JsonValue) l, (String) k);
                    if (all && !has) {
                        return TriBool.FALSE;
                    }
                    if (!all && has) {
                        return TriBool.TRUE;
                    }
                }
                return TriBool.of(all);
            }
            case ANCESTOR:
            case DESCENDANT:
                return ltree(op == CompareOp.ANCESTOR, (String) l, r);
            default:
                throw new UnsupportedInMemoryException("the operator " + op.sql() + " is unsupported in memory");
        }
    }

    /** {@code l = ANY (r)}. */
    private static TriBool in(Object l, PgType lt, Object r, PgType rt) {
        if (r == SqlNull.INSTANCE) {
            return TriBool.UNKNOWN;
        }
        List<Object> elements = Values.flatten((List<?>) r);
        if (elements.isEmpty()) {
            return TriBool.FALSE;
        }
        if (l == SqlNull.INSTANCE) {
            return TriBool.UNKNOWN;
        }
        PgType et = rt instanceof PgType.Array a ? a.element() : lt;
        boolean sawNull = false;
        for (Object e : elements) {
            if (e == SqlNull.INSTANCE) {
                sawNull = true;
            } else if (Values.compare(l, lt, e, et) == 0) {
                return TriBool.TRUE;
            }
        }
        return sawNull ? TriBool.UNKNOWN : TriBool.FALSE;
    }

    /** {@code a @> b} on jsonb, or on arrays (every element of b equals some element of a; NULLs never match). */
    private static TriBool contains(Object a, PgType at, Object b, PgType bt) {
        if (at.category() == TypeCategory.JSONB) {
            return TriBool.of(Jsonb.contains((JsonValue) a, (JsonValue) b));
        }
        PgType ea = ((PgType.Array) at).element();
        PgType eb = ((PgType.Array) bt).element();
        List<Object> xs = Values.flatten((List<?>) a);
        for (Object y : Values.flatten((List<?>) b)) {
            if (y == SqlNull.INSTANCE) {
                return TriBool.FALSE;
            }
            boolean found = false;
            for (Object x : xs) {
                if (x != SqlNull.INSTANCE && Values.compare(x, ea, y, eb) == 0) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return TriBool.FALSE;
            }
        }
        return TriBool.TRUE;
    }

    /** ltree {@code @>} / {@code <@} against an ltree or any element of an ltree[] (which must not contain NULLs). */
    private static TriBool ltree(boolean ancestor, String l, Object r) {
        if (r instanceof List<?> list) {
            List<Object> elements = Values.flatten(list);
            for (Object e : elements) {
                if (e == SqlNull.INSTANCE) {
                    throw EvaluationException.error("array must not contain nulls (ltree[] operand of "
                            + (ancestor ? "@>" : "<@") + ")");
                }
            }
            for (Object e : elements) {
                if (ancestor ? Ltree.isAncestor(l, (String) e) : Ltree.isAncestor((String) e, l)) {
                    return TriBool.TRUE;
                }
            }
            return TriBool.FALSE;
        }
        return TriBool.of(ancestor ? Ltree.isAncestor(l, (String) r) : Ltree.isAncestor((String) r, l));
    }

    // ============================================================================================ EXISTS

    private TriBool exists(Predicate.Exists e) {
        Related rel = related(e.source(), e.scope(), e.join());
        int examined = 0;
        int joined = 0;
        int matched = -1;
        Explanation shown = null;
        Row saved = e.scope() < rows.length ? rows[e.scope()] : null;
        String savedLabel = e.scope() < labels.length ? labels[e.scope()] : null;
        try {
            if (rel.rows != null) {
                for (Row row : rel.rows) {
                    bind(e.scope(), row, rel.label, false);
                    if (!joins(e.join(), rel.outer)) {
                        examined++;
                        continue;
                    }
                    joined++;
                    TriBool r = eval(e.where());
                    if (explain && (shown == null || r == TriBool.TRUE)) {
                        shown = last;
                    }
                    if (r == TriBool.TRUE) {
                        matched = examined;
                        examined++;
                        break;
                    }
                    examined++;
                }
            }
        } finally {
            bind(e.scope(), saved, savedLabel, false);
        }
        TriBool result = TriBool.of(matched >= 0);
        if (explain) {
            String label = "EXISTS " + rel.label + ": " + examined + (examined == 1 ? " row" : " rows") + " examined, "
                    + joined + " joined" + (matched >= 0 ? ", row " + matched + " matched" : ", none matched")
                    + (rel.nullKey ? " (a join key is NULL)" : "");
            last = new Explanation(Explanation.Kind.EXISTS, result, label, shown == null ? List.of() : List.of(shown), null,
                    null, null, new Explanation.Rows(rel.name, examined, joined,
                    matched >= 0 ? OptionalInt.of(matched) : OptionalInt.empty(), Optional.empty()), 0);
        }
        return result;
    }

    /** The rows of a source, with the join's outer values evaluated once. */
    private static final class Related {
        QualifiedName name;
        String label;
        Iterable<Row> rows;
        Object[] outer;
        boolean nullKey;
    }

    private Related related(Predicate.Source source, int scope, List<Predicate.JoinPair> join) {
        Related rel = new Related();
        rel.outer = new Object[join.size()];
        Map<String, Object> keys = new LinkedHashMap<>();
        boolean indexable = true;
        for (int i = 0; i < join.size(); i++) {
            Predicate.JoinPair jp = join.get(i);
            Object v = value(jp.outer());
            rel.outer[i] = v;
            if (v == SqlNull.INSTANCE) {
                rel.nullKey = true;
            } else if (jp.inner().type().equals(jp.outer().type())) {
                keys.put(jp.inner().name(), v);
            } else {
                indexable = false;
            }
        }
        if (source instanceof Predicate.TableSource t) {
            rel.name = t.table();
            rel.label = t.table().toString();
            if (!rel.nullKey) {
                rel.rows = indexable && !keys.isEmpty() ? ev.relations().rows(t.table(), Map.copyOf(keys))
                        : ev.relations().rows(t.table());
            }
        } else {
            Predicate.FunctionSource f = (Predicate.FunctionSource) source;
            rel.name = f.function();
            rel.label = f.returnsTable().toString();
            if (!rel.nullKey) {
                List<Object> args = new ArrayList<>(f.arguments().size());
                for (Expr a : f.arguments()) {
                    args.add(value(a));
                }
                rel.rows = ev.functions().orElseThrow().rows(f.function(), args, f.returnsTable());
            }
        }
        return rel;
    }

    /** Whether the row bound now satisfies every {@code inner = outer} pair (SQL =: NULL never matches). */
    private boolean joins(List<Predicate.JoinPair> join, Object[] outer) {
        for (int i = 0; i < join.size(); i++) {
            Predicate.JoinPair jp = join.get(i);
            Object inner = value(jp.inner());
            if (inner == SqlNull.INSTANCE || outer[i] == SqlNull.INSTANCE
                    || Values.compare(inner, jp.inner().type(), outer[i], jp.outer().type()) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code outer = ANY (ARRAY (SELECT inner FROM s1, s2, ... WHERE where))}, with PostgreSQL's NULL rules: every
     * combination of the sources' rows, nested loops in the sources' order.
     */
    private TriBool inJoin(Predicate.InJoin j) {
        Object outer = value(j.outer());
        int n = j.sources().size();
        Row[] saved = new Row[n];
        String[] savedLabels = new String[n];
        for (int i = 0; i < n; i++) {
            int sc = j.sources().get(i).scope();
            saved[i] = sc < rows.length ? rows[sc] : null;
            savedLabels[i] = sc < labels.length ? labels[sc] : null;
        }
        int[] state = new int[2]; // [0]: matched, [1]: saw a NULL
        try {
            joinLevel(j, 0, outer, state);
        } finally {
            for (int i = 0; i < n; i++) {
                bind(j.sources().get(i).scope(), saved[i], savedLabels[i], false);
            }
        }
        TriBool result = state[0] == 1 ? TriBool.TRUE : state[1] == 1 ? TriBool.UNKNOWN : TriBool.FALSE;
        if (explain) {
            last = new Explanation(Explanation.Kind.EXISTS, result, "= ANY (ARRAY (SELECT " + j.inner().name()
                    + " FROM a join of " + n + "))", List.of(), null, null, null, null, 0);
        }
        return result;
    }

    private void joinLevel(Predicate.InJoin j, int level, Object outer, int[] state) {
        if (level == j.sources().size()) {
            if (eval(j.where()) != TriBool.TRUE) {
                return;
            }
            Object inner = value(j.inner());
            if (inner == SqlNull.INSTANCE || outer == SqlNull.INSTANCE) {
                state[1] = 1;
            } else if (Values.compare(outer, j.outer().type(), inner, j.inner().type()) == 0) {
                state[0] = 1;
            }
            return;
        }
        Predicate.Bound b = j.sources().get(level);
        Related rel = related(b.source(), b.scope(), List.of());
        for (Row row : rel.rows) {
            bind(b.scope(), row, rel.label, false);
            joinLevel(j, level + 1, outer, state);
            if (state[0] == 1) {
                return;
            }
        }
    }

    /** {@code outer = ANY (ARRAY (SELECT inner FROM source WHERE where))}, with PostgreSQL's NULL rules. */
    private TriBool inSubquery(Predicate.InSubquery s) {
        Object outer = value(s.outer());
        Related rel = related(s.source(), s.scope(), List.of());
        int examined = 0;
        int selected = 0;
        boolean sawNull = false;
        boolean matched = false;
        Row saved = s.scope() < rows.length ? rows[s.scope()] : null;
        String savedLabel = s.scope() < labels.length ? labels[s.scope()] : null;
        try {
            for (Row row : rel.rows) {
                examined++;
                bind(s.scope(), row, rel.label, false);
                if (eval(s.where()) != TriBool.TRUE) {
                    continue;
                }
                selected++;
                Object inner = value(s.inner());
                if (inner == SqlNull.INSTANCE || outer == SqlNull.INSTANCE) {
                    sawNull = true;
                } else if (Values.compare(outer, s.outer().type(), inner, s.inner().type()) == 0) {
                    matched = true;
                    break;
                }
            }
        } finally {
            bind(s.scope(), saved, savedLabel, false);
        }
        TriBool result = matched ? TriBool.TRUE : sawNull ? TriBool.UNKNOWN : TriBool.FALSE;
        if (explain) {
            String label = "= ANY (ARRAY (SELECT " + s.inner().name() + " FROM " + rel.label + ")): " + examined
                    + (examined == 1 ? " row" : " rows") + " examined, " + selected + " selected"
                    + (matched ? ", one matched" : ", none matched");
            last = new Explanation(Explanation.Kind.EXISTS, result, label, List.of(), null, null, null,
                    new Explanation.Rows(rel.name, examined, selected, OptionalInt.empty(), Optional.empty()), 0);
        }
        return result;
    }

    // ============================================================================================ aggregates

    private TriBool aggregate(Predicate.Aggregate g) {
        Related rel = related(g.source(), g.scope(), g.join());
        List<PgType> types = new ArrayList<>(g.arguments().size());
        g.arguments().forEach(a -> types.add(a.type()));
        List<Object[]> inputs = new ArrayList<>();
        int examined = 0;
        Row saved = g.scope() < rows.length ? rows[g.scope()] : null;
        String savedLabel = g.scope() < labels.length ? labels[g.scope()] : null;
        try {
            if (rel.rows != null) {
                for (Row row : rel.rows) {
                    examined++;
                    bind(g.scope(), row, rel.label, false);
                    if (!joins(g.join(), rel.outer)) {
                        continue;
                    }
                    if (eval(g.filter()) != TriBool.TRUE) {
                        continue;
                    }
                    Object[] args = new Object[g.arguments().size()];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = value(g.arguments().get(i));
                    }
                    inputs.add(args);
                }
            }
        } finally {
            bind(g.scope(), saved, savedLabel, false);
        }
        Object agg = Aggregates.compute(g.function(), types, inputs, g.distinct());
        String call = g.function() + "(" + (g.distinct() ? "DISTINCT " : "") + (g.arguments().isEmpty() ? "*"
                : String.join(", ", g.arguments().stream().map(Expr.Column::name).toList())) + ")";
        Map<String, Object> aggRow = new HashMap<>();
        aggRow.put("agg", agg);
        Row savedAgg = g.resultScope() < rows.length ? rows[g.resultScope()] : null;
        String savedAggLabel = g.resultScope() < labels.length ? labels[g.resultScope()] : null;
        TriBool conditions;
        bind(g.resultScope(), new MapRow(aggRow), call, true);
        try {
            conditions = eval(g.conditions());
        } finally {
            bind(g.resultScope(), savedAgg, savedAggLabel, false);
        }
        TriBool result = TriBool.of(conditions == TriBool.TRUE);
        if (explain) {
            PgType aggType = aggregateType(g);
            Explanation.Operand value = new Explanation.Operand(call, aggType, Values.normalise(agg, aggType, call), false);
            String label = call + " over " + rel.label + " = " + value.renderedValue() + ": " + examined
                    + (examined == 1 ? " row" : " rows") + " examined, " + inputs.size() + " joined and filtered"
                    + (rel.nullKey ? " (a join key is NULL)" : "");
            last = new Explanation(Explanation.Kind.AGGREGATE, result, label, List.of(last), null, null, null,
                    new Explanation.Rows(rel.name, examined, inputs.size(), OptionalInt.empty(), Optional.of(value)), 0);
        }
        return result;
    }

    /** The aggregate's type as its conditions read it (or the argument's type when they do not). */
    private static PgType aggregateType(Predicate.Aggregate g) {
        PgType[] found = {null};
        dev.hasuraperms.ir.Predicates.walkExprs(g.conditions(), e -> {
            if (e instanceof Expr.Column c && c.scope() == g.resultScope() && found[0] == null) {
                found[0] = c.type();
            }
        });
        if (found[0] != null) {
            return found[0];
        }
        return g.function().equals("count") ? PgType.builtin("int8")
                : g.arguments().isEmpty() ? PgType.builtin("numeric") : g.arguments().get(0).type();
    }

    // ============================================================================================ expressions

    /** The canonical value of {@code e} ({@link SqlNull#INSTANCE} for NULL; a {@link Row} for a whole-row argument). */
    Object value(Expr e) {
        if (e instanceof Expr.Column c) {
            Row row = c.scope() < rows.length ? rows[c.scope()] : null;
            if (row == null) {
                throw new IllegalArgumentException("the predicate reads column " + c.name() + " of scope " + c.scope()
                        + ", which no enclosing EXISTS binds");
            }
            return Values.normalise(row.get(c.name()), c.type(), c.name());
        }
        if (e instanceof Expr.Literal l) {
            return Values.normalise(l.value(), l.type(), "a literal");
        }
        if (e instanceof Expr.SessionValue s) {
            Object v = session.value(s.variable(), s.type());
            if (v == null) {
                throw EvaluationException.invalidValue("the session value source returned null for " + s.variable().name());
            }
            return Values.normalise(v, s.type(), "session variable " + s.variable().name());
        }
        if (e instanceof Expr.Cast c) {
            Object v = value(c.expr());
            if (v == SqlNull.INSTANCE || c.expr().type().equals(c.type())) {
                return v;
            }
            return Jsonb.toText((JsonValue) v);
        }
        if (e instanceof Expr.Redacted r) {
            Explanation saved = last;
            TriBool visible = eval(r.condition());
            last = saved;
            return visible == TriBool.TRUE ? value(r.value()) : SqlNull.INSTANCE;
        }
        if (e instanceof Expr.Call c) {
            List<Object> args = new ArrayList<>(c.arguments().size());
            for (Expr a : c.arguments()) {
                args.add(value(a));
            }
            Object v = ev.functions().orElseThrow().call(c.function(), List.copyOf(args), c.type());
            return Values.normalise(v, c.type(), "the result of " + c.function());
        }
        if (e instanceof Expr.Row r) {
            Row row = r.scope() < rows.length ? rows[r.scope()] : null;
            if (row == null) {
                throw new IllegalArgumentException("the predicate reads the row of scope " + r.scope()
                        + ", which no enclosing EXISTS binds");
            }
            return row;
        }
        JsonValue j = session.json();
        if (j == null) {
            throw EvaluationException.invalidValue("the session value source returned null as the session JSON");
        }
        return j;
    }

    private Explanation.Operand operand(Expr e, Object v) {
        Object shown = v instanceof Row ? v.toString() : v;
        return new Explanation.Operand(describe(e), e.type(), shown, e instanceof Expr.Literal);
    }

    /** The expression as text, for explanations. */
    private String describe(Expr e) {
        if (e instanceof Expr.Column c) {
            String label = c.scope() < labels.length ? labels[c.scope()] : null;
            if (c.scope() < aggregateScope.length && aggregateScope[c.scope()]) {
                return label;
            }
            return label == null ? c.name() : label + "." + c.name();
        }
        if (e instanceof Expr.Literal l) {
            return Values.render(Values.normalise(l.value(), l.type(), "a literal"), l.type());
        }
        if (e instanceof Expr.SessionValue s) {
            return s.variable().name();
        }
        if (e instanceof Expr.Cast c) {
            return "(" + describe(c.expr()) + ")::" + c.type().sqlName();
        }
        if (e instanceof Expr.Redacted r) {
            return "CASE WHEN <redaction condition> THEN " + describe(r.value()) + " END";
        }
        if (e instanceof Expr.Call c) {
            List<String> args = new ArrayList<>();
            c.arguments().forEach(a -> args.add(describe(a)));
            return c.function() + "(" + String.join(", ", args) + ")";
        }
        if (e instanceof Expr.Row r) {
            return r.table() + ".*";
        }
        return "session";
    }
}

package dev.hasuraperms.ir;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.types.SqlNull;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites predicates into simpler ones with the same meaning. Every rewrite preserves SQL three-valued semantics
 * in the context the predicate is used in:
 *
 * <ul>
 *   <li>constant folding ({@code x AND FALSE}, {@code x OR TRUE}, {@code NOT TRUE}, a comparison with a NULL literal
 *       is UNKNOWN, {@code x = ANY ('{}')} is FALSE even for NULL {@code x}, {@code IS NULL} on a NOT NULL column is
 *       FALSE, EXISTS over FALSE is FALSE);</li>
 *   <li>flattening nested ANDs and ORs, dropping their units, and removing double negation;</li>
 *   <li><b>UNKNOWN by context.</b> Where only "is it TRUE?" matters — a WHERE clause, inside EXISTS, a CASE WHEN
 *       condition — UNKNOWN may be replaced by FALSE; under one NOT, where only "is it FALSE?" matters, by TRUE. By
 *       strong Kleene logic (AND and OR are monotone, and a determined result stays the same under any refinement of
 *       UNKNOWN) this changes no row's outcome. It turns Hasura's null-aware {@code _eq: null},
 *       {@code (c = NULL) OR (c IS NULL)}, into {@code c IS NULL} in a filter, while under {@code _not} it still
 *       gives Hasura's answer (no rows). Where the exact value matters ({@link Context#EXACT}) UNKNOWN is kept.</li>
 *   <li><b>Relationship filters become a once-per-statement subquery.</b> PostgreSQL pulls a lone correlated
 *       EXISTS up into a semi-join, but not one that is an operand of an OR: there it becomes a SubPlan run once per
 *       row of the outer table (the "OR cliff" of the performance notes: 65 ms instead of 0.44 ms for a newest-20
 *       list over 500k rows). And even a lone one measured faster as an index condition on the foreign key than as
 *       a semi-join once the user sees more than a few hundred rows (docs/performance.md). Where
 *       {@code EXISTS (SELECT 1 FROM t WHERE t.k = outer.fk AND P)} is in a context where only TRUE matters, joins
 *       on one column pair, and {@code P} reads no enclosing row,
 *       it becomes {@link Predicate.InSubquery} {@code outer.fk = ANY (ARRAY (SELECT t.k FROM t WHERE P))}: PostgreSQL
 *       runs the subquery once (an InitPlan) and the OR can use a BitmapOr of index scans. Proof: EXISTS is TRUE iff
 *       some row of t with P TRUE has a non-NULL k equal to the non-NULL fk, which is exactly when {@code = ANY}
 *       is TRUE; when EXISTS is FALSE, {@code = ANY} is FALSE or UNKNOWN (a NULL fk, or a NULL k among the selected
 *       rows), and UNKNOWN behaves as FALSE in this context, through any AND/OR above it (they are monotone). Under a
 *       NOT (where {@code NOT (NULL = ANY (...))} is UNKNOWN but {@code NOT EXISTS} is TRUE), in a check, or where
 *       {@code P} is correlated with the outer row (a {@code ["$", column]} reference), EXISTS is kept. In that last
 *       case, under an OR, it is kept behind a prefilter: {@code outer.fk = ANY (ARRAY (SELECT t.k FROM t WHERE P'))
 *       AND EXISTS (...)}, where {@code P'} is {@code P} with the parts that read the outer row replaced by TRUE
 *       (only where they occur under AND, OR and EXISTS, so {@code P} implies {@code P'}). Proof: when EXISTS is TRUE
 *       the prefilter is TRUE (the same row of t satisfies {@code P'}), so the conjunction is TRUE; when EXISTS is
 *       FALSE the conjunction is FALSE; EXISTS is never UNKNOWN. So the result is exactly the EXISTS's, in any
 *       context; it pays because PostgreSQL can now find the candidate rows through an index on {@code fk} and
 *       runs the correlated EXISTS only on them.</li>
 *   <li><b>A {@code _not} over a relationship moves into the OR's branches</b> (only with the schema at hand, see
 *       {@link #optimize(Predicate, Context, DatabaseSchema, Optional)}). A filter {@code (A OR B) AND NOT EXISTS
 *       (SELECT 1 FROM t WHERE t.k = outer.fk AND Q)} (Hasura's {@code _and: [{_or: [...]}, {_not: {rel: ...}}]})
 *       is planned by PostgreSQL as an anti-join whose inner side scans all of {@code t} matching {@code Q}, even when
 *       the OR selects a few hundred rows. It becomes {@code (A AND NOT ...) OR (B AND NOT ...)} (distributivity, exact
 *       in three-valued logic), and then each branch becomes one index condition again:
 *       <ul>
 *         <li><i>merged</i>, where the branch is {@code outer.fk = ANY (ARRAY (SELECT t.k FROM t WHERE P))} over the
 *             same relationship (same table, key and foreign key), {@code t.k} is unique (a one-column primary key or
 *             unique constraint) and {@code Q} is never UNKNOWN (it reads only NOT NULL columns, non-NULL values,
 *             IS NULL and EXISTS) and reads no enclosing row: {@code outer.fk = ANY (ARRAY (SELECT t.k FROM t WHERE P
 *             AND NOT Q))}. Proof: at most one row of t has {@code t.k = outer.fk}; the branch AND the NOT EXISTS is
 *             TRUE iff that row exists, satisfies P, and does not satisfy Q, which is what the merged subquery
 *             selects; where it is not TRUE the merged form is FALSE or UNKNOWN, which in this context is the same;</li>
 *         <li><i>isolated</i> otherwise, in a select filter of a table with a one-column primary key {@code pk}:
 *             {@code outer.pk = ANY (ARRAY (SELECT r.pk FROM root AS r WHERE <branch AND NOT EXISTS ...> on r))}.
 *             Proof: the primary key is NOT NULL and unique, so the row is in the array iff the same row satisfies
 *             the condition in the subquery (the subquery reads the statement's snapshot, as the filter does). Only
 *             for select filters on the table's own rows as the statement reads them: a row from elsewhere (a CTE, a
 *             VALUES or RETURNING list) would be judged by the stored row with its key. Not for update and delete
 *             filters, whose rows PostgreSQL may recheck against a newer version (docs/semantics.md).</li>
 *       </ul>
 *       Measured reason (multi-tenant workload, 500k documents, newest 20, narrow user): 4.7 ms as an anti-join,
 *       0.9 ms rewritten (hand-written joins: 1.5 ms); broad user 198 ms, 87 ms rewritten. Without an OR, a branch
 *       that can be merged is merged and the rest stays as it is.</li>
 *   <li><b>An OR with a branch that compares with the row itself is isolated on the row's identity</b> (with the
 *       schema at hand, select filters on the table's own rows only): {@code (EXISTS chain reading r) OR B} becomes
 *       {@code r.tableoid = <own> AND (r.ctid = ANY (ARRAY (SELECT r2.ctid FROM t AS r2 CROSS JOIN a CROSS JOIN b ...
 *       WHERE r2.tableoid = <own> AND <the chain's joins and conditions on r2>)) OR r.ctid = ANY (ARRAY (SELECT r3.ctid
 *       FROM t AS r3 WHERE r3.tableoid = <own> AND B on r3)))} ({@link Predicate.InJoin}; the primary key instead of {@code ctid} for a partitioned
 *       table); see {@code isolateCorrelated}. Measured reason (multi-tenant workload, {@code root_ref}): the
 *       correlated EXISTS behind a prefilter ran once per candidate row, 3–8x the hand-written joins, and the broad
 *       user's list and count hit the 2 s timeout; as a join PostgreSQL drives it from the user's memberships and
 *       answers the OR with one Tid Scan (docs/performance.md).</li>
 *   <li><b>Two filters on the same relationship are merged</b> (with the schema at hand): ANDed
 *       {@code fk = ANY (ARRAY (SELECT t.k FROM t WHERE P))} and {@code ... WHERE Q}, {@code t.k} unique, become one
 *       subquery with {@code P AND Q} (see {@code mergeConjuncts}).</li>
 * </ul>
 *
 * Thread-safe and stateless.
 */
public final class Optimizer {

    /** What a predicate's value is used for. */
    public enum Context {
        /** Only whether it is TRUE matters (WHERE, EXISTS, CASE WHEN): UNKNOWN behaves as FALSE. */
        TRUE_MATTERS,
        /** Only whether it is FALSE matters (under one NOT; an insert/update check): UNKNOWN behaves as TRUE. */
        FALSE_MATTERS,
        /** The exact three-valued result matters: UNKNOWN is kept. */
        EXACT;

        Context negated() {
            return this == TRUE_MATTERS ? FALSE_MATTERS : this == FALSE_MATTERS ? TRUE_MATTERS : EXACT;
        }
    }

    private Optimizer() {
    }

    /**
     * Optimizes a predicate used as a filter (only TRUE keeps a row).
     *
     * @param p the predicate; never null
     * @return an equivalent predicate for a filter, never null
     */
    public static Predicate optimizeFilter(Predicate p) {
        return optimize(p, Context.TRUE_MATTERS);
    }

    /**
     * Optimizes a predicate used in the given context.
     *
     * @param p the predicate; never null
     * @param context which truth values matter where the predicate is used; never null
     * @return a predicate equivalent to {@code p} in {@code context}, never null
     */
    public static Predicate optimize(Predicate p, Context context) {
        Predicate o = opt(p, context);
        return context == Context.TRUE_MATTERS ? semiJoins(o, false) : o;
    }

    /**
     * Optimizes a predicate used in the given context, with the rewrites that need the schema: a {@code _not} over a
     * relationship merged into the OR's branches over the same relationship, and, for a select filter
     * ({@code selectRoot} present: the table the filter's rows come from), the other branches isolated in a
     * subquery on the table's primary key (see the class comment).
     *
     * @param p the predicate; never null
     * @param context which truth values matter where the predicate is used; never null
     * @param schema the database schema (primary keys, relationships' tables); never null
     * @param selectRoot the table a select filter's rows come from; empty for other filters
     * @return a predicate equivalent to {@code p} in {@code context}, never null
     */
    public static Predicate optimize(Predicate p, Context context, DatabaseSchema schema,
                                     Optional<QualifiedName> selectRoot) {
        if (context != Context.TRUE_MATTERS) {
            return optimize(p, context);
        }
        Predicate folded = opt(p, context);
        Optional<Table> rootTable = selectRoot.flatMap(schema::table);
        if (rootTable.isPresent()) {
            folded = isolateCorrelated(folded, rootTable.get());
        }
        Predicate o = semiJoins(folded, false);
        Optional<Expr.Column> key = selectRoot.flatMap(schema::table).flatMap(Optimizer::singleKey)
                .map(c -> new Expr.Column(0, c.name(), c.type(), false));
        return distributeNots(mergeConjuncts(o, schema), schema, selectRoot, key);
    }

    /** The type of a row's {@code ctid}. */
    private static final dev.hasuraperms.types.PgType TID =
            new dev.hasuraperms.types.PgType.Base(QualifiedName.of("pg_catalog", "tid"));
    private static final dev.hasuraperms.types.PgType OID =
            new dev.hasuraperms.types.PgType.Base(QualifiedName.of("pg_catalog", "oid"));
    private static final dev.hasuraperms.types.PgType TEXT =
            new dev.hasuraperms.types.PgType.Base(QualifiedName.of("pg_catalog", "text"));
    private static final dev.hasuraperms.types.PgType REGCLASS =
            new dev.hasuraperms.types.PgType.Base(QualifiedName.of("pg_catalog", "regclass"));

    /**
     * {@code <scope>.tableoid = ANY (ARRAY (SELECT c.oid FROM pg_catalog.pg_class AS c WHERE c.oid =
     * '<table>'::regclass))}: the row is the table's own, not a row of an inheritance child (whose {@code ctid} may
     * equal a parent row's). TRUE on every row of a table without children.
     */
    private static Predicate ownRow(int scope, int catalogScope, QualifiedName table) {
        // As an uncorrelated subquery (an InitPlan, run once per statement): the cast of the name to regclass is a
        // catalog lookup that a generic plan would otherwise run on every row.
        Expr.Column oid = new Expr.Column(catalogScope, "oid", OID, false);
        return new Predicate.InSubquery(new Expr.Column(scope, "tableoid", OID, false),
                new Predicate.TableSource(QualifiedName.of("pg_catalog", "pg_class")), catalogScope, oid,
                new Predicate.Compare(CompareOp.EQ, oid, new Expr.Cast(new Expr.Literal(TEXT, table.toSql()), REGCLASS)));
    }

    /**
     * An OR one of whose branches compares a related row with the filtered row itself (a correlated EXISTS chain, Hasura's
     * {@code ["$", column]}), every branch isolated on the row's identity: {@code r.id = ANY (ARRAY (SELECT r2.id FROM
     * root AS r2 ... WHERE branch(r2)))}, the correlated branches as one join ({@link Predicate.InJoin}: the EXISTS
     * levels that read the row flattened into inner joins with the row's copy, so that PostgreSQL drives the join from
     * the selective side, e.g. the user's memberships), the others as {@link Predicate.InSubquery} on the root table.
     * The identity is {@code ctid} for a plain table (PostgreSQL answers an OR of {@code ctid = ANY (...)} with one Tid
     * Scan, no second index probe per row) and the one-column primary key for a partitioned table (where {@code ctid}
     * is not unique across partitions); anything else is left alone. By {@code ctid}, both the row and its copy must
     * be the table's own ({@code tableoid = '<table>'::regclass}, TRUE on every row of a table without inheritance
     * children; the schema model does not record legacy inheritance, whose children's {@code ctid}s may equal the
     * parent's): a child's row is then not selected by the isolated branches (fail closed). Exactness: within one statement the subquery
     * reads the same snapshot as the outer scan, so the copy with the same identity is the same row version, with the
     * same values; the identity is never NULL, so {@code = ANY} is TRUE iff the branch is TRUE for that row (a join
     * produces the row's identity iff some combination of related rows satisfies the flattened EXISTS conditions,
     * which is what the chain of EXISTS asks; duplicates in the array change nothing), and FALSE otherwise, where the
     * branch is FALSE or UNKNOWN: the same in this context (only TRUE matters). Only for select filters on the
     * table's own rows ({@code selectRoot}), like the isolation of {@link #distributeNots}.
     */
    private static Predicate isolateCorrelated(Predicate p, Table root) {
        List<Predicate> conjuncts = p instanceof Predicate.And a ? a.operands() : List.of(p);
        int holder = -1;
        for (int i = 0; i < conjuncts.size() && holder < 0; i++) {
            if (conjuncts.get(i) instanceof Predicate.Or o && o.operands().stream().anyMatch(Optimizer::correlatedBranch)) {
                holder = i;
            }
        }
        if (holder < 0) {
            return p;
        }
        Expr.Column key;
        if (root.kind() == Table.Kind.TABLE) {
            key = new Expr.Column(0, "ctid", TID, false);
        } else {
            Optional<Column> pk = singleKey(root);
            if (pk.isEmpty()) {
                return p;
            }
            key = new Expr.Column(0, pk.get().name(), pk.get().type(), false);
        }
        int scope = Predicates.maxScope(p);
        Predicate.TableSource table = new Predicate.TableSource(root.name());
        List<Predicate> branches = new ArrayList<>();
        for (Predicate branch : ((Predicate.Or) conjuncts.get(holder)).operands()) {
            int s = ++scope;
            Predicate moved = Predicates.remap(branch, k -> k == 0 ? s : k);
            Expr.Column inner = new Expr.Column(s, key.name(), key.type(), false);
            boolean byCtid = key.name().equals("ctid");
            Predicate isolated;
            if (!correlatedBranch(branch)) {
                isolated = new Predicate.InSubquery(key, table, s, inner,
                        byCtid ? Predicates.and(List.of(ownRow(s, ++scope, root.name()), moved)) : moved);
            } else {
                List<Predicate.Bound> sources = new ArrayList<>();
                sources.add(new Predicate.Bound(table, s));
                List<Predicate> conditions = new ArrayList<>();
                if (byCtid) {
                    conditions.add(ownRow(s, ++scope, root.name()));
                }
                flatten(moved, sources, conditions);
                isolated = new Predicate.InJoin(key, sources, inner, Predicates.and(conditions));
            }
            branches.add(isolated);
        }
        List<Predicate> out = new ArrayList<>(conjuncts);
        // One guard on the row for all branches (beside the OR, not in each branch: PostgreSQL then takes the OR of
        // ctid conditions as the Tid Scan's condition and rechecks nothing but the guard).
        out.set(holder, key.name().equals("ctid")
                ? Predicates.and(List.of(ownRow(0, ++scope, root.name()), Predicates.or(branches)))
                : Predicates.or(branches));
        return out.size() == 1 ? out.get(0) : Predicates.and(out);
    }

    /** Whether {@code p} is (or ANDs) an EXISTS on a table whose condition reads an enclosing row beyond its join. */
    private static boolean correlatedBranch(Predicate p) {
        if (p instanceof Predicate.And a) {
            return a.operands().stream().anyMatch(Optimizer::correlatedBranch);
        }
        return p instanceof Predicate.Exists e && e.source() instanceof Predicate.TableSource
                && !readsOnly(e.where(), boundScopes(e));
    }

    /**
     * The conjuncts of {@code p} into {@code conditions}, every correlated EXISTS on a table among them flattened:
     * its table added to {@code sources}, its join pairs and its condition's conjuncts (flattened the same way) added
     * to {@code conditions}. Exact where only TRUE matters: {@code A AND EXISTS (SELECT 1 FROM t WHERE J AND Q)} is
     * TRUE iff some row of t makes {@code A AND J AND Q} TRUE, which is what the join with t asks.
     */
    private static void flatten(Predicate p, List<Predicate.Bound> sources, List<Predicate> conditions) {
        if (p instanceof Predicate.And a) {
            a.operands().forEach(x -> flatten(x, sources, conditions));
            return;
        }
        if (p instanceof Predicate.Exists e && correlatedBranch(e)) {
            sources.add(new Predicate.Bound(e.source(), e.scope()));
            for (Predicate.JoinPair j : e.join()) {
                conditions.add(new Predicate.Compare(CompareOp.EQ, j.inner(), j.outer()));
            }
            flatten(e.where(), sources, conditions);
            return;
        }
        conditions.add(p);
    }

    /**
     * ANDed {@code fk = ANY (ARRAY (SELECT t.k FROM t WHERE P))} and {@code fk = ANY (ARRAY (SELECT t.k FROM t WHERE
     * Q))} over the same relationship, {@code t.k} unique, as one {@code fk = ANY (ARRAY (SELECT t.k FROM t WHERE P AND
     * Q))} (Hasura's {@code _and: [{project: {...}}, {project: {...}}]}). Exact: at most one row of t has
     * {@code t.k = fk}, so both are TRUE iff that row satisfies P and Q; otherwise both forms are FALSE or UNKNOWN,
     * the same where only TRUE matters. Measured reason: left as two, the second array is not an index condition
     * but a Filter, a linear search per candidate row (docs/performance.md).
     */
    private static Predicate mergeConjuncts(Predicate p, DatabaseSchema schema) {
        if (!(p instanceof Predicate.And a)) {
            return p;
        }
        List<Predicate> out = new ArrayList<>();
        boolean changed = false;
        for (Predicate c : a.operands()) {
            if (c instanceof Predicate.InSubquery s) {
                int i = -1;
                for (int j = 0; j < out.size() && i < 0; j++) {
                    if (out.get(j) instanceof Predicate.InSubquery prev
                            && sameUniqueRelationship(prev, s.source(), s.inner().name(), s.outer(), schema)) {
                        i = j;
                    }
                }
                if (i >= 0) {
                    out.set(i, narrowed((Predicate.InSubquery) out.get(i), s.scope(), s.where()));
                    changed = true;
                    continue;
                }
            }
            out.add(c);
        }
        return changed ? Predicates.and(out) : p;
    }

    /**
     * {@code (A OR B) AND NOT EXISTS (...)} into {@code (A AND NOT EXISTS) OR (B AND NOT EXISTS)}, each branch merged
     * or isolated so that it is one index condition; {@code p} unchanged where that is not possible.
     */
    private static Predicate distributeNots(Predicate p, DatabaseSchema schema, Optional<QualifiedName> root,
                                            Optional<Expr.Column> key) {
        List<Predicate> conjuncts = p instanceof Predicate.And a ? a.operands() : List.of(p);
        int holder = -1;
        for (int i = 0; i < conjuncts.size(); i++) {
            Predicate c = conjuncts.get(i);
            boolean candidate = c instanceof Predicate.Or o && o.operands().stream().allMatch(Optimizer::indexCondition)
                    || c instanceof Predicate.InSubquery && indexCondition(c);
            if (candidate) {
                if (holder >= 0) {
                    return p; // two candidates: leave the choice to PostgreSQL
                }
                holder = i;
            }
        }
        if (holder < 0) {
            return p;
        }
        List<Predicate> nots = new ArrayList<>();
        List<Predicate> others = new ArrayList<>();
        for (int i = 0; i < conjuncts.size(); i++) {
            Predicate c = conjuncts.get(i);
            if (i == holder) {
                continue;
            }
            if (c instanceof Predicate.Not n && n.operand() instanceof Predicate.Exists e
                    && e.source() instanceof Predicate.TableSource && e.join().size() == 1) {
                nots.add(c);
            } else {
                others.add(c);
            }
        }
        if (nots.isEmpty()) {
            return p;
        }
        Predicate h = conjuncts.get(holder);
        if (!(h instanceof Predicate.Or or)) {
            // One branch, no OR: merge what can be merged, leave the rest to PostgreSQL's anti-join.
            List<Predicate> out = new ArrayList<>(others);
            Predicate merged = mergeNots(h, nots, schema, out);
            if (merged == h) {
                return p;
            }
            out.add(0, merged);
            return Predicates.and(out);
        }
        int scope = Predicates.maxScope(p);
        List<Predicate> branches = new ArrayList<>();
        for (Predicate branch : or.operands()) {
            List<Predicate> residual = new ArrayList<>();
            Predicate merged = mergeNots(branch, nots, schema, residual);
            if (residual.isEmpty()) {
                branches.add(merged);
                continue;
            }
            if (key.isEmpty()) {
                return p; // neither merged nor isolated: the OR would lose its index conditions
            }
            List<Predicate> all = new ArrayList<>();
            all.add(merged);
            all.addAll(residual);
            int s = ++scope;
            Expr.Column k = key.get();
            branches.add(new Predicate.InSubquery(k, new Predicate.TableSource(root.orElseThrow()), s,
                    new Expr.Column(s, k.name(), k.type(), false), Predicates.rescope(Predicates.and(all), s, 0)));
        }
        List<Predicate> out = new ArrayList<>(others);
        out.add(0, Predicates.or(branches));
        return Predicates.and(out);
    }

    /** {@code branch} with every NOT of {@code nots} merged into it that can be; the others added to {@code residual}. */
    private static Predicate mergeNots(Predicate branch, List<Predicate> nots, DatabaseSchema schema,
                                       List<Predicate> residual) {
        Predicate merged = branch;
        for (Predicate n : nots) {
            Optional<Predicate> m = merge(merged, (Predicate.Not) n, schema);
            if (m.isPresent()) {
                merged = m.get();
            } else {
                residual.add(n);
            }
        }
        return merged;
    }

    /** An OR branch PostgreSQL can find through an index: {@code outer.column = ANY (ARRAY (SELECT ...))}. */
    private static boolean indexCondition(Predicate p) {
        return p instanceof Predicate.InSubquery s && s.outer() instanceof Expr.Column c && c.scope() == 0
                && s.source() instanceof Predicate.TableSource;
    }

    /**
     * {@code fk = ANY (ARRAY (SELECT t.k FROM t WHERE P))} AND {@code NOT EXISTS (SELECT 1 FROM t WHERE t.k = fk AND
     * Q)} as {@code fk = ANY (ARRAY (SELECT t.k FROM t WHERE P AND NOT Q))}, where that is exact (see the class
     * comment).
     */
    private static Optional<Predicate> merge(Predicate branch, Predicate.Not not, DatabaseSchema schema) {
        Predicate.Exists e = (Predicate.Exists) not.operand();
        Predicate.JoinPair j = e.join().get(0);
        if (!(branch instanceof Predicate.InSubquery s)
                || !sameUniqueRelationship(s, e.source(), j.inner().name(), j.outer(), schema)
                || !readsOnly(e.where(), boundScopes(e)) || !twoValued(e.where())) {
            return Optional.empty();
        }
        return Optional.of(narrowed(s, e.scope(), new Predicate.Not(e.where())));
    }

    /**
     * Whether {@code s} reads the rows of {@code source} joined as {@code source.inner = outer}, with {@code inner}
     * alone a primary key or unique constraint of the table (so at most one row of it matches an outer row).
     */
    private static boolean sameUniqueRelationship(Predicate.InSubquery s, Predicate.Source source, String inner,
                                                  Expr outer, DatabaseSchema schema) {
        return s.source() instanceof Predicate.TableSource t && t.equals(source) && s.inner().name().equals(inner)
                && s.outer().equals(outer) && schema.table(t.table()).map(x -> unique(x, inner)).orElse(false);
    }

    /** {@code s} with {@code extra}, a condition on the rows bound to scope {@code from}, ANDed to its condition. */
    private static Predicate.InSubquery narrowed(Predicate.InSubquery s, int from, Predicate extra) {
        int to = s.scope();
        Predicate w = Predicates.remap(extra, k -> k == from ? to : k);
        return new Predicate.InSubquery(s.outer(), s.source(), s.scope(), s.inner(), Predicates.and(List.of(s.where(), w)));
    }

    /** Whether {@code column} alone is a primary key or unique constraint of {@code table}. */
    private static boolean unique(Table table, String column) {
        if (table.primaryKeyColumns().equals(List.of(column))) {
            return true;
        }
        for (UniqueConstraint u : table.uniqueConstraints()) {
            if (u.columns().equals(List.of(column))) {
                return true;
            }
        }
        return false;
    }

    /** The one-column primary key of a table (not a view: its rows must be what the filter's rows are). */
    private static Optional<Column> singleKey(Table table) {
        if (table.kind() != Table.Kind.TABLE && table.kind() != Table.Kind.PARTITIONED_TABLE
                || table.primaryKeyColumns().size() != 1) {
            return Optional.empty();
        }
        return table.column(table.primaryKeyColumns().get(0));
    }

    /** Whether {@code p} is TRUE or FALSE on every row, never UNKNOWN. */
    private static boolean twoValued(Predicate p) {
        if (p instanceof Predicate.Const c) {
            return c.value() != TriBool.UNKNOWN;
        }
        if (p instanceof Predicate.And a) {
            return a.operands().stream().allMatch(Optimizer::twoValued);
        }
        if (p instanceof Predicate.Or o) {
            return o.operands().stream().allMatch(Optimizer::twoValued);
        }
        if (p instanceof Predicate.Not n) {
            return twoValued(n.operand());
        }
        if (p instanceof Predicate.IsNull || p instanceof Predicate.Exists || p instanceof Predicate.Aggregate) {
            return true;
        }
        if (p instanceof Predicate.Compare c) {
            return c.op() != CompareOp.IN && notNull(c.left()) && notNull(c.right());
        }
        return false;
    }

    private static boolean notNull(Expr e) {
        if (e instanceof Expr.Column c) {
            return !c.nullable();
        }
        if (e instanceof Expr.Literal l) {
            return l.value() != SqlNull.INSTANCE && !(l.value() instanceof List<?>);
        }
        if (e instanceof Expr.Cast c) {
            return notNull(c.expr());
        }
        return e instanceof Expr.SessionValue;
    }

    /**
     * Rewrites EXISTS nodes into {@link Predicate.InSubquery} where that is exact (and correlated ones under an OR
     * into a prefilter AND the EXISTS). Only
     * called on predicates whose value matters only when TRUE; walks AND/OR (which keep that context) and the
     * conditions inside subqueries (which have it too), never a NOT.
     */
    private static Predicate semiJoins(Predicate p, boolean underOr) {
        if (p instanceof Predicate.And a) {
            List<Predicate> out = new ArrayList<>(a.operands().size());
            a.operands().forEach(x -> out.add(semiJoins(x, underOr)));
            return new Predicate.And(out);
        }
        if (p instanceof Predicate.Or o) {
            List<Predicate> out = new ArrayList<>(o.operands().size());
            o.operands().forEach(x -> out.add(semiJoins(x, true)));
            return new Predicate.Or(out);
        }
        if (p instanceof Predicate.Exists e) {
            Predicate where = semiJoins(e.where(), false);
            Predicate.Exists kept = new Predicate.Exists(e.source(), e.scope(), e.join(), where);
            if (!(e.source() instanceof Predicate.TableSource) || e.join().size() != 1) {
                return kept;
            }
            Predicate.JoinPair j = e.join().get(0);
            Set<Integer> bound = boundScopes(e);
            if (readsOnly(where, bound)) {
                return new Predicate.InSubquery(j.outer(), e.source(), e.scope(), j.inner(), where);
            }
            if (!underOr) {
                return kept; // PostgreSQL pulls a correlated EXISTS outside an OR up into a semi-join
            }
            // The condition reads the outer row (a ["$", column] reference): keep the EXISTS, behind the
            // uncorrelated subquery of a weaker condition (the parts that read the outer row dropped), so that
            // PostgreSQL can still find the candidate rows through an index and checks the EXISTS only on them.
            Predicate relaxed = opt(relax(where, bound), Context.TRUE_MATTERS);
            if (relaxed instanceof Predicate.Const) {
                return kept;
            }
            return new Predicate.And(List.of(
                    new Predicate.InSubquery(j.outer(), e.source(), e.scope(), j.inner(), semiJoins(relaxed, false)), kept));
        }
        if (p instanceof Predicate.InSubquery s) {
            return new Predicate.InSubquery(s.outer(), s.source(), s.scope(), s.inner(), semiJoins(s.where(), false));
        }
        if (p instanceof Predicate.InJoin j) {
            return new Predicate.InJoin(j.outer(), j.sources(), j.inner(), semiJoins(j.where(), false));
        }
        return p;
    }

    /** The scopes an EXISTS binds: its own and those of the subqueries inside its condition. */
    private static Set<Integer> boundScopes(Predicate.Exists e) {
        Set<Integer> bound = new HashSet<>();
        bound.add(e.scope());
        Predicates.walk(e.where(), n -> {
            if (n instanceof Predicate.Exists x) {
                bound.add(x.scope());
            } else if (n instanceof Predicate.InSubquery x) {
                bound.add(x.scope());
            } else if (n instanceof Predicate.InJoin x) {
                x.sources().forEach(b -> bound.add(b.scope()));
            } else if (n instanceof Predicate.Aggregate x) {
                bound.add(x.scope());
                bound.add(x.resultScope());
            }
        });
        return bound;
    }

    /** Whether {@code p} reads rows of {@code bound} scopes only (no enclosing row). */
    private static boolean readsOnly(Predicate p, Set<Integer> bound) {
        boolean[] outside = {false};
        Predicates.walkExprs(p, x -> {
            if (x instanceof Expr.Column c && !bound.contains(c.scope())
                    || x instanceof Expr.Row r && !bound.contains(r.scope())) {
                outside[0] = true;
            }
        });
        return !outside[0];
    }

    /**
     * A condition implied by {@code p} (TRUE whenever {@code p} is TRUE) that reads only {@code bound} scopes: the
     * parts of {@code p} that read other rows are replaced by TRUE where they occur positively (under AND, OR and
     * EXISTS, which are monotone), and a NOT or other node that reads them becomes TRUE as a whole.
     */
    private static Predicate relax(Predicate p, Set<Integer> bound) {
        if (readsOnly(p, bound)) {
            return p;
        }
        if (p instanceof Predicate.And a) {
            return new Predicate.And(a.operands().stream().map(x -> relax(x, bound)).toList());
        }
        if (p instanceof Predicate.Or o) {
            return new Predicate.Or(o.operands().stream().map(x -> relax(x, bound)).toList());
        }
        if (p instanceof Predicate.Exists x && x.source() instanceof Predicate.TableSource
                && x.join().stream().allMatch(j -> readsOnlyExpr(j.outer(), bound))) {
            return new Predicate.Exists(x.source(), x.scope(), x.join(), relax(x.where(), bound));
        }
        return Predicate.Const.TRUE;
    }

    private static boolean readsOnlyExpr(Expr e, Set<Integer> bound) {
        boolean[] outside = {false};
        Predicates.walkExpr(e, x -> {
            if (x instanceof Expr.Column c && !bound.contains(c.scope())
                    || x instanceof Expr.Row r && !bound.contains(r.scope())
                    || x instanceof Expr.Redacted) {
                outside[0] = true;
            }
        });
        return !outside[0];
    }

    private static Predicate opt(Predicate p, Context ctx) {
        if (p instanceof Predicate.Const c) {
            return constant(c.value(), ctx);
        }
        if (p instanceof Predicate.And a) {
            List<Predicate> out = new ArrayList<>();
            boolean unknown = false;
            for (Predicate x : a.operands()) {
                Predicate o = opt(x, ctx);
                if (o instanceof Predicate.Const c) {
                    if (c.value() == TriBool.FALSE) {
                        return Predicate.Const.FALSE;
                    }
                    if (c.value() == TriBool.TRUE) {
                        continue;
                    }
                    unknown = true;
                    continue;
                }
                if (o instanceof Predicate.And inner) {
                    out.addAll(inner.operands());
                } else {
                    out.add(o);
                }
            }
            if (unknown) {
                // Only reachable in EXACT context (elsewhere UNKNOWN was folded): AND with UNKNOWN is FALSE or UNKNOWN.
                out.add(Predicate.Const.UNKNOWN);
            }
            return Predicates.and(out);
        }
        if (p instanceof Predicate.Or o) {
            List<Predicate> out = new ArrayList<>();
            boolean unknown = false;
            for (Predicate x : o.operands()) {
                Predicate r = opt(x, ctx);
                if (r instanceof Predicate.Const c) {
                    if (c.value() == TriBool.TRUE) {
                        return Predicate.Const.TRUE;
                    }
                    if (c.value() == TriBool.FALSE) {
                        continue;
                    }
                    unknown = true;
                    continue;
                }
                if (r instanceof Predicate.Or inner) {
                    out.addAll(inner.operands());
                } else {
                    out.add(r);
                }
            }
            if (unknown) {
                out.add(Predicate.Const.UNKNOWN);
            }
            return Predicates.or(out);
        }
        if (p instanceof Predicate.Not n) {
            Predicate inner = opt(n.operand(), ctx.negated());
            if (inner instanceof Predicate.Const c) {
                return constant(c.value().not(), ctx);
            }
            if (inner instanceof Predicate.Not nn) {
                return nn.operand();
            }
            return new Predicate.Not(inner);
        }
        if (p instanceof Predicate.Compare c) {
            return compare(c, ctx);
        }
        if (p instanceof Predicate.IsNull n) {
            Expr e = optExpr(n.expr());
            if (e instanceof Expr.Column col && !col.nullable()) {
                return constant(TriBool.of(n.negated()), ctx);
            }
            if (e instanceof Expr.Literal l) {
                return constant(TriBool.of(l.isNull() != n.negated()), ctx);
            }
            return new Predicate.IsNull(e, n.negated());
        }
        if (p instanceof Predicate.Exists e) {
            Predicate where = opt(e.where(), Context.TRUE_MATTERS);
            if (where instanceof Predicate.Const c && c.value() != TriBool.TRUE) {
                return constant(TriBool.FALSE, ctx);
            }
            Predicate.Source source = e.source();
            if (source instanceof Predicate.FunctionSource f) {
                source = new Predicate.FunctionSource(f.function(), optExprs(f.arguments()), f.returnsTable());
            }
            List<Predicate.JoinPair> join = new ArrayList<>();
            for (Predicate.JoinPair j : e.join()) {
                join.add(new Predicate.JoinPair(j.inner(), optExpr(j.outer())));
            }
            return new Predicate.Exists(source, e.scope(), join, where);
        }
        if (p instanceof Predicate.InSubquery s) {
            Predicate where = opt(s.where(), Context.TRUE_MATTERS);
            if (where instanceof Predicate.Const c && c.value() != TriBool.TRUE) {
                return constant(TriBool.FALSE, ctx);
            }
            return new Predicate.InSubquery(optExpr(s.outer()), s.source(), s.scope(), s.inner(), where);
        }
        Predicate.Aggregate g = (Predicate.Aggregate) p;
        Predicate filter = opt(g.filter(), Context.TRUE_MATTERS);
        Predicate conditions = opt(g.conditions(), Context.TRUE_MATTERS);
        if (conditions instanceof Predicate.Const c && c.value() != TriBool.TRUE) {
            return constant(TriBool.FALSE, ctx);
        }
        return new Predicate.Aggregate(g.source(), g.scope(), g.join(), filter, g.function(), g.arguments(), g.distinct(),
                g.resultScope(), conditions);
    }

    private static Predicate compare(Predicate.Compare c, Context ctx) {
        Expr left = optExpr(c.left());
        Expr right = optExpr(c.right());
        if (c.op() == CompareOp.IN && right instanceof Expr.Literal l && l.value() instanceof List<?> list && list.isEmpty()) {
            // x = ANY ('{}') is FALSE, even for a NULL x.
            return constant(TriBool.FALSE, ctx);
        }
        if (isNullLiteral(left) || isNullLiteral(right)) {
            return constant(TriBool.UNKNOWN, ctx);
        }
        return new Predicate.Compare(c.op(), left, right);
    }

    private static boolean isNullLiteral(Expr e) {
        return e instanceof Expr.Literal l && l.value() == SqlNull.INSTANCE;
    }

    private static Predicate constant(TriBool v, Context ctx) {
        if (v == TriBool.UNKNOWN) {
            if (ctx == Context.TRUE_MATTERS) {
                return Predicate.Const.FALSE;
            }
            if (ctx == Context.FALSE_MATTERS) {
                return Predicate.Const.TRUE;
            }
            return Predicate.Const.UNKNOWN;
        }
        return v == TriBool.TRUE ? Predicate.Const.TRUE : Predicate.Const.FALSE;
    }

    private static List<Expr> optExprs(List<Expr> es) {
        List<Expr> out = new ArrayList<>(es.size());
        es.forEach(e -> out.add(optExpr(e)));
        return out;
    }

    private static Expr optExpr(Expr e) {
        if (e instanceof Expr.Redacted r) {
            Predicate cond = opt(r.condition(), Context.TRUE_MATTERS);
            if (cond instanceof Predicate.Const c) {
                return c.value() == TriBool.TRUE ? optExpr(r.value()) : new Expr.Literal(r.type(), SqlNull.INSTANCE);
            }
            return new Expr.Redacted(cond, optExpr(r.value()));
        }
        if (e instanceof Expr.Cast c) {
            return new Expr.Cast(optExpr(c.expr()), c.type());
        }
        if (e instanceof Expr.Call call) {
            return new Expr.Call(call.function(), optExprs(call.arguments()), call.type());
        }
        return e;
    }
}

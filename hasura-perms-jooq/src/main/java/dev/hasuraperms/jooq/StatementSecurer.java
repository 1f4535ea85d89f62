package dev.hasuraperms.jooq;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.DeleteRule;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.internal.sql.PermissionPredicates.Kind;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.FieldOrRow;
import org.jooq.Merge;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Row;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.VisitContext;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;

/**
 * The work of the {@link PermissionListener}: for one statement part jOOQ is about to render, the part with the
 * permission filters of the secured tables it reads or writes, or a refusal. Stateless; the per-rendering state (the
 * session, the table references already secured) is a {@link State}.
 */
final class StatementSecurer {

    /** What one rendering (one render or bind context) remembers. */
    static final class State {

        private final Supplier<? extends SessionValues> supplier;
        private final boolean batchSingle;
        private SessionValues session;
        /** Table references (and the tables they alias) secured in this rendering, by identity. */
        private final Set<Table<?>> secured = Collections.newSetFromMap(new IdentityHashMap<>());

        /**
         * @param batchSingle whether the statement runs as a batch of bind value sets ({@code dsl.batch(query)
         *                    .bind(...)}): jOOQ binds only the host's own values for each set
         */
        State(Supplier<? extends SessionValues> supplier, boolean batchSingle) {
            this.supplier = supplier;
            this.batchSingle = batchSingle;
        }

        /** The session, asked of the supplier once per rendering, when a secured table is first met. */
        SessionValues session() {
            if (session == null) {
                SessionValues s = supplier.get();
                if (s == null) {
                    throw new IllegalStateException("the PermissionListener's session supplier returned null");
                }
                session = s;
            }
            return session;
        }

        void secured(Table<?> reference) {
            secured.add(reference);
            secured.add(JooqTables.unaliased(reference));
        }

        boolean isSecured(QueryPart part) {
            return part instanceof Table<?> t && secured.contains(t);
        }

        /** {@code filter} for the rows named {@code reference}, or a refusal in a batch of bind value sets. */
        Condition condition(QualifiedName table, Table<?> reference, JooqTemplate filter) {
            if (batchSingle && filter.template().parameterCount() > 0) {
                throw new UnsecuredStatementException(table, "a batch of bind value sets (dsl.batch(query).bind(...))"
                        + " reads or writes secured table " + table + ": jOOQ binds only the query's own values for"
                        + " each set, not the permission filter's; run the statements one by one");
            }
            return filter.condition(reference, session());
        }
    }

    /** Where the filters of the tables of one FROM clause (or join side) go. */
    private static final class Sink {

        private final String refusal;
        private final List<Condition> filters = new ArrayList<>(2);
        private boolean seen;

        private Sink(String refusal) {
            this.refusal = refusal;
        }

        static Sink collecting() {
            return new Sink(null);
        }

        /** A sink for a place no filter can go; {@code %s} in {@code refusal} is the table. */
        static Sink refusing(String refusal) {
            return new Sink(refusal);
        }

        void add(QualifiedName table, Table<?> reference, JooqTemplate filter, State st) {
            if (refusal != null) {
                throw new UnsecuredStatementException(table, refusal.formatted(table));
            }
            seen = true;
            if (!filter.alwaysTrue()) {
                filters.add(st.condition(table, reference, filter));
            }
        }
    }

    private final JooqPermissions permissions;
    private final CheckedPermissions checked;

    StatementSecurer(JooqPermissions permissions) {
        this.permissions = permissions;
        this.checked = permissions.permissions();
    }

    /** {@code part} secured (itself when nothing changes); throws when it must be refused. */
    QueryPart secure(QueryPart part, VisitContext ctx, State st) {
        if (part instanceof Select<?> s) {
            return select(s, st);
        }
        if (part instanceof QOM.Update<?> u) {
            return update(u, st);
        }
        if (part instanceof QOM.Delete<?> d) {
            return delete(d, st);
        }
        if (part instanceof QOM.Insert<?> i) {
            insert(i);
            return part;
        }
        if (part instanceof Merge<?>) {
            throw new UnsecuredStatementException(Optional.empty(),
                    "MERGE is refused: the listener cannot see its target and source tables in jOOQ's query model;"
                            + " use UPDATE, INSERT ... ON CONFLICT (SecureDsl) or DELETE");
        }
        if (part instanceof QOM.Truncate<?> t) {
            truncate(t);
            return part;
        }
        if (part instanceof TableImpl<?> t && ctx.context().declareTables()) {
            declared(t, ctx, st);
        }
        return part;
    }

    // ------------------------------------------------------------------------------------------------- select

    private QueryPart select(Select<?> s, State st) {
        Condition where = s.$where();
        if (where instanceof SecuredCondition) {
            return s;
        }
        List<? extends Table<?>> from = s.$from();
        if (from.isEmpty()) {
            return s;
        }
        Sink sink = Sink.collecting();
        List<Table<?>> rewritten = from(from, sink, st);
        Select<?> out = s;
        if (rewritten != null) {
            out = out.$from(rewritten);
        }
        if (!sink.filters.isEmpty()) {
            out = out.$where(SecuredCondition.of(where, sink.filters));
        }
        return out;
    }

    /** The FROM list with its joins secured (null when no join changed); the WHERE filters go to {@code sink}. */
    private List<Table<?>> from(List<? extends Table<?>> from, Sink sink, State st) {
        List<Table<?>> rewritten = null;
        for (int i = 0; i < from.size(); i++) {
            Table<?> t = from.get(i);
            Table<?> r = table(t, sink, st);
            if (r != t) {
                if (rewritten == null) {
                    rewritten = new ArrayList<>(from);
                }
                rewritten.set(i, r);
            }
        }
        return rewritten;
    }

    private Table<?> table(Table<?> t, Sink sink, State st) {
        if (t instanceof QOM.JoinTable<?, ?> j) {
            return join(j, sink, st);
        }
        Optional<QualifiedName> name = JooqTables.named(t);
        if (name.isEmpty()) {
            JooqTables.implName(t).ifPresent(this::refuseRowsFunction);
        }
        if (name.isEmpty() || checked.table(name.get()).isEmpty()) {
            // Not a secured table. A derived table, a lateral subquery or a CTE body is a SELECT of its own, secured
            // when jOOQ renders it; anything else that declares a secured table is caught by declared().
            return t;
        }
        SessionValues session = st.session();
        refuseUnlisted(name.get(), session);
        JooqTemplate filter = permissions.template(name.get(), session.role(), Kind.SELECT_FILTER);
        st.secured(t);
        sink.add(name.get(), t, filter, st);
        return t;
    }

    /**
     * Refuses a table reference that calls a function returning rows of a secured table (a tracked function, or any
     * function {@code RETURNS SETOF <secured table>}: a generated jOOQ table-valued function, a {@code TableImpl} with
     * parameters): the listener would see no secured table and let the rows through unfiltered. Tracked functions are
     * read with {@code SecureDsl.function}, under the return table's select permission.
     */
    private void refuseRowsFunction(QualifiedName name) {
        if (checked.table(name).isPresent()) {
            return;
        }
        boolean rows = checked.function(name).isPresent() || checked.schema().functions(name).stream()
                .anyMatch(f -> f.returnType() instanceof dev.hasuraperms.types.PgType.Composite c
                        && checked.table(c.name()).isPresent());
        if (rows) {
            throw new UnsecuredStatementException(name, "a call of function " + name + ", which returns rows of a"
                    + " secured table: the listener cannot filter them; use SecureDsl.function");
        }
    }

    /**
     * Refuses a read of a table whose select permission exposes no {@code select} query root field
     * ({@code query_root_fields} without {@code select}): Hasura serves its rows only through relationships or
     * another root field, and the listener cannot tell a statement that follows a relationship from a list read.
     */
    private void refuseUnlisted(QualifiedName table, SessionValues session) {
        checked.select(table, session.role()).ifPresent(rule -> {
            if (!rule.queryRootFields().contains(dev.hasuraperms.metadata.RootField.SELECT)) {
                throw new PermissionDeniedException(session.role(), table, Operation.SELECT, "its query_root_fields do"
                        + " not expose select, and the listener cannot tell a read through a relationship from a list"
                        + " read; use SecureDsl");
            }
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Table<?> join(QOM.JoinTable<?, ?> j, Sink sink, State st) {
        Table<?> a = j.$table1();
        Table<?> b = j.$table2();
        Sink left = sink;
        Sink right = sink;
        Sink on = null;
        if (j instanceof QOM.Join || j instanceof QOM.CrossJoin || j instanceof QOM.NaturalJoin
                || j instanceof QOM.StraightJoin || j instanceof QOM.CrossApply) {
            // inner: both sides' filters go where this join's rows go
        } else if (j instanceof QOM.LeftJoin || j instanceof QOM.LeftSemiJoin || j instanceof QOM.LeftAntiJoin) {
            on = Sink.collecting();
            right = on;
        } else if (j instanceof QOM.RightJoin) {
            on = Sink.collecting();
            left = on;
        } else if (j instanceof QOM.NaturalLeftJoin || j instanceof QOM.OuterApply) {
            right = Sink.refusing("secured table %s on the nullable side of a NATURAL LEFT JOIN or OUTER APPLY:"
                    + " the listener needs an ON clause to filter it; write LEFT JOIN ... ON");
        } else if (j instanceof QOM.NaturalRightJoin) {
            left = Sink.refusing("secured table %s on the nullable side of a NATURAL RIGHT JOIN:"
                    + " the listener needs an ON clause to filter it; write RIGHT JOIN ... ON");
        } else if (j instanceof QOM.FullJoin || j instanceof QOM.NaturalFullJoin) {
            left = right = Sink.refusing("secured table %s in a FULL JOIN: its filter can go neither in the WHERE"
                    + " clause nor in the ON clause without changing the join; filter it in a derived table");
        } else {
            left = right = Sink.refusing("secured table %s in a join the listener does not know ("
                    + j.getClass().getSimpleName() + ")");
        }
        Table<?> a2 = table(a, left, st);
        Table<?> b2 = table(b, right, st);
        QOM.JoinTable r = j;
        if (a2 != a) {
            r = r.$table1(a2);
        }
        if (b2 != b) {
            r = r.$table2(b2);
        }
        if (on != null && on.seen) {
            QOM.QualifiedJoin q = (QOM.QualifiedJoin) r;
            if (q.$on() == null || !q.$using().isEmpty()) {
                throw new UnsecuredStatementException(Optional.empty(), "a secured table on the nullable side of an"
                        + " outer join with USING: the listener needs an ON clause to filter it; write ... JOIN ... ON");
            }
            if (!on.filters.isEmpty()) {
                r = (QOM.JoinTable) q.$on(SecuredCondition.of(q.$on(), on.filters));
            }
        }
        return (Table<?>) r;
    }

    // ------------------------------------------------------------------------------------------------- update

    @SuppressWarnings({"rawtypes", "unchecked"})
    private QueryPart update(QOM.Update<?> u, State st) {
        Condition where = u.$where();
        if (where instanceof SecuredCondition) {
            return u;
        }
        Sink sink = Sink.collecting();
        Table<?> target = u.$table();
        Optional<QualifiedName> name = JooqTables.named(target);
        if (name.isPresent() && checked.table(name.get()).isPresent()) {
            QualifiedName table = name.get();
            SessionValues session = st.session();
            UpdateRule rule = checked.update(table, session.role())
                    .orElseThrow(() -> new PermissionDeniedException(session.role(), table, Operation.UPDATE));
            if (rule.backendOnly() && !session.backendOnlyPermissions()) {
                throw backendOnly(session, table, Operation.UPDATE);
            }
            if (rule.validateInput().isPresent()) {
                throw new UnsecuredStatementException(table, "UPDATE of secured table " + table + ": its update"
                        + " permission has validate_input, which the listener does not call; use the enforced update"
                        + " (SecureDsl.update)");
            }
            for (FieldOrRow key : u.$set().keySet()) {
                if (key instanceof Field<?> f) {
                    updatable(rule, f.getName());
                } else if (key instanceof Row row) {
                    for (Field<?> f : row.fields()) {
                        updatable(rule, f.getName());
                    }
                }
            }
            if (!rule.presets().isEmpty()) {
                throw new UnsecuredStatementException(table, "UPDATE of secured table " + table + " for role "
                        + rule.role() + ": its update permission presets " + String.join(", ", rule.presets().keySet())
                        + ", which the listener does not set; use the enforced update (SecureDsl.update)");
            }
            if (!permissions.template(table, session.role(), Kind.UPDATE_CHECK).alwaysTrue()) {
                throw new UnsecuredStatementException(table, "UPDATE of secured table " + table + " for role "
                        + rule.role() + ": its update permission has a check, which the listener cannot apply to the"
                        + " updated rows; use the enforced update (SecureDsl.update)");
            }
            st.secured(target);
            JooqTemplate filter = permissions.template(table, session.role(), Kind.UPDATE_FILTER);
            if (!filter.alwaysTrue()) {
                sink.filters.add(st.condition(table, target, filter));
            }
        }
        List<Table<?>> from = from(u.$from(), sink, st);
        QOM.Update out = u;
        if (from != null) {
            out = out.$from(from);
        }
        if (!sink.filters.isEmpty()) {
            out = out.$where(SecuredCondition.of(where, sink.filters));
        }
        return out;
    }

    private void updatable(UpdateRule rule, String column) {
        if (rule.updatableColumns().contains(column)) {
            return;
        }
        String why;
        if (rule.presets().containsKey(column)) {
            why = "the update permission presets it";
        } else if (checked.schema().table(rule.table()).flatMap(t -> t.column(column)).isEmpty()) {
            why = "the table has no such column";
        } else {
            why = "it is not in the update permission's columns";
        }
        throw new ColumnNotAllowedException(rule.role(), rule.table(), Operation.UPDATE, column, why);
    }

    // ------------------------------------------------------------------------------------------------- delete

    @SuppressWarnings({"rawtypes", "unchecked"})
    private QueryPart delete(QOM.Delete<?> d, State st) {
        Condition where = d.$where();
        if (where instanceof SecuredCondition) {
            return d;
        }
        Sink sink = Sink.collecting();
        Table<?> target = d.$from();
        Optional<QualifiedName> name = JooqTables.named(target);
        if (name.isPresent() && checked.table(name.get()).isPresent()) {
            QualifiedName table = name.get();
            SessionValues session = st.session();
            DeleteRule rule = checked.delete(table, session.role())
                    .orElseThrow(() -> new PermissionDeniedException(session.role(), table, Operation.DELETE));
            if (rule.backendOnly() && !session.backendOnlyPermissions()) {
                throw backendOnly(session, table, Operation.DELETE);
            }
            if (rule.validateInput().isPresent()) {
                throw new UnsecuredStatementException(table, "DELETE of secured table " + table + ": its delete"
                        + " permission has validate_input, which the listener does not call; use the enforced delete"
                        + " (SecureDsl.deleteFrom)");
            }
            st.secured(target);
            JooqTemplate filter = permissions.template(table, session.role(), Kind.DELETE_FILTER);
            if (!filter.alwaysTrue()) {
                sink.filters.add(st.condition(table, target, filter));
            }
        }
        List<Table<?>> using = from(d.$using(), sink, st);
        QOM.Delete out = d;
        if (using != null) {
            out = out.$using(using);
        }
        if (!sink.filters.isEmpty()) {
            out = out.$where(SecuredCondition.of(where, sink.filters));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------- refusals

    private void insert(QOM.Insert<?> i) {
        Optional<QualifiedName> name = JooqTables.named(i.$into());
        if (name.isPresent() && checked.table(name.get()).isPresent()) {
            throw new UnsecuredStatementException(name.get(), "INSERT into secured table " + name.get()
                    + ": use the enforced insert (SecureDsl.insertInto) so the permission's columns, presets and"
                    + " check apply");
        }
    }

    private void truncate(QOM.Truncate<?> t) {
        for (Table<?> table : t.$table()) {
            Optional<QualifiedName> name = JooqTables.named(table);
            if (name.isPresent() && checked.table(name.get()).isPresent()) {
                throw new UnsecuredStatementException(name.get(), "TRUNCATE of secured table " + name.get()
                        + " is refused: it bypasses the delete permission's filter");
            }
        }
        if (t.$cascade() == QOM.Cascade.CASCADE) {
            throw new UnsecuredStatementException(Optional.empty(),
                    "TRUNCATE ... CASCADE is refused: it may empty secured tables that reference the truncated ones");
        }
    }

    /**
     * A table jOOQ declares (in a FROM clause, a join, a DML target) while rendering: a secured one must be one this
     * rendering secured, or part of one (the table an alias declares), or inside a permission filter (whose
     * subqueries read related tables as Hasura does, unfiltered). Anything else (an implicit join path, a table in a
     * plain SQL template's FROM, a join the listener cannot see through) is refused rather than read unfiltered.
     */
    private void declared(TableImpl<?> t, VisitContext ctx, State st) {
        if (st.isSecured(t)) {
            return;
        }
        Optional<QualifiedName> name = JooqTables.named(t);
        if (name.isEmpty() && !isInsidePermission(ctx)) {
            JooqTables.implName(t).ifPresent(this::refuseRowsFunction);
        }
        if (name.isEmpty() || checked.table(name.get()).isEmpty()) {
            return;
        }
        QueryPart[] stack = ctx.queryParts();
        for (int i = ctx.queryPartsLength() - 2; i >= 0; i--) {
            QueryPart p = stack[i];
            if (st.isSecured(p) || p instanceof PermissionCondition) {
                return;
            }
            if (p instanceof Select<?> || p instanceof Query) {
                break;
            }
        }
        throw new UnsecuredStatementException(name.get(), "secured table " + name.get() + " is declared where the"
                + " listener cannot filter it (an implicit join path, an aliased join, a plain SQL template, a"
                + " construct it does not analyse); write it as a table in a FROM clause or an explicit join");
    }

    private static boolean isInsidePermission(VisitContext ctx) {
        QueryPart[] stack = ctx.queryParts();
        for (int i = ctx.queryPartsLength() - 2; i >= 0; i--) {
            if (stack[i] instanceof PermissionCondition) {
                return true;
            }
        }
        return false;
    }

    private static PermissionDeniedException backendOnly(SessionValues session, QualifiedName table, Operation op) {
        return new PermissionDeniedException(session.role(), table, op,
                "the permission is backend_only and this session is not in backend mode");
    }
}

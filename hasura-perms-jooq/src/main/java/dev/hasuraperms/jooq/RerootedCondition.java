package dev.hasuraperms.jooq;

import dev.hasuraperms.names.QualifiedName;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.Context;
import org.jooq.Name;
import org.jooq.Table;
import org.jooq.impl.CustomCondition;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;

/**
 * A condition whose permission predicates ({@link PermissionCondition}, e.g. a caller's filter from
 * {@link JooqPermissions#callerCondition}) rooted at the unaliased table {@code table} are written for the rows named
 * {@code rows} instead. {@link SecureSelect} wraps the caller's condition in it when the rows come from a derived
 * table under the table's unqualified name (cell redaction): there the table's schema-qualified name does not resolve
 * ({@code invalid reference to FROM-clause entry}). Only the predicates' root changes; the tables of their subqueries
 * and any other part of the condition are written as they are.
 */
final class RerootedCondition extends CustomCondition {

    /** The {@link Context#data} key under which the replacement is visible while the condition is written. */
    static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "hasura-perms.reroot";
        }
    };

    /** The replacement: predicates rooted at {@code table} (unaliased) are written for {@code rows}. */
    record Reroot(QualifiedName table, Table<?> rows) {

        /** The root to write for {@code root}: {@code rows} when {@code root} names the table unaliased. */
        Table<?> rootFor(Table<?> root) {
            if (root instanceof QOM.TableAlias<?>) {
                return root;
            }
            try {
                return JooqPermissions.tableName(root).equals(table) ? rows : root;
            } catch (IllegalArgumentException e) {
                return root;
            }
        }
    }

    private final Condition condition;
    private final Reroot reroot;

    private RerootedCondition(Condition condition, Reroot reroot) {
        this.condition = condition;
        this.reroot = reroot;
    }

    /** {@code condition}, with predicates rooted at {@code table} written for the rows named {@code rows}. */
    static Condition of(Condition condition, QualifiedName table, Name rows) {
        Objects.requireNonNull(condition, "condition");
        return new RerootedCondition(condition, new Reroot(table, DSL.table(rows)));
    }

    @Override
    public void accept(Context<?> ctx) {
        Object previous = ctx.data(KEY, reroot);
        try {
            ctx.visit(condition);
        } finally {
            if (previous == null) {
                ctx.data().remove(KEY);
            } else {
                ctx.data(KEY, previous);
            }
        }
    }
}

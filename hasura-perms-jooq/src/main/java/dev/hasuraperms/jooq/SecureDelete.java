package dev.hasuraperms.jooq;

import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;

/**
 * An enforced delete, built by {@link SecureDsl#deleteFrom}: only rows of the delete permission's filter AND the
 * caller's conditions are deleted.
 *
 * <pre>{@code
 * int deleted = secure.deleteFrom(session, a).where(id.eq(7)).execute().affectedRows();
 * }</pre>
 *
 * <p>The SQL, one statement: {@code delete from "public"."articles" as "a" where (<delete filter>) and (<caller's
 * condition>) [returning <caller's fields>]}. Immutable: each method returns a new builder.
 */
public final class SecureDelete {

    private final SecureDsl secure;
    private final SessionValues session;
    private final TableRef table;
    private final Condition where;
    private final Returning returning;

    private SecureDelete(SecureDsl secure, SessionValues session, TableRef table, Condition where, Returning returning) {
        this.secure = secure;
        this.session = session;
        this.table = table;
        this.where = where;
        this.returning = returning;
    }

    static SecureDelete create(SecureDsl secure, SessionValues session, TableRef table) {
        return new SecureDelete(secure, session, table, DSL.noCondition(), Returning.NONE);
    }

    /**
     * Adds a condition of the caller (ANDed with earlier ones and with the delete permission's filter).
     *
     * @param condition the caller's condition on the table's rows
     * @return a new builder with the change; this one is unchanged
     */
    public SecureDelete where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new SecureDelete(secure, session, table, DSL.and(where, condition), returning);
    }

    /**
     * Returns these fields of the deleted rows: columns of the role's select permission only.
     *
     * @param fields column fields of the table
     * @return a new builder with the change; this one is unchanged
     */
    public SecureDelete returning(Field<?>... fields) {
        return returning(Arrays.asList(fields));
    }

    /**
     * Like {@link #returning(Field[])}.
     *
     * @param fields column fields of the table
     * @return a new builder with the change; this one is unchanged
     */
    public SecureDelete returning(Collection<? extends Field<?>> fields) {
        return new SecureDelete(secure, session, table, where, Returning.of(List.copyOf(fields)));
    }

    /**
     * Returns every column of the role's select permission of the deleted rows.
     *
     * @return a new builder with the change; this one is unchanged
     */
    public SecureDelete returningReadable() {
        return new SecureDelete(secure, session, table, where, Returning.readable());
    }

    /**
     * Validates the request and runs it (one statement: atomic by itself).
     *
     * @return the number of rows deleted and the returned rows
     * @throws dev.hasuraperms.enforce.InputRejectedException when the input validator (validate_input) rejects the
     *                                                       delete (nothing deleted)
     * @throws org.jooq.exception.DataAccessException on a database error
     */
    public WriteResult execute() {
        secure.requirePermission(table, session, Operation.DELETE);
        dev.hasuraperms.enforce.DeletePlan plan = secure.enforcement().delete(table.name(), session);
        Returning.Resolved ret = returning.resolve(secure, table, session);
        Condition condition = DSL.and(secure.permissions().deleteCondition(table.table(), session), where);
        if (plan.rule().validateInput().isPresent()) {
            // The input validator runs inside the delete's transaction, before the statement.
            return secure.atomically((ctx, connection) -> {
                secure.enforcement().validateInput(plan, session);
                return run(ctx, condition, ret);
            });
        }
        return run(secure.marked(), condition, ret);
    }

    private WriteResult run(org.jooq.DSLContext ctx, Condition condition, Returning.Resolved ret) {
        if (ret.rendered().isEmpty()) {
            int n = ctx.deleteFrom(table.table()).where(condition).execute();
            return new WriteResult(n, ctx.newResult(List.<Field<?>>of()));
        }
        Result<Record> rows = ctx.deleteFrom(table.table()).where(condition).returningResult(ret.rendered()).fetch();
        Field<?>[] fields = ret.resultFields().toArray(new Field<?>[0]);
        Result<Record> out = ctx.newResult(fields);
        for (Record r : rows) {
            Record o = ctx.newRecord(fields);
            for (int j = 0; j < fields.length; j++) {
                set(o, fields[j], r.get(j));
            }
            o.changed(false);
            out.add(o);
        }
        return new WriteResult(rows.size(), out);
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(Record r, Field<T> f, Object v) {
        r.set(f, (T) v);
    }
}

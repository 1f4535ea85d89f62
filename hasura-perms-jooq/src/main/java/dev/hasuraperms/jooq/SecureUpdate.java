package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.UpdatePlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * An enforced update, built by {@link SecureDsl#update}: only rows of the update permission's filter (AND the
 * caller's conditions) are updated, only its updatable columns are set, its presets are forced into the SET, and its
 * check is evaluated on every updated row's new values in the statement's RETURNING clause. If any row fails the
 * check, nothing of the call stays written and a {@link dev.hasuraperms.enforce.CheckViolationException} names the
 * failing rows. Rows outside the filter are left alone and not counted.
 *
 * <pre>{@code
 * WriteResult r = secure.update(session, a)
 *         .set(title, "Renamed")
 *         .where(id.eq(7))
 *         .returning(id, title)
 *         .execute();
 * }</pre>
 *
 * <p>The SQL, one statement in an atomic unit:
 * <pre>
 * update "public"."articles" as "a" set "title" = cast(? as text), "updated_by" = cast(? as text)
 * where (&lt;update filter&gt;) and (&lt;caller's condition&gt;)
 * returning &lt;caller's fields&gt;, "a"."id", ..., (&lt;update check&gt;) as "_hp_check"
 * </pre>
 *
 * <p>The permission's presets are set on every updated row; with presets, setting no column is an update of the
 * preset columns alone, as in Hasura (an update with no {@code _set}). With nothing set and no presets no statement
 * runs and the result is 0 rows, as in Hasura.
 *
 * <p>Immutable: each method returns a new builder.
 */
public final class SecureUpdate {

    private final SecureDsl secure;
    private final SessionValues session;
    private final TableRef table;
    private final Map<Object, Object> set;
    private final Condition where;
    private final Returning returning;

    private SecureUpdate(SecureDsl secure, SessionValues session, TableRef table, Map<Object, Object> set,
                         Condition where, Returning returning) {
        this.secure = secure;
        this.session = session;
        this.table = table;
        this.set = set;
        this.where = where;
        this.returning = returning;
    }

    static SecureUpdate create(SecureDsl secure, SessionValues session, TableRef table) {
        return new SecureUpdate(secure, session, table, Map.of(), DSL.noCondition(), Returning.NONE);
    }

    /**
     * Sets column {@code field} (a column field of the table) to {@code value} (a value of the field's type).
     *
     * @param <T> the type of the column
     * @param field a column field of the table
     * @param value its new value ({@code null} is SQL NULL)
     * @return a new builder with the change; this one is unchanged
     */
    public <T> SecureUpdate set(Field<T> field, T value) {
        Objects.requireNonNull(field, "field");
        Map<Object, Object> m = new LinkedHashMap<>(set);
        m.put(field, value);
        return new SecureUpdate(secure, session, table, m, where, returning);
    }

    /**
     * Sets columns: keys are column names or column fields, values as {@link SecureInsert#values(Map)} takes them.
     *
     * @param values column → new value
     * @return a new builder with the change; this one is unchanged
     */
    public SecureUpdate set(Map<?, ?> values) {
        Map<Object, Object> m = new LinkedHashMap<>(set);
        m.putAll(values);
        return new SecureUpdate(secure, session, table, m, where, returning);
    }

    /**
     * Adds a condition of the caller (ANDed with earlier ones and with the update permission's filter).
     *
     * @param condition the caller's condition on the table's rows
     * @return a new builder with the change; this one is unchanged
     */
    public SecureUpdate where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new SecureUpdate(secure, session, table, set, DSL.and(where, condition), returning);
    }

    /**
     * Returns these fields of the updated rows (their new values): columns of the role's select permission only.
     *
     * @param fields column fields of the table
     * @return a new builder with the change; this one is unchanged
     */
    public SecureUpdate returning(Field<?>... fields) {
        return returning(Arrays.asList(fields));
    }

    /**
     * Like {@link #returning(Field[])}.
     *
     * @param fields column fields of the table
     * @return a new builder with the change; this one is unchanged
     */
    public SecureUpdate returning(Collection<? extends Field<?>> fields) {
        return new SecureUpdate(secure, session, table, set, where, Returning.of(List.copyOf(fields)));
    }

    /**
     * Returns every column of the role's select permission of the updated rows.
     *
     * @return a new builder with the change; this one is unchanged
     */
    public SecureUpdate returningReadable() {
        return new SecureUpdate(secure, session, table, set, where, Returning.readable());
    }

    /**
     * Validates the request and runs it atomically.
     *
     * @return the number of rows updated and the returned rows
     * @throws dev.hasuraperms.enforce.InputRejectedException when the input validator (validate_input) rejects the
     *                                                       update (nothing written)
     * @throws dev.hasuraperms.enforce.CheckViolationException when an updated row fails the check (nothing written)
     * @throws org.jooq.exception.DataAccessException on a database error (nothing written)
     */
    public WriteResult execute() {
        secure.requirePermission(table, session, Operation.UPDATE);
        Map<String, Object> values = secure.audited(table, session, Operation.UPDATE,
                () -> table.columnMap(set, session.role(), Operation.UPDATE));
        UpdatePlan plan = secure.enforcement().update(table.name(), session, values);
        Returning.Resolved ret = returning.resolve(secure, table, session);
        CheckedWrite write = new CheckedWrite(secure, session, table, ret)
                .before(() -> secure.enforcement().validateInput(plan, session));
        Map<Field<?>, Field<?>> assignments = new LinkedHashMap<>();
        for (int i = 0; i < plan.columns().size(); i++) {
            assignments.put(DSL.field(DSL.name(plan.columns().get(i))),
                    TypedValue.of(plan.values().get(i), plan.types().get(i)));
        }
        JooqPermissions permissions = secure.permissions();
        Condition condition = DSL.and(permissions.updateCondition(table.table(), session), where);
        Condition updateCheck = permissions.updateCheck(table.table(), session);
        if (plan.columns().isEmpty()) {
            // Nothing set and nothing preset: Hasura runs no statement and answers affected_rows 0 (after preparing
            // the filter and check, so a missing session variable is still an error).
            return new WriteResult(0, secure.marked().newResult());
        }
        List<SelectField<?>> returned = write.returned(DSL.field(updateCheck), null);
        CheckedWrite.RowCheck check = new CheckedWrite.RowCheck(Operation.UPDATE, plan.rule().check());
        return write.run(1, (ctx, s) -> statement(ctx, table.table(), assignments, condition, returned), r -> check);
    }

    private static <R extends Record> ResultQuery<Record> statement(DSLContext ctx, Table<R> table,
                                                                    Map<Field<?>, Field<?>> set, Condition where,
                                                                    List<SelectField<?>> returned) {
        return ctx.update(table).set(set).where(where).returningResult(returned);
    }
}

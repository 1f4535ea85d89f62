package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.InsertPlan;
import dev.hasuraperms.enforce.OnConflict;
import dev.hasuraperms.enforce.UpsertCheck;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnConflictDoUpdateStep;
import org.jooq.InsertReturningStep;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * An enforced insert, built by {@link SecureDsl#insertInto}: rows with only the insertable columns of the role's insert
 * permission, its presets forced in, and its check evaluated on every row as written (after defaults, presets and
 * triggers) in the statement's RETURNING clause. If any row fails the check, nothing of the call stays written and a
 * {@link dev.hasuraperms.enforce.CheckViolationException} names the failing rows.
 *
 * <pre>{@code
 * WriteResult r = secure.insertInto(session, a)
 *         .values(Map.of("author_id", 2, "title", "Hello", "tags", List.of("java")))
 *         .values(Map.of(authorId, 2, title, "World"))        // keys: column names or column fields
 *         .onConflict(OnConflict.onConstraint("articles_author_title_key", List.of("body")))
 *         .returning(id, title)
 *         .execute();
 * }</pre>
 *
 * <p>The SQL, one statement per chunk of rows (each well under PostgreSQL's 65,535 bind values), all in one atomic unit:
 * <pre>
 * insert into "public"."articles" as "a" ("author_id", "title", ..., "created_by")
 * values (cast(? as int4), cast(? as text), ..., cast(? as text)), (..., default, ...)
 * [on conflict on constraint "c" | on conflict ("col", ...)
 *    do update set "col" = excluded."col", ..., "preset" = cast(? as type) where (&lt;update filter&gt;) [and (&lt;caller's&gt;)]
 *  | do nothing]
 * returning &lt;caller's fields&gt;, "a"."id", "a"."author_id", ..., (&lt;insert check&gt;) as "_hp_check"
 * </pre>
 * For an upsert that updates, the check is {@code case when "a"."xmax" = 0 then <insert check> else <update check> end}
 * (freshly inserted rows have {@code xmax = 0}; when the update permission has no check, the insert check applies to
 * updated rows too, as in Hasura). Rows the upsert leaves alone (DO NOTHING, or outside the update filter) are neither
 * counted nor returned. Values are the caller's, read as the column types before SQL ({@link
 * dev.hasuraperms.enforce.ColumnValues}) and bound (or inlined by jOOQ) with a cast to the column type; a column a row
 * does not give is {@code default}.
 *
 * <p>Immutable: each method returns a new builder.
 */
public final class SecureInsert {

    /** The most bind values in one statement (PostgreSQL allows 65,535). */
    static final int MAX_BINDS = 30_000;

    private final SecureDsl secure;
    private final SessionValues session;
    private final TableRef table;
    private final List<Map<?, ?>> rows;
    private final Optional<OnConflict> onConflict;
    private final Condition onConflictWhere;
    private final Returning returning;

    private SecureInsert(SecureDsl secure, SessionValues session, TableRef table, List<Map<?, ?>> rows,
                         Optional<OnConflict> onConflict, Condition onConflictWhere, Returning returning) {
        this.secure = secure;
        this.session = session;
        this.table = table;
        this.rows = rows;
        this.onConflict = onConflict;
        this.onConflictWhere = onConflictWhere;
        this.returning = returning;
    }

    static SecureInsert create(SecureDsl secure, SessionValues session, TableRef table) {
        return new SecureInsert(secure, session, table, List.of(), Optional.empty(), null, Returning.NONE);
    }

    /**
     * Adds a row: column → value, where a column is named by a {@code String} or a column {@link Field} of the table,
     * and a value is what {@link dev.hasuraperms.enforce.ColumnValues} accepts ({@code null}, strings in PostgreSQL's
     * input syntax, numbers, booleans, {@code java.time} values, UUIDs, lists or arrays for array columns, maps and
     * lists for json/jsonb), a jOOQ {@code Param}, or a value of the field's user type. A column the row leaves out
     * gets its default.
     *
     * @param row column → value
     * @return a new builder with the change; this one is unchanged
     */
    public SecureInsert values(Map<?, ?> row) {
        Objects.requireNonNull(row, "row");
        return values(List.of(row));
    }

    /**
     * Adds rows, as {@link #values(Map)}.
     *
     * @param rows the rows, each column → value
     * @return a new builder with the change; this one is unchanged
     */
    public SecureInsert values(Collection<? extends Map<?, ?>> rows) {
        List<Map<?, ?>> all = new ArrayList<>(this.rows);
        for (Map<?, ?> r : rows) {
            all.add(new LinkedHashMap<>(Objects.requireNonNull(r, "row")));
        }
        return new SecureInsert(secure, session, table, List.copyOf(all), onConflict, onConflictWhere, returning);
    }

    /**
     * Makes this an upsert (Hasura's {@code on_conflict}): needs the role's update permission; {@code update_columns}
     * must be updatable; none means {@code DO NOTHING}.
     *
     * @param onConflict the constraint and the columns to update on a conflict
     * @return a new builder with the change; this one is unchanged
     */
    public SecureInsert onConflict(OnConflict onConflict) {
        return new SecureInsert(secure, session, table, rows, Optional.of(onConflict), onConflictWhere, returning);
    }

    /**
     * A condition on the existing row for the upsert's update (Hasura's {@code on_conflict.where}), ANDed with the
     * update permission's filter in {@code DO UPDATE ... WHERE}; it names the existing row as the table does. Only
     * with update columns (not with {@code DO NOTHING}). Not a partial index's predicate.
     *
     * @param condition the condition on the existing row
     * @return a new builder with the change; this one is unchanged
     */
    public SecureInsert onConflictWhere(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        Condition c = onConflictWhere == null ? condition : DSL.and(onConflictWhere, condition);
        return new SecureInsert(secure, session, table, rows, onConflict, c, returning);
    }

    /**
     * Returns these fields of the written rows: columns of the role's select permission only.
     *
     * @param fields column fields of the table
     * @return a new builder with the change; this one is unchanged
     */
    public SecureInsert returning(Field<?>... fields) {
        return returning(Arrays.asList(fields));
    }

    /**
     * Like {@link #returning(Field[])}.
     *
     * @param fields column fields of the table
     * @return a new builder with the change; this one is unchanged
     */
    public SecureInsert returning(Collection<? extends Field<?>> fields) {
        return new SecureInsert(secure, session, table, rows, onConflict, onConflictWhere, Returning.of(List.copyOf(fields)));
    }

    /**
     * Returns every column of the role's select permission of the written rows.
     *
     * @return a new builder with the change; this one is unchanged
     */
    public SecureInsert returningReadable() {
        return new SecureInsert(secure, session, table, rows, onConflict, onConflictWhere, Returning.readable());
    }

    /**
     * Validates the request and runs it atomically.
     *
     * @return the number of rows written and the returned rows
     * @throws dev.hasuraperms.enforce.InputRejectedException when the input validator (validate_input) rejects the
     *                                                       rows (nothing written)
     * @throws dev.hasuraperms.enforce.CheckViolationException when a written row fails its check (nothing written)
     * @throws org.jooq.exception.DataAccessException on a database error (nothing written)
     */
    public WriteResult execute() {
        String role = session.role();
        secure.requirePermission(table, session, Operation.INSERT);
        List<Map<String, ?>> given = new ArrayList<>(rows.size());
        for (Map<?, ?> r : rows) {
            given.add(secure.audited(table, session, Operation.INSERT,
                    () -> table.columnMap(r, role, Operation.INSERT)));
        }
        InsertPlan plan = secure.enforcement().insert(table.name(), session, given, onConflict);
        Optional<InsertPlan.Upsert> upsert = plan.upsert();
        boolean doUpdate = upsert.isPresent() && !upsert.get().onConflict().doNothing();
        if (onConflictWhere != null && !doUpdate) {
            throw new IllegalStateException("onConflictWhere applies to an upsert's update: give update columns");
        }
        Returning.Resolved ret = returning.resolve(secure, table, session);
        CheckedWrite write = new CheckedWrite(secure, session, table, ret)
                .before(() -> secure.enforcement().validateInput(plan, session));
        if (plan.rowCount() == 0) {
            return new WriteResult(0, secure.marked().newResult(ret.resultFields()));
        }
        JooqPermissions permissions = secure.permissions();
        Condition insertCheck = permissions.insertCheck(table.table(), session);
        Field<Boolean> check;
        Field<Boolean> inserted = null;
        CheckedWrite.RowCheck insertRow = new CheckedWrite.RowCheck(Operation.INSERT, plan.rule().check());
        CheckedWrite.RowCheck updateRow = insertRow;
        Map<Field<?>, Field<?>> updateSet = new LinkedHashMap<>();
        Condition updateWhere = null;
        if (doUpdate) {
            InsertPlan.Upsert u = upsert.get();
            UpsertCheck updated = UpsertCheck.forUpdatedRows(secure.checked(), plan.rule(), u.rule());
            updateRow = new CheckedWrite.RowCheck(updated.operation(), updated.check());
            Condition updateCheck = updated.operation() == Operation.INSERT ? insertCheck
                    : permissions.updateCheck(table.table(), session);
            Condition fresh = table.column("xmax").eq(DSL.inline(0));
            check = DSL.when(fresh, DSL.field(insertCheck)).else_(DSL.field(updateCheck));
            inserted = DSL.field(fresh);
            for (String c : u.onConflict().updateColumns()) {
                Field<Object> f = DSL.field(DSL.name(c));
                updateSet.put(f, DSL.excluded(f));
            }
            for (int i = 0; i < u.presets().size(); i++) {
                updateSet.put(DSL.field(DSL.name(u.presets().get(i))),
                        TypedValue.of(u.presetValues().get(i), u.presetTypes().get(i)));
            }
            updateWhere = permissions.updateCondition(table.table(), session);
            if (onConflictWhere != null) {
                updateWhere = DSL.and(updateWhere, onConflictWhere);
            }
        } else {
            check = DSL.field(insertCheck);
        }
        List<SelectField<?>> returned = write.returned(check, inserted);

        // Columns and cells.
        List<Field<?>> columns = new ArrayList<>();
        List<PgType> types = plan.types();
        for (String c : plan.columns()) {
            columns.add(DSL.field(DSL.name(c)));
        }
        boolean noColumns = columns.isEmpty();
        if (noColumns) {
            Column first = secure.checked().schema().table(table.name()).orElseThrow().columns().get(0);
            columns.add(DSL.field(DSL.name(first.name())));
        }
        List<Field<?>[]> cells = new ArrayList<>(plan.rowCount());
        int perRow = 1;
        for (int i = 0; i < plan.rowCount(); i++) {
            List<Object> values = plan.row(i);
            Field<?>[] row = new Field<?>[columns.size()];
            int binds = 0;
            if (noColumns) {
                row[0] = DSL.defaultValue();
            } else {
                for (int j = 0; j < row.length; j++) {
                    Object v = values.get(j);
                    if (v == InsertPlan.DEFAULT) {
                        row[j] = DSL.defaultValue();
                    } else {
                        row[j] = TypedValue.of(v, types.get(j));
                        binds++;
                    }
                }
            }
            perRow = Math.max(perRow, binds);
            cells.add(row);
        }
        Optional<OnConflict> target = upsert.map(InsertPlan.Upsert::onConflict);
        boolean doUpdateFinal = doUpdate;
        Condition updateWhereFinal = updateWhere;
        int fixed = secure.marked().extractBindValues(check).size()
                + (updateWhere == null ? 0 : secure.marked().extractBindValues(updateWhere).size()) + updateSet.size();
        int rowsPerStatement = Math.max(1, (MAX_BINDS - fixed) / perRow);
        int statements = (cells.size() + rowsPerStatement - 1) / rowsPerStatement;
        CheckedWrite.RowCheck insertRowFinal = insertRow;
        CheckedWrite.RowCheck updateRowFinal = updateRow;
        return write.run(statements, (ctx, s) -> statement(ctx, table.table(), columns,
                        cells.subList(s * rowsPerStatement, Math.min(cells.size(), (s + 1) * rowsPerStatement)),
                        target, doUpdateFinal, updateSet, updateWhereFinal, returned),
                r -> !doUpdateFinal || write.inserted(r) ? insertRowFinal : updateRowFinal);
    }

    private static <R extends Record> ResultQuery<Record> statement(
            DSLContext ctx, Table<R> table, List<Field<?>> columns, List<Field<?>[]> rows, Optional<OnConflict> target,
            boolean doUpdate, Map<Field<?>, Field<?>> updateSet, Condition updateWhere, List<SelectField<?>> returned) {
        InsertValuesStepN<R> insert = ctx.insertInto(table, columns);
        for (Field<?>[] row : rows) {
            insert = insert.values(row);
        }
        InsertReturningStep<R> step = insert;
        if (target.isPresent()) {
            OnConflict oc = target.get();
            InsertOnConflictDoUpdateStep<R> conflict = oc.constraint().isPresent()
                    ? insert.onConflictOnConstraint(DSL.name(oc.constraint().get()))
                    : insert.onConflict(oc.columns().stream().map(c -> (Field<?>) DSL.field(DSL.name(c))).toList());
            step = doUpdate ? conflict.doUpdate().set(updateSet).where(updateWhere) : conflict.doNothing();
        }
        return step.returningResult(returned);
    }
}

package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.JdbcRelations;
import dev.hasuraperms.enforce.Transactions;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SelectField;

/**
 * Runs the statements of an insert or update whose RETURNING clause carries the check, in one atomic unit: every
 * returned row is {@code [caller's returning fields..., every column of the table..., check (, inserted)]}. A row
 * whose check is FALSE fails (NULL passes, as Hasura's {@code coalesce(bool_and(check), true)}); the failures of the
 * first statement that has any roll the unit back, and are then explained on the same connection (after the roll-back,
 * so never while the write's locks are held) and thrown as a {@link CheckViolationException}.
 */
final class CheckedWrite {

    /** The most failing rows explained by the evaluator (each explanation may read related rows). */
    static final int MAX_EXPLAINED = 100;

    /** The check a returned row is held to. */
    record RowCheck(Operation operation, Predicate check) {
    }

    /** The statement {@code index} of the write, built on the atomic unit's context. */
    @FunctionalInterface
    interface Statements {
        ResultQuery<Record> statement(DSLContext ctx, int index);
    }

    private final SecureDsl secure;
    private final SessionValues session;
    private final TableRef table;
    private final Returning.Resolved returning;
    private final List<String> columns;
    private Runnable beforeWrite = () -> { };

    CheckedWrite(SecureDsl secure, SessionValues session, TableRef table, Returning.Resolved returning) {
        this.secure = secure;
        this.session = session;
        this.table = table;
        this.returning = returning;
        this.columns = secure.checked().schema().table(table.name()).orElseThrow(() -> new IllegalStateException(
                "table " + table.name() + " is not in the schema")).columns().stream().map(c -> c.name()).toList();
    }

    /** The RETURNING list: the caller's fields, every column, the check, and {@code inserted} when not null. */
    List<SelectField<?>> returned(Field<Boolean> check, Field<Boolean> inserted) {
        List<SelectField<?>> out = new ArrayList<>(returning.rendered());
        for (String c : columns) {
            out.add(table.column(c));
        }
        out.add(check.as("_hp_check"));
        if (inserted != null) {
            out.add(inserted.as("_hp_inserted"));
        }
        return out;
    }

    /** Whether row {@code r} (of the statements' result) was inserted rather than updated, for an upsert. */
    boolean inserted(Record r) {
        return Boolean.TRUE.equals(r.get(returning.rendered().size() + columns.size() + 1));
    }

    /** Runs {@code before} first inside the atomic unit, before any statement (the input validator). */
    CheckedWrite before(Runnable before) {
        this.beforeWrite = before;
        return this;
    }

    /** Runs {@code count} statements atomically; {@code rowCheck} says which check a failing row was held to. */
    WriteResult run(int count, Statements statements, Function<Record, RowCheck> rowCheck) {
        return secure.atomically((ctx, connection) -> {
            beforeWrite.run();
            List<Field<?>> resultFields = returning.resultFields();
            Field<?>[] fields = resultFields.toArray(new Field<?>[0]);
            Result<Record> out = ctx.newResult(fields);
            int k = fields.length;
            int n = columns.size();
            int written = 0;
            for (int s = 0; s < count; s++) {
                Result<Record> rows = statements.statement(ctx, s).fetch();
                List<FailedRow> failures = new ArrayList<>();
                Operation operation = null;
                for (Record r : rows) {
                    if (Boolean.FALSE.equals(r.get(k + n))) {
                        RowCheck check = rowCheck.apply(r);
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int j = 0; j < n; j++) {
                            row.put(columns.get(j), r.get(k + j));
                        }
                        failures.add(new FailedRow(written, row, check.check()));
                        operation = operation == Operation.INSERT ? operation : check.operation();
                    }
                    if (k > 0) {
                        Record o = ctx.newRecord(fields);
                        for (int j = 0; j < k; j++) {
                            set(o, fields[j], r.get(j));
                        }
                        o.changed(false);
                        out.add(o);
                    }
                    written++;
                }
                if (!failures.isEmpty()) {
                    // Rolled back first, explained after: the explanation never runs while the write's locks are held.
                    Operation op = operation;
                    throw new Transactions.FailAfterRollback(() -> violation(connection, op, failures));
                }
            }
            return new WriteResult(written, out);
        });
    }

    /** A returned row whose check is FALSE. */
    private record FailedRow(int index, Map<String, Object> row, Predicate check) {
    }

    /** The violation for {@code failed}, the first {@value #MAX_EXPLAINED} explained (after the roll-back). */
    private CheckViolationException violation(Connection connection, Operation operation, List<FailedRow> failed) {
        JdbcRelations relations = new JdbcRelations(connection, secure.checked().schema());
        List<CheckViolationException.Failure> out = new ArrayList<>(failed.size());
        for (FailedRow f : failed) {
            Optional<Explanation> why = out.size() < MAX_EXPLAINED
                    ? secure.enforcement().explain(f.check(), table.name(), f.row(), session, relations)
                    : Optional.empty();
            out.add(new CheckViolationException.Failure(f.index(), f.row(), why));
        }
        CheckViolationException violation = new CheckViolationException(session.role(), table.name(), operation, out);
        secure.enforcement().reportRefused(operation == Operation.INSERT ? dev.hasuraperms.enforce.AuditEvent.Kind.INSERT
                : dev.hasuraperms.enforce.AuditEvent.Kind.UPDATE, session.role(), table.name().toString(), violation);
        return violation;
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(Record r, Field<T> f, Object v) {
        r.set(f, (T) v);
    }
}

package dev.hasuraperms.jdbc;

import dev.hasuraperms.enforce.InsertPlan;
import dev.hasuraperms.enforce.OnConflict;
import dev.hasuraperms.enforce.Transactions;
import dev.hasuraperms.enforce.UpsertCheck;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An insert (or upsert) enforced by the session's insert permission ({@link SecureJdbc#insert}). The statement is
 *
 * <pre>
 * INSERT INTO "public"."articles" AS "articles" ("author_id", "title", "created_by")
 * VALUES (?::int4, ?::text, ?::text), (?::int4, DEFAULT, ?::text)
 * RETURNING "articles".*, (&lt;insert check&gt;) AS "_hp_check"
 * </pre>
 *
 * <p>and for an upsert
 *
 * <pre>
 * ... ON CONFLICT ON CONSTRAINT "articles_author_title_key"
 *     DO UPDATE SET "body" = EXCLUDED."body", "updated_by" = ?::text WHERE (&lt;update filter&gt;) AND (&lt;condition&gt;)
 * RETURNING "articles".*, CASE WHEN "articles".xmax = 0 THEN (&lt;insert check&gt;) ELSE (&lt;update check&gt;) END
 *     AS "_hp_check", ("articles".xmax = 0) AS "_hp_inserted"
 * </pre>
 *
 * <p>The written columns are those any row gives and the preset columns, in table order; a row that does not give a
 * column gets {@code DEFAULT}. Every returned row is read; where the check column is FALSE the row fails (NULL
 * passes, as in Hasura), and the whole call rolls back with a
 * {@link dev.hasuraperms.enforce.CheckViolationException}. When the check is TRUE for every row by construction (no
 * check), the statement returns only the requested columns, or nothing. Not thread-safe.
 */
public final class SecureInsert {

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName table;
    private String alias;
    private final List<Map<String, ?>> rows = new ArrayList<>();
    private Optional<OnConflict> onConflict = Optional.empty();
    private final List<SqlCondition> onConflictWhere = new ArrayList<>();
    private List<String> returning = List.of();

    SecureInsert(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName table) {
        this.owner = owner;
        this.connection = Objects.requireNonNull(connection, "connection");
        this.session = Objects.requireNonNull(session, "session");
        this.table = Objects.requireNonNull(table, "table");
        this.alias = table.name();
    }

    /**
     * The alias of the target rows, for {@link #onConflictWhere} (default: the table's unqualified name). The row
     * proposed for insertion is {@code EXCLUDED}, as in PostgreSQL.
     *
     * @param alias the alias of the target rows
     * @return this builder
     */
    public SecureInsert alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * Adds a row: column → value (see {@link dev.hasuraperms.enforce.ColumnValues} for the values accepted;
     * {@code null} is SQL NULL). A column the row leaves out gets its default.
     *
     * @param row column → value
     * @return this builder
     */
    public SecureInsert values(Map<String, ?> row) {
        rows.add(Objects.requireNonNull(row, "row"));
        return this;
    }

    /**
     * Adds rows.
     *
     * @param rows the rows, each column → value
     * @return this builder
     */
    public SecureInsert values(List<? extends Map<String, ?>> rows) {
        for (Map<String, ?> r : rows) {
            values(r);
        }
        return this;
    }

    /**
     * Makes this an upsert: what to do with a row that conflicts with an existing one. Needs the role's update
     * permission; its update columns must be updatable; its filter limits which conflicting rows are updated, its
     * presets are set on them and its check applies to them (the insert check when the update permission has none,
     * as in Hasura).
     *
     * @param onConflict the constraint and the columns to update on a conflict
     * @return this builder
     */
    public SecureInsert onConflict(OnConflict onConflict) {
        this.onConflict = Optional.of(onConflict);
        return this;
    }

    /**
     * Adds a condition on the conflicting row (by the alias; the proposed row is {@code EXCLUDED}), AND-ed into the
     * {@code DO UPDATE ... WHERE} with the update filter (Hasura's {@code on_conflict.where}). Only with an
     * {@link #onConflict} that updates columns.
     *
     * @param condition the condition, its values bound
     * @return this builder
     */
    public SecureInsert onConflictWhere(SqlCondition condition) {
        onConflictWhere.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * The columns of the written rows to return; only columns of the role's select permission.
     *
     * @param columns the columns to return
     * @return this builder
     */
    public SecureInsert returning(String... columns) {
        this.returning = List.copyOf(Arrays.asList(columns));
        return this;
    }

    /**
     * Validates the rows against the permission, then writes them atomically (see {@link SecureJdbc}). No rows: no
     * statement (after validation).
     *
     * @return the number of rows written and the returned columns of each
     * @throws dev.hasuraperms.check.PermissionDeniedException      no insert permission (or no update permission for
     *                                                             an upsert), or a backend-only one outside backend mode
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException    a column that is not insertable (a preset column),
     *                                                             not updatable, or not readable for returning
     * @throws dev.hasuraperms.enforce.InvalidColumnValueException  a value that is not valid for its column
     * @throws dev.hasuraperms.enforce.InputRejectedException       the input validator (validate_input) rejected
     *                                                             the rows; nothing written
     * @throws dev.hasuraperms.enforce.CheckViolationException      written rows fail the check; nothing stays written
     * @throws SQLException                                         from the database; nothing stays written
     */
    public WriteResult execute() throws SQLException {
        InsertPlan plan = owner.enforcement().insert(table, session, rows, onConflict);
        List<String> ret = owner.enforcement().returning(table, session, returning);
        owner.permissions().permissions().select(table, session.role())
                .ifPresent(rule -> SecureJdbc.refuseRedacted(rule, ret));
        Optional<InsertPlan.Upsert> upsert = plan.upsert();
        boolean doUpdate = upsert.isPresent() && !upsert.get().onConflict().doNothing();
        if (!onConflictWhere.isEmpty() && !doUpdate) {
            throw new IllegalStateException("onConflictWhere needs an onConflict that updates columns");
        }
        String role = session.role();
        String a = SqlIdentifiers.quote(alias);
        SqlPredicate insertCheck = owner.permissions().compiledInsertCheck(table, role, Optional.of(alias)).bind(session);
        Predicate updatedRowsCheck = plan.rule().check();

        SqlStatement.Builder tail = new SqlStatement.Builder();
        Optional<SqlPredicate> updateCheck = Optional.empty();
        if (upsert.isPresent()) {
            InsertPlan.Upsert u = upsert.get();
            OnConflict oc = u.onConflict();
            tail.append(" ON CONFLICT ");
            if (oc.constraint().isPresent()) {
                tail.append("ON CONSTRAINT ").append(SqlIdentifiers.quote(oc.constraint().get()));
            } else {
                tail.append('(');
                for (int i = 0; i < oc.columns().size(); i++) {
                    tail.append(i == 0 ? "" : ", ").append(SqlIdentifiers.quote(oc.columns().get(i)));
                }
                tail.append(')');
            }
            if (oc.doNothing()) {
                tail.append(" DO NOTHING");
            } else {
                tail.append(" DO UPDATE SET ");
                boolean first = true;
                for (String c : oc.updateColumns()) {
                    String q = SqlIdentifiers.quote(c);
                    tail.append(first ? "" : ", ").append(q).append(" = EXCLUDED.").append(q);
                    first = false;
                }
                for (int i = 0; i < u.presets().size(); i++) {
                    tail.append(first ? "" : ", ").append(SqlIdentifiers.quote(u.presets().get(i))).append(" = ")
                            .value(u.presetValues().get(i), u.presetTypes().get(i));
                    first = false;
                }
                tail.append(" WHERE ").predicate(owner.permissions().compiledUpdateFilter(table, role, Optional.of(alias))
                        .bind(session));
                for (SqlCondition c : onConflictWhere) {
                    tail.append(" AND ").condition(c);
                }
                if (UpsertCheck.forUpdatedRows(owner.permissions().permissions(), plan.rule(), u.rule()).operation()
                        == Operation.UPDATE) {
                    updateCheck = Optional.of(owner.permissions().compiledUpdateCheck(table, role, Optional.of(alias))
                            .bind(session));
                    updatedRowsCheck = u.rule().check();
                }
            }
        }
        Writes.Returning how;
        SqlStatement.Builder check = new SqlStatement.Builder();
        if (updateCheck.isPresent() && !(SecureJdbc.isTrue(insertCheck) && SecureJdbc.isTrue(updateCheck.get()))) {
            how = Writes.Returning.ROWS_WITH_CHECK_AND_INSERTED;
            check.append("CASE WHEN ").append(a).append(".xmax = 0 THEN ").predicate(insertCheck).append(" ELSE ")
                    .predicate(updateCheck.get()).append(" END");
        } else if (!SecureJdbc.isTrue(insertCheck)) {
            how = Writes.Returning.ROWS_WITH_CHECK;
            check.predicate(insertCheck);
        } else {
            how = ret.isEmpty() ? Writes.Returning.NONE : Writes.Returning.COLUMNS;
        }
        Writes.returningClause(tail, how, a, ret, check.build());
        SqlStatement end = tail.build();

        if (plan.rowCount() == 0) {
            return new WriteResult(0, List.of());
        }
        String head = "INSERT INTO " + SqlIdentifiers.quote(table) + " AS " + a;
        Writes writes = new Writes(owner, connection, session, table, ret);
        Predicate insertedRowsCheck = plan.rule().check();
        Predicate updatedCheck = updatedRowsCheck;
        return Transactions.atomically(connection, () -> {
            owner.enforcement().validateInput(plan, session);
            if (plan.columns().isEmpty()) {
                for (int r = 0; r < plan.rowCount() && !writes.failed(); r++) {
                    writes.run(new SqlStatement.Builder().append(head).append(" DEFAULT VALUES").append(end).build(), how);
                }
            } else {
                writeInStatements(plan, head, end, how, writes);
            }
            writes.throwIfFailed(Operation.INSERT, insertedRowsCheck, updatedCheck);
            return writes.result();
        });
    }

    /** Writes the rows in as few statements as the parameter budget allows; stops after a statement with a failure. */
    private void writeInStatements(InsertPlan plan, String head, SqlStatement end, Writes.Returning how, Writes writes)
            throws SQLException {
        List<String> columns = plan.columns();
        List<PgType> types = plan.types();
        StringBuilder prefix = new StringBuilder(head).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            prefix.append(i == 0 ? "" : ", ").append(SqlIdentifiers.quote(columns.get(i)));
        }
        prefix.append(") VALUES ");
        int budget = Math.max(owner.maxParameters() - end.parameterCount(), 1);
        int r = 0;
        while (r < plan.rowCount() && !writes.failed()) {
            SqlStatement.Builder sql = new SqlStatement.Builder().append(prefix.toString());
            int inStatement = 0;
            int parameters = 0;
            while (r < plan.rowCount() && inStatement < SecureJdbc.MAX_ROWS_PER_STATEMENT) {
                List<Object> row = plan.row(r);
                int p = 0;
                for (Object v : row) {
                    p += v == InsertPlan.DEFAULT ? 0 : 1;
                }
                if (inStatement > 0 && parameters + p > budget) {
                    break;
                }
                sql.append(inStatement == 0 ? "(" : ", (");
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        sql.append(", ");
                    }
                    Object v = row.get(i);
                    if (v == InsertPlan.DEFAULT) {
                        sql.append("DEFAULT");
                    } else {
                        sql.value(v, types.get(i));
                    }
                }
                sql.append(')');
                parameters += p;
                inStatement++;
                r++;
            }
            writes.run(sql.append(end).build(), how);
        }
    }
}

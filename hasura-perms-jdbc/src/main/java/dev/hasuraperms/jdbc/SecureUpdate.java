package dev.hasuraperms.jdbc;

import dev.hasuraperms.enforce.Transactions;
import dev.hasuraperms.enforce.UpdatePlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An update enforced by the session's update permission ({@link SecureJdbc#update}). The statement is
 *
 * <pre>
 * UPDATE "public"."articles" AS "articles" SET "title" = ?::text, "updated_by" = ?::text
 * WHERE (&lt;update filter&gt;) AND (&lt;condition&gt;)
 * RETURNING "articles".*, (&lt;update check&gt;) AS "_hp_check"
 * </pre>
 *
 * <p>Rows outside the filter are not touched or counted. The permission's presets are set on every updated row; with
 * presets, setting no column is an update of the preset columns alone, as in Hasura (an update with no {@code _set}).
 * With nothing set and no presets no statement runs and the result is 0 rows, as in Hasura. Every
 * updated row is checked after the update: where the check is FALSE (NULL passes) the whole call rolls back with a
 * {@link dev.hasuraperms.enforce.CheckViolationException}. Without a check the statement returns only the requested
 * columns, or nothing. Not thread-safe.
 */
public final class SecureUpdate {

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName table;
    private String alias;
    private final Map<String, Object> set = new LinkedHashMap<>();
    private final List<SqlCondition> conditions = new ArrayList<>();
    private List<String> returning = List.of();

    SecureUpdate(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName table) {
        this.owner = owner;
        this.connection = Objects.requireNonNull(connection, "connection");
        this.session = Objects.requireNonNull(session, "session");
        this.table = Objects.requireNonNull(table, "table");
        this.alias = table.name();
    }

    /**
     * The alias the rows go by, for the filter and the caller's conditions (default: the table's unqualified name).
     *
     * @param alias the alias of the table's rows
     * @return this builder
     */
    public SecureUpdate alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * Sets {@code column} to {@code value} (see {@link dev.hasuraperms.enforce.ColumnValues}; {@code null} is SQL
     * NULL). Setting a column again replaces the value.
     *
     * @param column the column to set
     * @param value its new value
     * @return this builder
     */
    public SecureUpdate set(String column, Object value) {
        set.put(Objects.requireNonNull(column, "column"), value);
        return this;
    }

    /**
     * Sets every column of {@code values}.
     *
     * @param values column → new value
     * @return this builder
     */
    public SecureUpdate set(Map<String, ?> values) {
        values.forEach(this::set);
        return this;
    }

    /**
     * Adds a condition on the rows, AND-ed with the permission's filter and any earlier condition.
     *
     * @param condition the caller's condition, its values bound
     * @return this builder
     */
    public SecureUpdate where(SqlCondition condition) {
        conditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * The columns of the updated rows to return (their new values); only columns of the role's select permission.
     *
     * @param columns the columns to return
     * @return this builder
     */
    public SecureUpdate returning(String... columns) {
        this.returning = List.copyOf(Arrays.asList(columns));
        return this;
    }

    /**
     * Validates, then updates atomically (see {@link SecureJdbc}).
     *
     * @return the number of rows updated and the returned columns of each
     * @throws dev.hasuraperms.check.PermissionDeniedException      no update permission (or a backend-only one
     *                                                             outside backend mode)
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException    a column that is not updatable (a preset column) or
     *                                                             not readable for returning
     * @throws dev.hasuraperms.enforce.InvalidColumnValueException  a value that is not valid for its column
     * @throws dev.hasuraperms.enforce.InputRejectedException       the input validator (validate_input) rejected
     *                                                             the update; nothing updated
     * @throws dev.hasuraperms.enforce.CheckViolationException      updated rows fail the check; nothing stays updated
     * @throws SQLException                                         from the database; nothing stays updated
     */
    public WriteResult execute() throws SQLException {
        UpdatePlan plan = owner.enforcement().update(table, session, set);
        List<String> ret = owner.enforcement().returning(table, session, returning);
        owner.permissions().permissions().select(table, session.role())
                .ifPresent(rule -> SecureJdbc.refuseRedacted(rule, ret));
        String role = session.role();
        String a = SqlIdentifiers.quote(alias);
        SqlPredicate filter = owner.permissions().compiledUpdateFilter(table, role, Optional.of(alias)).bind(session);
        SqlPredicate check = owner.permissions().compiledUpdateCheck(table, role, Optional.of(alias)).bind(session);
        if (plan.columns().isEmpty()) {
            // Nothing set and nothing preset: Hasura runs no statement and answers affected_rows 0 (after preparing
            // the filter and check, so a missing session variable is still an error).
            return new WriteResult(0, List.of());
        }

        SqlStatement.Builder sql = new SqlStatement.Builder().append("UPDATE ").append(SqlIdentifiers.quote(table))
                .append(" AS ").append(a).append(" SET ");
        for (int i = 0; i < plan.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(SqlIdentifiers.quote(plan.columns().get(i))).append(" = ")
                    .value(plan.values().get(i), plan.types().get(i));
        }
        sql.append(" WHERE ").predicate(filter);
        for (SqlCondition c : conditions) {
            sql.append(" AND ").condition(c);
        }
        Writes.Returning how = !SecureJdbc.isTrue(check) ? Writes.Returning.ROWS_WITH_CHECK
                : ret.isEmpty() ? Writes.Returning.NONE : Writes.Returning.COLUMNS;
        Writes.returningClause(sql, how, a, ret, new SqlStatement.Builder().predicate(check).build());
        SqlStatement statement = sql.build();

        Writes writes = new Writes(owner, connection, session, table, ret);
        return Transactions.atomically(connection, () -> {
            owner.enforcement().validateInput(plan, session);
            writes.run(statement, how);
            writes.throwIfFailed(Operation.UPDATE, plan.rule().check(), plan.rule().check());
            return writes.result();
        });
    }
}

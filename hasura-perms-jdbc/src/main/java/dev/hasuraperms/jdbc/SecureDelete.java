package dev.hasuraperms.jdbc;

import dev.hasuraperms.enforce.DeletePlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A delete enforced by the session's delete permission ({@link SecureJdbc#delete}). The statement is
 *
 * <pre>
 * DELETE FROM "public"."articles" AS "articles" WHERE (&lt;delete filter&gt;) AND (&lt;condition&gt;)
 * [RETURNING "articles"."id", ...]
 * </pre>
 *
 * <p>One statement, so atomic by itself; it runs in the caller's transaction when there is one. Not thread-safe.
 */
public final class SecureDelete {

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName table;
    private String alias;
    private final List<SqlCondition> conditions = new ArrayList<>();
    private List<String> returning = List.of();

    SecureDelete(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName table) {
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
    public SecureDelete alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * Adds a condition on the rows, AND-ed with the permission's filter and any earlier condition.
     *
     * @param condition the caller's condition, its values bound
     * @return this builder
     */
    public SecureDelete where(SqlCondition condition) {
        conditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * The columns of the deleted rows to return; only columns of the role's select permission.
     *
     * @param columns the columns to return
     * @return this builder
     */
    public SecureDelete returning(String... columns) {
        this.returning = List.copyOf(Arrays.asList(columns));
        return this;
    }

    /**
     * Validates, then deletes.
     *
     * @return the number of rows deleted and the returned columns of each
     * @throws dev.hasuraperms.check.PermissionDeniedException    no delete permission (or a backend-only one outside
     *                                                           backend mode)
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException  a returned column the role may not read
     * @throws dev.hasuraperms.enforce.InputRejectedException     the input validator (validate_input) rejected it;
     *                                                           nothing deleted
     * @throws SQLException                                       from the database
     */
    public WriteResult execute() throws SQLException {
        DeletePlan plan = owner.enforcement().delete(table, session);
        List<String> ret = owner.enforcement().returning(table, session, returning);
        owner.permissions().permissions().select(table, session.role())
                .ifPresent(rule -> SecureJdbc.refuseRedacted(rule, ret));
        String a = SqlIdentifiers.quote(alias);
        SqlPredicate filter = owner.permissions().compiledDeleteFilter(plan.rule().table(), session.role(),
                Optional.of(alias)).bind(session);
        SqlStatement.Builder sql = new SqlStatement.Builder().append("DELETE FROM ").append(SqlIdentifiers.quote(table))
                .append(" AS ").append(a).append(" WHERE ").predicate(filter);
        for (SqlCondition c : conditions) {
            sql.append(" AND ").condition(c);
        }
        Writes.Returning how = ret.isEmpty() ? Writes.Returning.NONE : Writes.Returning.COLUMNS;
        Writes.returningClause(sql, how, a, ret, null);
        Writes writes = new Writes(owner, connection, session, table, ret);
        SqlStatement statement = sql.build();
        if (plan.rule().validateInput().isPresent()) {
            // The input validator runs inside the delete's transaction, before the statement.
            return dev.hasuraperms.enforce.Transactions.atomically(connection, () -> {
                owner.enforcement().validateInput(plan, session);
                writes.run(statement, how);
                return writes.result();
            });
        }
        writes.run(statement, how);
        return writes.result();
    }
}

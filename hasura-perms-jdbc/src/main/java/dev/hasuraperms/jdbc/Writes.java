package dev.hasuraperms.jdbc;

import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.JdbcRelations;
import dev.hasuraperms.enforce.JdbcRows;
import dev.hasuraperms.enforce.Transactions;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the statements of one write and reads what they return: the rows written with their check column (rows where
 * it is FALSE fail), or just the requested columns, or only the count.
 */
final class Writes {

    /** Name of the check column a write returns after the row. */
    static final String CHECK_COLUMN = "_hp_check";

    /** Name of the column saying whether an upsert inserted the row (rather than updated it). */
    static final String INSERTED_COLUMN = "_hp_inserted";

    /** What a write statement returns. */
    enum Returning {
        /** Nothing: only the count. */
        NONE,
        /** The requested columns. */
        COLUMNS,
        /** Every column of the row, then the check column. */
        ROWS_WITH_CHECK,
        /** Every column of the row, then the check column and whether the row was inserted. */
        ROWS_WITH_CHECK_AND_INSERTED
    }

    /** A written row whose check is FALSE. */
    record Failed(int index, Map<String, Object> row, boolean inserted) {
    }

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName table;
    private final List<String> returning;
    private int affected;
    private final List<Map<String, Object>> returned = new ArrayList<>();
    private final List<Failed> failures = new ArrayList<>();

    Writes(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName table, List<String> returning) {
        this.owner = owner;
        this.connection = connection;
        this.session = session;
        this.table = table;
        this.returning = returning;
    }

    /** The RETURNING clause for {@code how} (rows aliased {@code quotedAlias}), and the check expression when one. */
    static void returningClause(SqlStatement.Builder sql, Returning how, String quotedAlias, List<String> columns,
                                SqlStatement check) {
        switch (how) {
            case NONE -> {
            }
            case COLUMNS -> {
                sql.append(" RETURNING ");
                for (int i = 0; i < columns.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(quotedAlias).append('.').append(SqlIdentifiers.quote(columns.get(i)));
                }
            }
            case ROWS_WITH_CHECK, ROWS_WITH_CHECK_AND_INSERTED -> {
                sql.append(" RETURNING ").append(quotedAlias).append(".*, ").append(check)
                        .append(" AS ").append(SqlIdentifiers.quote(CHECK_COLUMN));
                if (how == Returning.ROWS_WITH_CHECK_AND_INSERTED) {
                    sql.append(", (").append(quotedAlias).append(".xmax = 0) AS ").append(SqlIdentifiers.quote(INSERTED_COLUMN));
                }
            }
        }
    }

    /** Runs {@code statement}, which returns as {@code how} says. */
    void run(SqlStatement statement, Returning how) throws SQLException {
        try (PreparedStatement ps = statement.prepare(connection)) {
            if (how == Returning.NONE) {
                affected += ps.executeUpdate();
                return;
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (how == Returning.COLUMNS) {
                    List<Map<String, Object>> rows = JdbcRows.read(rs);
                    affected += rows.size();
                    returned.addAll(rows);
                    return;
                }
                readRowsWithCheck(rs, how == Returning.ROWS_WITH_CHECK_AND_INSERTED ? 2 : 1);
            }
        }
    }

    private void readRowsWithCheck(ResultSet rs, int extras) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int rowColumns = md.getColumnCount() - extras;
        String[] names = new String[rowColumns];
        for (int i = 0; i < rowColumns; i++) {
            names[i] = md.getColumnLabel(i + 1);
        }
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < rowColumns; i++) {
                row.put(names[i], rs.getObject(i + 1));
            }
            Object check = rs.getObject(rowColumns + 1);
            boolean inserted = extras < 2 || rs.getBoolean(rowColumns + 2);
            if (Boolean.FALSE.equals(check)) {
                failures.add(new Failed(affected, row, inserted));
            } else if (failures.isEmpty() && !returning.isEmpty()) {
                Map<String, Object> r = new LinkedHashMap<>();
                for (String c : returning) {
                    r.put(c, row.get(c));
                }
                returned.add(r);
            }
            affected++;
        }
    }

    /** Whether a written row failed its check. */
    boolean failed() {
        return !failures.isEmpty();
    }

    /** Number of rows written or deleted so far. */
    int affected() {
        return affected;
    }

    /**
     * When rows failed: fails the atomic block ({@link Transactions.FailAfterRollback}) so that it is rolled back,
     * and only then builds the {@link CheckViolationException} for the failed rows, explaining the first
     * {@value SecureJdbc#MAX_EXPLAINED} with the evaluator (reading related rows on the connection, after the
     * roll-back: outside the write's transaction, or in the caller's transaction without this write).
     *
     * @param insertCheck the check of inserted rows (and of updated rows in an update)
     * @param updateCheck the check of rows an upsert updated
     */
    void throwIfFailed(Operation operation, Predicate insertCheck, Predicate updateCheck) {
        if (failures.isEmpty()) {
            return;
        }
        List<Failed> failed = List.copyOf(failures);
        throw new Transactions.FailAfterRollback(() -> violation(operation, insertCheck, updateCheck, failed));
    }

    private CheckViolationException violation(Operation operation, Predicate insertCheck, Predicate updateCheck,
                                              List<Failed> failed) {
        JdbcRelations relations = new JdbcRelations(connection, owner.permissions().permissions().schema());
        List<CheckViolationException.Failure> out = new ArrayList<>(failed.size());
        for (Failed f : failed) {
            Optional<Explanation> explanation = out.size() < SecureJdbc.MAX_EXPLAINED
                    ? owner.enforcement().explain(f.inserted() ? insertCheck : updateCheck, table, f.row(), session, relations)
                    : Optional.empty();
            out.add(new CheckViolationException.Failure(f.index(), f.row(), explanation));
        }
        Operation op = operation == Operation.INSERT && !failed.get(0).inserted() ? Operation.UPDATE : operation;
        CheckViolationException violation = new CheckViolationException(session.role(), table, op, out);
        owner.enforcement().reportRefused(operation == Operation.INSERT ? dev.hasuraperms.enforce.AuditEvent.Kind.INSERT
                : dev.hasuraperms.enforce.AuditEvent.Kind.UPDATE, session.role(), table.toString(), violation);
        return violation;
    }

    /** The result. */
    WriteResult result() {
        return new WriteResult(affected, returned);
    }
}

package dev.hasuraperms.enforce;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * Runs a write atomically on the caller's connection: inside the caller's transaction when there is one (a savepoint,
 * rolled back to on failure, so the caller's earlier work survives and the caller decides about the rest), or as its
 * own transaction when the connection is in auto-commit mode (committed on success, rolled back on failure, and the
 * connection put back in auto-commit mode).
 */
public final class Transactions {

    /** Work on a connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    private Transactions() {
    }

    /** Runs {@code work} so that either all of it happens or none of it does. */
    public static <T> T atomically(Connection connection, SqlWork<T> work) throws SQLException {
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException | Error e) {
                rollback(connection, null, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            T result = work.run();
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (RuntimeException | SQLException | Error e) {
            rollback(connection, savepoint, e);
            throw e;
        }
    }

    private static void rollback(Connection connection, Savepoint savepoint, Throwable cause) {
        try {
            if (savepoint == null) {
                connection.rollback();
            } else {
                connection.rollback(savepoint);
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}

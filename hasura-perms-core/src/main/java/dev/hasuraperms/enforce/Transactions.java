package dev.hasuraperms.enforce;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a write atomically on the caller's connection: inside the caller's transaction when there is one (a savepoint,
 * rolled back to on failure, so the caller's earlier work survives and the caller decides about the rest), or as its
 * own transaction when the connection is in auto-commit mode (committed on success, rolled back on failure, and the
 * connection put back in auto-commit mode).
 *
 * <p>A failure that needs work of its own (the explanation of a failed check, which evaluates the check in memory and
 * reads related rows) is thrown by the work as a {@link FailAfterRollback}: the transaction or savepoint is rolled
 * back first (and the connection back in auto-commit mode when it was), and only then is the failure computed and
 * thrown, so that it never runs while the write's locks are held.
 */
public final class Transactions {

    /** Work on a connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        /**
         * Runs the work.
         *
         * @return the work's result
         * @throws SQLException when the database fails
         */
        T run() throws SQLException;
    }

    /**
     * Thrown by the work of {@link #atomically} to fail after the roll-back: {@link #atomically} rolls back, then
     * throws what {@code failure} returns (computed outside the rolled-back transaction or savepoint, on the same
     * connection).
     */
    public static final class FailAfterRollback extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Supplier<? extends RuntimeException> failure;

        /**
         * A failure to compute once the work is rolled back.
         *
         * @param failure the exception to throw after the rollback; never null
         */
        public FailAfterRollback(Supplier<? extends RuntimeException> failure) {
            super("the write fails after its roll-back", null, true, false);
            this.failure = Objects.requireNonNull(failure, "failure");
        }

        RuntimeException failure() {
            return Objects.requireNonNull(failure.get(), "failure");
        }
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} so that either all of it happens or none of it does.
     *
     * @param <T> the work's result type
     * @param connection an open connection; never null
     * @param work the work; never null
     * @return the work's result
     * @throws SQLException when the work fails (after the rollback)
     */
    public static <T> T atomically(Connection connection, SqlWork<T> work) throws SQLException {
        FailAfterRollback after;
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (FailAfterRollback f) {
                rollback(connection, null, f);
                after = f;
            } catch (RuntimeException | SQLException | Error e) {
                rollback(connection, null, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } else {
            Savepoint savepoint = connection.setSavepoint();
            try {
                T result = work.run();
                connection.releaseSavepoint(savepoint);
                return result;
            } catch (FailAfterRollback f) {
                rollback(connection, savepoint, f);
                after = f;
            } catch (RuntimeException | SQLException | Error e) {
                rollback(connection, savepoint, e);
                throw e;
            }
        }
        RuntimeException failure = after.failure();
        for (Throwable t : after.getSuppressed()) {
            failure.addSuppressed(t);
        }
        throw failure;
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

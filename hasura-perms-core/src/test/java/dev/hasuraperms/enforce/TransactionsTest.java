package dev.hasuraperms.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Transactions.FailAfterRollback}: the failure is computed only after the roll-back (issue 16). */
class TransactionsTest {

    /** A connection that logs the transaction calls; {@code failRollback} makes rollbacks throw. */
    private static Connection logging(List<String> log, boolean autoCommit, boolean failRollback) {
        boolean[] auto = {autoCommit};
        Savepoint sp = (Savepoint) Proxy.newProxyInstance(TransactionsTest.class.getClassLoader(),
                new Class<?>[] {Savepoint.class}, (p, m, a) -> null);
        return (Connection) Proxy.newProxyInstance(TransactionsTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getAutoCommit":
                            return auto[0];
                        case "setAutoCommit":
                            auto[0] = (Boolean) a[0];
                            log.add("setAutoCommit(" + a[0] + ")");
                            return null;
                        case "setSavepoint":
                            log.add("setSavepoint");
                            return sp;
                        case "rollback":
                            log.add(a == null ? "rollback" : "rollback(savepoint)");
                            if (failRollback) {
                                throw new SQLException("connection lost");
                            }
                            return null;
                        default:
                            log.add(m.getName());
                            return null;
                    }
                });
    }

    private static Throwable fail(Connection c, List<String> log) {
        return catchThrowable(() -> Transactions.atomically(c, () -> {
            log.add("work");
            throw new Transactions.FailAfterRollback(() -> {
                log.add("explain");
                return new IllegalStateException("explained");
            });
        }));
    }

    @Test
    void inAutoCommitModeTheFailureIsComputedAfterTheRollbackAndAutoCommitIsBack() {
        List<String> log = new ArrayList<>();
        Throwable t = fail(logging(log, true, false), log);
        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessage("explained");
        assertThat(log).containsExactly("setAutoCommit(false)", "work", "rollback", "setAutoCommit(true)", "explain");
    }

    @Test
    void inTheCallersTransactionTheFailureIsComputedAfterTheRollbackToTheSavepoint() {
        List<String> log = new ArrayList<>();
        Throwable t = fail(logging(log, false, false), log);
        assertThat(t).isInstanceOf(IllegalStateException.class);
        assertThat(log).containsExactly("setSavepoint", "work", "rollback(savepoint)", "explain");
    }

    @Test
    void aFailedRollbackIsSuppressedOnTheFailure() {
        List<String> log = new ArrayList<>();
        Throwable t = fail(logging(log, false, true), log);
        assertThat(t).isInstanceOf(IllegalStateException.class);
        assertThat(t.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("connection lost"));
    }

    @Test
    void otherFailuresAreRethrownAfterTheRollbackAsBefore() {
        List<String> log = new ArrayList<>();
        Throwable t = catchThrowable(() -> Transactions.atomically(logging(log, true, false), () -> {
            throw new IllegalArgumentException("boom");
        }));
        assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        assertThat(log).containsExactly("setAutoCommit(false)", "rollback", "setAutoCommit(true)");
    }
}

package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.enforce.BackendOptions;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A locking read (SELECT ... FOR UPDATE) that meets a row a concurrent transaction moves out of the role's reach.
 * Under READ COMMITTED PostgreSQL rechecks the row (EvalPlanQual) with its new version but with the related rows of
 * the first pass wherever a relationship filter became a join, so the moved row is returned, by the unoptimized SQL
 * (Hasura's shape) as by the optimized one with its isolating rewrite: the rewrite changes nothing there. Under
 * REPEATABLE READ the same read fails with a serialization error, which is the documented way to lock rows under a
 * relationship permission (docs/semantics.md, "Locking reads").
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockingReadTest {

    private static final Table<?> DOCS = table(name("rowsfilter", "docs"));
    private static final Field<Integer> ID = field(name("id"), Integer.class);
    private static final Session USER_7 = Session.of("user", Map.of("X-Hasura-User-Id", "7"));

    private TestDatabase db;
    private JooqPermissions permissions;
    private JooqPermissions unoptimized;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("with-not/schema.sql"));
        try (Connection c = db.connection()) {
            CheckedPermissions checked = PermissionChecker.check(
                    MetadataLoader.defaults().load(Fixtures.path("with-not/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow();
            permissions = JooqPermissions.of(checked);
            unoptimized = JooqPermissions.of(checked, BackendOptions.DEFAULT.withOptimize(false).withCacheSize(10));
        }
    }

    @AfterEach
    void restore() {
        db.execute("UPDATE rowsfilter.docs SET project_id = 2 WHERE id = 20");
    }

    private DSLContext listener(Connection c) {
        return PermissionListener.secure(DSL.using(c, SQLDialect.POSTGRES), permissions, () -> USER_7);
    }

    private static DSLContext raw(Connection c) {
        return DSL.using(c, SQLDialect.POSTGRES);
    }

    @Test
    void underReadCommittedTheRecheckSeesTheRowsNewVersionButTheFirstPassesRelatedRowsWithOrWithoutTheRewrite()
            throws Exception {
        Condition isolating = permissions.selectCondition(DOCS, USER_7);
        Condition plain = unoptimized.selectCondition(DOCS, USER_7);
        assertThat(raw(null).renderInlined(isolating)).as("the rewrite this test is about")
                .containsIgnoringCase("\"rowsfilter\".\"docs\" AS \"_hp");
        assertThat(raw(null).renderInlined(plain)).doesNotContainIgnoringCase("\"rowsfilter\".\"docs\" AS \"_hp");
        // Without concurrency, documents 10 (user 7's project) and 20 (a collaboration).
        try (Connection c = db.connection()) {
            for (Condition filter : List.of(isolating, plain)) {
                assertThat(raw(c).select(ID).from(DOCS).where(filter).orderBy(ID).forUpdate().fetch(ID))
                        .containsExactly(10, 20);
            }
            assertThat(listener(c).select(ID).from(DOCS).orderBy(ID).forUpdate().fetch(ID)).containsExactly(10, 20);
        }
        // Document 20 moves into the archived project 3 while each locking read waits for its row lock: all three
        // return it (its new version is rechecked, the anti-join's projects row is the first pass's).
        for (Condition filter : List.of(isolating, plain)) {
            assertThat(lockingReadDuringMove(false, c -> raw(c).select(ID).from(DOCS).where(filter).orderBy(ID)
                    .forUpdate().fetch(ID))).containsExactly(10, 20);
            restore();
        }
        assertThat(lockingReadDuringMove(false, c -> listener(c).select(ID).from(DOCS).orderBy(ID).forUpdate()
                .fetch(ID))).containsExactly(10, 20);
    }

    @Test
    void underRepeatableReadTheLockingReadFailsInstead() {
        assertThatThrownBy(() -> lockingReadDuringMove(true, c -> listener(c).select(ID).from(DOCS).orderBy(ID)
                .forUpdate().fetch(ID)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("40001"));
    }

    /**
     * Runs {@code read} in its own transaction (READ COMMITTED, or REPEATABLE READ) while another transaction,
     * holding document 20's row lock, moves it into the archived project and commits once {@code read} is waiting for
     * that lock. The reading transaction is rolled back; an exception of {@code read} comes as ExecutionException.
     */
    private List<Integer> lockingReadDuringMove(boolean repeatableRead, Function<Connection, List<Integer>> read)
            throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (Connection mover = db.connection(); Connection reading = db.connection(); Connection watch = db.connection()) {
            mover.setAutoCommit(false);
            try (Statement s = mover.createStatement()) {
                s.executeUpdate("UPDATE rowsfilter.docs SET project_id = 3 WHERE id = 20");
            }
            int pid;
            try (Statement s = reading.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            reading.setAutoCommit(false);
            if (repeatableRead) {
                reading.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            Future<List<Integer>> rows = reader.submit(() -> read.apply(reading));
            awaitLockWait(watch, pid, rows);
            mover.commit();
            try {
                return rows.get(60, TimeUnit.SECONDS);
            } finally {
                reading.rollback();
            }
        } finally {
            reader.shutdownNow();
        }
    }

    /** Returns once backend {@code pid} waits for a lock (polling pg_stat_activity; no sleeping). */
    private static void awaitLockWait(Connection watch, int pid, Future<?> reader) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (PreparedStatement ps = watch.prepareStatement(
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            while (System.nanoTime() < deadline) {
                assertThat(reader.isDone()).as("the locking read finished without waiting for the lock").isFalse();
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("backend " + pid + " never waited for the row lock");
    }
}

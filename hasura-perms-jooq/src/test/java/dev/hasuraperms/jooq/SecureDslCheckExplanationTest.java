package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultConnectionProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a failed check is explained after the write is rolled back (its own transaction, or its savepoint in the
 * caller's transaction), never while the write holds its locks.
 */
@PostgresTest
class SecureDslCheckExplanationTest {

    private static final Table<?> A = table(name("public", "articles")).as("a");
    private static final Session DORMANT = Session.of("user", Map.of("X-Hasura-User-Id", "4"));
    private static final Session ADA = Session.of("user", Map.of("X-Hasura-User-Id", "1"));

    private static TestDatabase db;
    private static JooqPermissions permissions;

    @BeforeAll
    static void schema(TestDatabase database) throws Exception {
        db = database;
        db.execute(Fixtures.read("enforcement/schema.sql"));
        try (Connection c = db.connection()) {
            permissions = JooqPermissions.of(PermissionChecker.check(
                    MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow());
        }
    }

    @BeforeEach
    void data() {
        db.execute(Fixtures.read("enforcement/data.sql"));
    }

    /** The transaction calls on {@code target}, and the articles visible when the explanation reads a related row. */
    private static Connection observed(Connection target, List<String> events) {
        return (Connection) Proxy.newProxyInstance(SecureDslCheckExplanationTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    String n = method.getName();
                    if (n.startsWith("prepare") && args != null && args[0] instanceof String sql
                            && sql.startsWith("SELECT * FROM")) {
                        events.add("explain: autoCommit=" + target.getAutoCommit() + " articles=" + articles(target));
                    } else if (n.equals("rollback") || n.equals("commit") || n.equals("setSavepoint")
                            || n.equals("releaseSavepoint") || n.equals("setAutoCommit")) {
                        events.add(n + (args != null && args[0] instanceof Boolean b ? "(" + b + ")"
                                : args != null ? "(savepoint)" : ""));
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int articles(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM articles")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static SecureDsl secure(Connection c) {
        return SecureDsl.of(DSL.using(new DefaultConfiguration().set(SQLDialect.POSTGRES)
                .set(new DefaultConnectionProvider(c))), permissions);
    }

    @Test
    void inAutoCommitModeTheInsertIsRolledBackBeforeTheExplanationRuns() throws Exception {
        List<String> events = new ArrayList<>();
        try (Connection c = db.connection()) {
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure(observed(c, events)).insertInto(DORMANT, A)
                    .values(Map.of("author_id", 4, "title", "from the dormant author")).execute());
            assertThat(e).isNotNull();
            assertThat(e.failures()).singleElement().satisfies(f ->
                    assertThat(f.explanation().orElseThrow().render()).contains("is_active"));
        }
        assertThat(events).containsExactly("setAutoCommit(false)", "rollback", "setAutoCommit(true)",
                "explain: autoCommit=true articles=5");
    }

    @Test
    void inTheCallersTransactionTheSavepointIsRolledBackBeforeTheExplanationRuns() throws Exception {
        List<String> events = new ArrayList<>();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            secure(c).insertInto(ADA, A).values(Map.of("author_id", 1, "title", "the caller's")).execute();
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure(observed(c, events)).insertInto(DORMANT, A)
                    .values(Map.of("author_id", 4, "title", "from the dormant author")).execute());
            assertThat(e).isNotNull();
            // The caller's insert is still there (6 rows), the failed one already undone.
            assertThat(events).containsExactly("setSavepoint", "rollback(savepoint)",
                    "explain: autoCommit=false articles=6");
            c.commit();
        }
        assertThat(db.query("SELECT title FROM articles WHERE id > 5")).containsExactly(Map.of("title", "the caller's"));
    }
}

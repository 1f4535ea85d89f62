package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: the explanation of a failed check never runs while the write holds its transaction or savepoint (it is
 * rolled back first), and an explanation the evaluator refuses leaves the check violation as it is.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureCheckExplanationTest {

    private static final QualifiedName NOTES = QualifiedName.of("notes");
    private static final Session WRITER = Session.of("writer", Map.of());
    private static final Session MATCHER = Session.of("matcher", Map.of());
    /** Backtracks for minutes on java.util.regex for the value below; PostgreSQL answers at once. */
    private static final String BACKTRACKING = "(a{1,10}){1,10}$";
    private static final String NOT_MATCHING = "a".repeat(60) + "!";

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute("CREATE TABLE owners (id int PRIMARY KEY, active boolean NOT NULL);"
                + "CREATE TABLE notes (id int PRIMARY KEY, owner_id int NOT NULL REFERENCES owners (id), body text NOT NULL)");
        secure = SecureJdbc.of(SecureTesting.checked(db, """
                version: 3
                sources:
                  - name: default
                    tables:
                      - table: owners
                        select_permissions:
                          - {role: writer, permission: {columns: "*", filter: {}}}
                      - table: notes
                        object_relationships:
                          - {name: owner, using: {foreign_key_constraint_on: owner_id}}
                        insert_permissions:
                          - {role: writer, permission: {columns: "*", check: {owner: {active: {_eq: true}}}}}
                          - {role: matcher, permission: {columns: "*", check: {body: {_regex: "%s"}}}}
                        update_permissions:
                          - {role: writer, permission: {columns: [owner_id, body], filter: {}, check: {owner: {active: {_eq: true}}}}}
                          - {role: matcher, permission: {columns: [body], filter: {}, check: {body: {_regex: "%s"}}}}
                """.formatted(BACKTRACKING, BACKTRACKING)));
    }

    @BeforeEach
    void data() {
        db.execute("TRUNCATE notes, owners; INSERT INTO owners VALUES (1, true), (2, false);"
                + "INSERT INTO notes VALUES (10, 1, 'x')");
    }

    /** What the connection was asked to do, and what the database looked like when the explanation read a row. */
    private static final class Observed {
        final List<String> events = new ArrayList<>();
        final Connection connection;

        Observed(Connection target, Connection other, String visibleQuery) {
            connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        String name = method.getName();
                        if (name.startsWith("prepare") && args != null && args[0] instanceof String sql
                                && sql.startsWith("SELECT * FROM")) {
                            // The evaluator reading a related row: the explanation is running.
                            events.add("explain: autoCommit=" + target.getAutoCommit()
                                    + " visible=" + query(target, visibleQuery)
                                    + " lockable=" + lockable(other));
                        } else if (name.equals("rollback") || name.equals("commit") || name.equals("setSavepoint")
                                || name.equals("releaseSavepoint") || name.equals("setAutoCommit")) {
                            events.add(name + (args != null && args[0] instanceof Boolean b ? "(" + b + ")"
                                    : args != null ? "(savepoint)" : ""));
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        List<String> explainEvents() {
            return events.stream().filter(e -> e.startsWith("explain")).toList();
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return String.join(",", out);
        }
    }

    /** Whether another session can lock note 10 at once (no write of ours holds it). */
    private static boolean lockable(Connection other) throws SQLException {
        try (Statement s = other.createStatement()) {
            s.execute("SELECT id FROM notes WHERE id = 10 FOR UPDATE NOWAIT");
            return true;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void inAutoCommitModeTheWriteIsRolledBackBeforeTheExplanationRuns() throws Exception {
        try (Connection c = db.connection(); Connection other = db.connection()) {
            Observed o = new Observed(c, other, "SELECT id FROM notes ORDER BY id");
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(o.connection, WRITER, NOTES)
                    .values(Map.of("id", 11, "owner_id", 2, "body", "new")).execute());
            assertThat(e).isNotNull();
            assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.explanation().orElseThrow().render())
                    .contains("active (false)"));
            // Rolled back and back in auto-commit mode before the evaluator read the owner; the new note is gone.
            assertThat(o.events).containsExactly("setAutoCommit(false)", "rollback", "setAutoCommit(true)",
                    "explain: autoCommit=true visible=10 lockable=true");

            o.events.clear();
            e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.update(o.connection, WRITER, NOTES).set("owner_id", 2).execute());
            assertThat(e.operation()).isEqualTo(Operation.UPDATE);
            assertThat(o.events).containsExactly("setAutoCommit(false)", "rollback", "setAutoCommit(true)",
                    "explain: autoCommit=true visible=10 lockable=true");
        }
        assertThat(db.query("SELECT id, owner_id FROM notes")).containsExactly(Map.of("id", 10, "owner_id", 1));
    }

    @Test
    void inTheCallersTransactionTheSavepointIsRolledBackBeforeTheExplanationRuns() throws Exception {
        try (Connection c = db.connection(); Connection other = db.connection()) {
            c.setAutoCommit(false);
            secure.insert(c, WRITER, NOTES).values(Map.of("id", 12, "owner_id", 1, "body", "caller's")).execute();
            Observed o = new Observed(c, other, "SELECT id || ':' || owner_id FROM notes ORDER BY id");
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.update(o.connection, WRITER, NOTES)
                    .set("owner_id", 2).where(SqlCondition.of("notes.id = ?", 10)).execute());
            assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.explanation()).isPresent());
            // The update's row lock is released (another session locks the row at once) and its change undone,
            // while the caller's earlier insert stays in the caller's transaction.
            assertThat(o.events).containsExactly("setSavepoint", "rollback(savepoint)",
                    "explain: autoCommit=false visible=10:1,12:1 lockable=true");
            c.commit();
        }
        assertThat(db.query("SELECT id, owner_id FROM notes ORDER BY id"))
                .containsExactly(Map.of("id", 10, "owner_id", 1), Map.of("id", 12, "owner_id", 1));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anExplanationTheEvaluatorRefusesLeavesTheCheckViolation() throws Exception {
        try (Connection c = db.connection()) {
            // PostgreSQL decides the check (FALSE); the in-memory explanation would backtrack and is refused.
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(c, MATCHER, NOTES)
                    .values(Map.of("id", 11, "owner_id", 1, "body", NOT_MATCHING)).execute());
            assertThat(e).isNotNull();
            assertThat(e.operation()).isEqualTo(Operation.INSERT);
            assertThat(e.failures()).singleElement().satisfies(f -> {
                assertThat(f.row()).containsEntry("body", NOT_MATCHING);
                assertThat(f.explanation()).isEmpty();
            });

            e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.update(c, MATCHER, NOTES).set("body", NOT_MATCHING).execute());
            assertThat(e).isNotNull();
            assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.explanation()).isEmpty());

            // A matching value passes (the pattern is fine for PostgreSQL).
            assertThat(secure.insert(c, MATCHER, NOTES).values(Map.of("id", 11, "owner_id", 1, "body", "aaa")).execute()
                    .affectedRows()).isEqualTo(1);
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(db.query("SELECT id, body FROM notes ORDER BY id"))
                .containsExactly(Map.of("id", 10, "body", "x"), Map.of("id", 11, "body", "aaa"));
    }
}

package dev.hasuraperms.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.spring.app.Event;
import dev.hasuraperms.spring.app.EventRepository;
import dev.hasuraperms.spring.app.EventsApp;
import dev.hasuraperms.spring.jpa.PermissionBypass;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 16: the JPA write guard rolls a write whose check fails back to a savepoint set before it, and only then
 * explains the failure (the explanation here reads the related user on the connection, which the test observes).
 */
@SpringBootTest(classes = {EventsApp.class, JpaWriteGuardExplanationTest.Observe.class}, properties = {
        "hasura.perms.metadata=classpath:guard-explanation-metadata.json",
        "spring.jpa.hibernate.ddl-auto=none",
        "spring.jpa.open-in-view=false"})
class JpaWriteGuardExplanationTest {

    /** The transaction calls of the connections, and what the explanation saw when it read a related row. */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private static final Session PROBER = Session.of("prober", Map.of("X-Hasura-User-Id", "1"));

    @Autowired
    EventRepository events;
    @Autowired
    TransactionTemplate tx;

    private final TestDatabase db = EventsApp.database();

    /** Wraps the application's data source so that its connections report to {@link #CALLS}. */
    @Configuration
    static class Observe {
        @Bean
        static BeanPostProcessor observeConnections() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds ? observed(ds) : bean;
                }
            };
        }
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static DataSource observed(DataSource ds) {
        return (DataSource) Proxy.newProxyInstance(JpaWriteGuardExplanationTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    Object r = invoke(ds, m, args);
                    return m.getName().equals("getConnection") ? observed((Connection) r) : r;
                });
    }

    static Connection observed(Connection target) {
        return (Connection) Proxy.newProxyInstance(JpaWriteGuardExplanationTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, args) -> {
                    String n = m.getName();
                    if (n.startsWith("prepare") && args != null && args[0] instanceof String sql
                            && sql.startsWith("SELECT * FROM")) {
                        CALLS.add("explain: failing rows=" + failing(target));
                    } else if (n.equals("setSavepoint") || n.equals("releaseSavepoint")) {
                        CALLS.add(n);
                    } else if (n.equals("rollback")) {
                        CALLS.add(args != null ? "rollback(savepoint)" : "rollback");
                    }
                    return invoke(target, m, args);
                });
    }

    /** The rows with the type the check refuses, as the connection sees them. */
    private static int failing(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE type = 'Probe-fails'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @BeforeEach
    @AfterEach
    void clean() {
        db.execute("DELETE FROM events WHERE type LIKE 'Probe%'");
        CALLS.clear();
    }

    @Test
    void aFailedInsertCheckIsRolledBackToItsSavepointBeforeItIsExplained() {
        assertThatThrownBy(() -> SessionContext.callAs(PROBER, () -> tx.execute(st ->
                events.saveAndFlush(new Event("Probe-fails", "{}")))))
                .isInstanceOfSatisfying(CheckViolationException.class, e -> assertThat(e.failures()).singleElement()
                        .satisfies(f -> assertThat(f.explanation().orElseThrow().render()).contains("Probe-fails")));
        // The written row is gone when the explanation reads the related user.
        assertThat(CALLS).containsExactly("setSavepoint", "rollback(savepoint)", "explain: failing rows=0", "rollback");
        assertThat(db.query("SELECT count(*)::int AS n FROM events WHERE type LIKE 'Probe%'").get(0).get("n"))
                .isEqualTo(0);
    }

    @Test
    void aFailedUpdateCheckIsRolledBackToItsSavepointBeforeItIsExplained() {
        Event e = SessionContext.callAs(PROBER, () -> tx.execute(st -> events.saveAndFlush(new Event("Probe", "{}"))));
        assertThat(CALLS).containsExactly("setSavepoint", "releaseSavepoint");
        CALLS.clear();
        assertThatThrownBy(() -> SessionContext.runAs(PROBER, () -> tx.executeWithoutResult(st -> {
            // prober may update but not select events: the read is an explicit bypass, the write stays guarded.
            Event mine = PermissionBypass.call(() -> events.findById(e.getId())).orElseThrow();
            mine.setType("Probe-fails");
            events.flush();
        }))).isInstanceOf(CheckViolationException.class);
        assertThat(CALLS).containsExactly("setSavepoint", "rollback(savepoint)", "explain: failing rows=0", "rollback");
        assertThat(db.query("SELECT type FROM events WHERE id = " + e.getId()).get(0).get("type")).isEqualTo("Probe");
    }
}

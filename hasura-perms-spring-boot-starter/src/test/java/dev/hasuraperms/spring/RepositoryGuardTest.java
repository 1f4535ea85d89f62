package dev.hasuraperms.spring;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.session.MissingRoleException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.spring.app.Event;
import dev.hasuraperms.spring.app.EventRepository;
import dev.hasuraperms.spring.app.EventsApp;
import dev.hasuraperms.spring.app.User;
import dev.hasuraperms.spring.app.UserRepository;
import dev.hasuraperms.spring.jpa.PermissionBypass;
import dev.hasuraperms.spring.unfiltered.UnfilteredApp;
import dev.hasuraperms.testing.postgres.TestDatabase;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jpa.domain.DeleteSpecification;
import org.springframework.data.jpa.domain.PredicateSpecification;
import org.springframework.data.jpa.domain.UpdateSpecification;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Spring Data repositories of entities with permissions never return a row the session cannot select: CRUD reads
 * carry the select filter, loads outside them are checked, query methods are refused at start-up unless marked.
 */
@SpringBootTest(classes = EventsApp.class, properties = {
        "hasura.perms.metadata=classpath:events-metadata.json",
        "spring.jpa.hibernate.ddl-auto=none",
        "spring.jpa.open-in-view=false"})
@ExtendWith(OutputCaptureExtension.class)
class RepositoryGuardTest {

    @Autowired
    EventRepository events;
    @Autowired
    UserRepository users;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    EntityManager em;
    @Autowired
    dev.hasuraperms.spring.jpa.JpaPermissions perms;

    private final TestDatabase db = EventsApp.database();

    private static Session user(int id) {
        return Session.of("user", Map.of("X-Hasura-User-Id", Integer.toString(id)));
    }

    private long count(String where) {
        return ((Number) db.query("SELECT count(*) AS n FROM events WHERE " + where).get(0).get("n")).longValue();
    }

    private int someEventOf(int user) {
        return (Integer) db.query("SELECT min(id) AS id FROM events WHERE user_id = " + user).get(0).get("id");
    }

    @Test
    void crudReadsCarryTheSelectFilter() {
        int mine = someEventOf(2);
        int theirs = someEventOf(3);
        SessionContext.runAs(user(2), () -> tx.executeWithoutResult(s -> {
            assertThat(events.findById(mine)).isPresent();
            assertThat(events.findById(theirs)).as("another user's row").isEmpty();
            assertThat(events.existsById(theirs)).isFalse();
            assertThat(events.existsById(mine)).isTrue();
            assertThat(events.findAllById(List.of(mine, theirs))).extracting(Event::getId).containsExactly(mine);
            assertThat(events.count()).isEqualTo(count("user_id = 2"));
            int limit = perms.limit(Event.class, "user").orElseThrow();
            assertThat(count("user_id = 2")).isGreaterThan(limit);
            assertThat(events.findAll()).as("the permission's limit applies").hasSize(limit)
                    .allSatisfy(e -> assertThat(e.getUser().getId()).isEqualTo(2));
            assertThat(events.findAll(Sort.by("id"))).hasSize(limit);
            assertThat(events.findAll(PageRequest.of(0, 50)).getSize()).isEqualTo(limit);
            assertThat(events.findAll(PageRequest.of(0, 5)).getTotalElements()).isEqualTo(count("user_id = 2"));
            assertThat(events.findOne((r, q, cb) -> cb.equal(r.get("id"), theirs))).isEmpty();
            assertThat(events.exists((r, q, cb) -> cb.equal(r.get("id"), theirs))).isFalse();
            assertThat(events.count((r, q, cb) -> cb.isNotNull(r.get("id")))).isEqualTo(count("user_id = 2"));
            assertThat(users.findAll()).extracting(User::getId).containsExactly(2);
            assertThat(events.getReferenceById(mine).getId()).isEqualTo(mine);
        }));
        SessionContext.runAs(user(2), () -> assertThatThrownBy(() -> events.getReferenceById(theirs))
                .hasMessageContaining("readable by the session"));
    }

    @Test
    void derivedQueryMethodsCarryTheSelectFilter() {
        int theirs = someEventOf(3);
        long football2 = count("user_id = 2 AND type = 'Football'");
        assertThat(football2).isPositive();
        assertThat(count("user_id <> 2 AND type = 'Football'")).isPositive();
        SessionContext.runAs(user(2), () -> tx.executeWithoutResult(s -> {
            assertThat(events.countByType("Football")).isEqualTo(football2);
            assertThat(events.existsByType("Football")).isTrue();
            assertThat(events.existsByType("Nothing")).isFalse();
            List<Event> list = events.findByTypeAndIdGreaterThanOrderByIdAsc("Football", 0);
            assertThat(list).hasSize((int) Math.min(football2, 10))
                    .allSatisfy(e -> assertThat(e.getUser().getId()).isEqualTo(2));
            assertThat(list).extracting(Event::getId).isSorted();
            assertThat(events.findFirstByTypeOrderByIdAsc("Football").orElseThrow().getId()).isEqualTo(
                    db.query("SELECT min(id) AS id FROM events WHERE user_id = 2 AND type = 'Football'").get(0)
                            .get("id"));
            assertThat(events.findOneById(theirs)).isEmpty();
            assertThat(events.findByTypeIn(List.of("Football", "Golf"), PageRequest.of(0, 3)).getTotalElements())
                    .isEqualTo(count("user_id = 2 AND type IN ('Football', 'Golf')"));
            assertThat(events.findByUserUsernameStartingWithIgnoreCase("")).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getUser().getId()).isEqualTo(2));
        }));
    }

    @Test
    void derivedDeleteDeletesOnlyRowsOfTheDeleteFilter() {
        int a = (Integer) db.query("INSERT INTO users (username) VALUES ('guard-c') RETURNING id").get(0).get("id");
        int b = (Integer) db.query("INSERT INTO users (username) VALUES ('guard-d') RETURNING id").get(0).get("id");
        try {
            db.execute("INSERT INTO events (user_id, type, data) VALUES (" + a + ", 'Basketball', '{}'), (" + b
                    + ", 'Basketball', '{}')");
            long n = SessionContext.callAs(Session.of("writer", Map.of("X-Hasura-User-Id", Integer.toString(a))),
                    () -> tx.execute(s -> events.deleteByType("Basketball")));
            assertThat(n).isOne();
            assertThat(count("user_id = " + a)).isZero();
            assertThat(count("user_id = " + b)).isOne();
        } finally {
            db.execute("DELETE FROM users WHERE id IN (" + a + ", " + b + ")");
        }
    }

    @Test
    void queryByExampleIsRefused() {
        SessionContext.runAs(user(2), () ->
                assertThatThrownBy(() -> events.findAll(Example.of(new Event("Football", null))))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("findAll"));
    }

    @Test
    void repositoryReadsWithoutASessionFailClosed() {
        assertThatThrownBy(() -> events.count()).isInstanceOf(MissingRoleException.class);
        assertThatThrownBy(() -> events.findById(someEventOf(2))).isInstanceOf(MissingRoleException.class);
    }

    @Test
    void entitiesLoadedOutsideARepositoryAreCheckedAgainstTheSelectPermission() {
        int mine = someEventOf(2);
        int theirs = someEventOf(3);
        SessionContext.runAs(user(2), () -> {
            Integer found = tx.execute(s -> em.find(Event.class, mine).getId());
            assertThat(found).isEqualTo(mine);
            assertThatThrownBy(() -> tx.execute(s -> em.find(Event.class, theirs)))
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("outside the select");
            assertThatThrownBy(() -> tx.execute(s -> em.createQuery("select e from Event e where e.type = 'Football'",
                    Event.class).getResultList())).isInstanceOf(PermissionDeniedException.class);
            List<Event> own = tx.execute(s -> em.createQuery("select e from Event e where e.user.id = 2", Event.class)
                    .getResultList());
            assertThat(own).hasSize((int) count("user_id = 2"));
        });
        // no select permission at all on the table
        Session cleaner = Session.of("cleaner", Map.of("X-Hasura-Username", "x"));
        SessionContext.runAs(cleaner, () -> assertThatThrownBy(() -> tx.execute(s -> em.find(Event.class, mine)))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("no select permission"));
    }

    @Test
    void theBypassIsExplicitAndLogged(CapturedOutput output) {
        int theirs = someEventOf(3);
        Event e = SessionContext.callAs(user(2), () -> PermissionBypass.call(() -> tx.execute(s ->
                em.find(Event.class, theirs))));
        assertThat(e.getId()).isEqualTo(theirs);
        assertThat(output.getOut()).contains("permission bypass").contains("RepositoryGuardTest");
        // a query method marked @BypassPermissions runs unfiltered, logged with its reason
        List<Event> football = SessionContext.callAs(user(2), () -> tx.execute(s -> events.findByType("Football")));
        assertThat(football).hasSize((int) count("type = 'Football'"));
        assertThat(output.getOut()).contains("unfiltered query method EventRepository.findByType")
                .contains("a report over every user's events");
    }

    @Test
    void springDataJpa4SpecificationsCarryThePermission() {
        int a = (Integer) db.query("INSERT INTO users (username) VALUES ('spec-a') RETURNING id").get(0).get("id");
        int b = (Integer) db.query("INSERT INTO users (username) VALUES ('spec-b') RETURNING id").get(0).get("id");
        try {
            db.execute("INSERT INTO events (user_id, type, data) VALUES (" + a + ", 'Basketball', '{}'), (" + a
                    + ", 'Golf', '{}'), (" + b + ", 'Basketball', '{}'), (" + b + ", 'Basketball', '{}')");
            // reads with a PredicateSpecification: the select filter is AND-ed in (user sees only its own rows)
            PredicateSpecification<Event> basketball = (from, cb) -> cb.equal(from.get("type"), "Basketball");
            assertThat(SessionContext.callAs(user(a), () -> events.count(basketball))).isOne();
            List<Event> mine = SessionContext.callAs(user(a), () -> tx.execute(s -> events.findAll(basketball)));
            assertThat(mine).extracting(e -> e.getUser().getId()).containsOnly(a);
            assertThat(SessionContext.callAs(user(b), () -> events.exists(basketball))).isTrue();
            // the permission as a PredicateSpecification of its own, composed with the caller's
            List<Event> composed = SessionContext.callAs(user(a), () -> tx.execute(s -> events.findAll(
                    PredicateSpecification.allOf(perms.selectPredicate(Event.class), basketball))));
            assertThat(composed).hasSize(1);

            // an unrestricted bulk delete(PredicateSpecification) deletes only the delete permission's rows
            // (writer: own Basketball events), never everything
            long before = count("true");
            Session writer = Session.of("writer", Map.of("X-Hasura-User-Id", Integer.toString(a)));
            long deleted = SessionContext.callAs(writer, () -> tx.execute(s ->
                    events.delete(PredicateSpecification.<Event>unrestricted())));
            assertThat(deleted).isOne();
            assertThat(count("true")).isEqualTo(before - 1);
            assertThat(count("user_id = " + b)).isEqualTo(2);
            // delete(DeleteSpecification) likewise: b's rows are outside a's delete filter
            long none = SessionContext.callAs(writer, () -> tx.execute(s -> events.delete(
                    DeleteSpecification.<Event>where((from, cb) -> cb.equal(from.get("user").get("id"), b)))));
            assertThat(none).isZero();
            assertThat(count("user_id = " + b)).isEqualTo(2);

            // a bulk update(UpdateSpecification) bypasses column permission, presets and check: refused
            UpdateSpecification<Event> rename = UpdateSpecification.<Event>update((root, update, cb) ->
                    update.set(root.<String>get("type"), "Hacked")).where((from, cb) -> cb.conjunction());
            assertThatThrownBy(() -> SessionContext.callAs(writer, () -> tx.execute(s -> events.update(rename))))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(count("type = 'Hacked'")).isZero();
        } finally {
            db.execute("DELETE FROM events WHERE user_id IN (" + a + ", " + b + ")");
            db.execute("DELETE FROM users WHERE id IN (" + a + ", " + b + ")");
        }
    }

    @Test
    void deleteAllDeletesOnlyWhatTheDeletePermissionAllows() {
        int a = (Integer) db.query("INSERT INTO users (username) VALUES ('guard-a') RETURNING id").get(0).get("id");
        int b = (Integer) db.query("INSERT INTO users (username) VALUES ('guard-b') RETURNING id").get(0).get("id");
        try {
            db.execute("INSERT INTO events (user_id, type, data) VALUES (" + a + ", 'Basketball', '{}'), (" + a
                    + ", 'Basketball', '{}'), (" + a + ", 'Golf', '{}'), (" + b + ", 'Basketball', '{}')");
            long before = count("true");
            Session writer = Session.of("writer", Map.of("X-Hasura-User-Id", Integer.toString(a)));
            SessionContext.runAs(writer, () -> tx.executeWithoutResult(s -> events.deleteAllInBatch()));
            assertThat(count("true")).isEqualTo(before - 2);
            assertThat(count("user_id = " + a + " AND type = 'Golf'")).isOne();
            assertThat(count("user_id = " + b)).isOne();
            db.execute("INSERT INTO events (user_id, type, data) VALUES (" + a + ", 'Basketball', '{}')");
            SessionContext.runAs(writer, () -> tx.executeWithoutResult(s -> events.deleteAll()));
            assertThat(count("user_id = " + a)).isOne();
            assertThat(count("user_id = " + b)).isOne();
        } finally {
            db.execute("DELETE FROM users WHERE id IN (" + a + ", " + b + ")");
        }
    }

    @Test
    void queryMethodsTheGuardCannotFilterStopStartUp() {
        Throwable t = catchThrowable(() -> new SpringApplicationBuilder(UnfilteredApp.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .properties("hasura.perms.metadata=classpath:events-metadata.json",
                        "spring.jpa.hibernate.ddl-auto=none", "spring.main.banner-mode=off")
                .run().close());
        DiagnosticException d = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DiagnosticException e) {
                d = e;
            }
        }
        assertThat(d).as("stopped by %s", t).isNotNull();
        assertThat(d.errors()).extracting(Diagnostic::code).containsOnly(DiagnosticCode.UNMAPPED_PERMISSION);
        assertThat(d.errors()).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m).contains("streamAllByType").contains("Stream"))
                .anySatisfy(m -> assertThat(m).contains("findByTypeRegex").contains("REGEX"))
                .anySatisfy(m -> assertThat(m).contains("jpql"))
                .anySatisfy(m -> assertThat(m).contains("everything"));
    }
}

package dev.hasuraperms.spring;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.spring.app.Event;
import dev.hasuraperms.spring.app.EventRepository;
import dev.hasuraperms.spring.app.EventsApp;
import dev.hasuraperms.spring.app.User;
import dev.hasuraperms.spring.app.UserRepository;
import dev.hasuraperms.spring.jpa.JpaPermissions;
import dev.hasuraperms.spring.jpa.PermissionBypass;
import dev.hasuraperms.testing.postgres.TestDatabase;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = EventsApp.class, properties = {
        "hasura.perms.metadata=classpath:events-metadata.json",
        "spring.jpa.hibernate.ddl-auto=none",
        "spring.jpa.open-in-view=false"})
class JpaPermissionsTest {

    @Autowired
    JpaPermissions perms;
    @Autowired
    EventRepository events;
    @Autowired
    UserRepository users;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    EntityManager em;

    private final TestDatabase db = EventsApp.database();

    private long count(String where) {
        return ((Number) db.query("SELECT count(*) AS n FROM events WHERE " + where).get(0).get("n")).longValue();
    }

    private static Session user(int id) {
        return Session.of("user", Map.of("X-Hasura-User-Id", Integer.toString(id)));
    }

    private static Session writer(int id) {
        return Session.of("writer", Map.of("X-Hasura-User-Id", Integer.toString(id)));
    }

    private static Session fan(String pattern) {
        return Session.of("fan", Map.of("X-Hasura-Fan-Of", pattern));
    }

    // ---- select -----------------------------------------------------------------------------------------------------

    @Test
    void aSpecificationIsRefusedWhenQueryRootFieldsWithholdSelect() {
        // events has query_root_fields: [] for role nolist: its rows are not listed at the root (Hasura).
        assertThatThrownBy(() -> perms.select(Event.class, Session.of("nolist", Map.of())))
                .isInstanceOf(dev.hasuraperms.check.PermissionDeniedException.class)
                .hasMessageContaining("query_root_fields");
    }

    @Test
    void pagedFindAllReturnsOnlyPermittedRowsWithCorrectTotals() {
        long expected = count("user_id = 2");
        assertThat(expected).isGreaterThan(20);
        Page<Event> first = SessionContext.callAs(user(2), () -> tx.execute(s -> {
            Page<Event> p = events.findAll(perms.select(Event.class), PageRequest.of(0, 7, Sort.by("id")));
            p.getContent().forEach(e -> assertThat(e.getUser().getId()).isEqualTo(2));
            return p;
        }));
        assertThat(first.getTotalElements()).isEqualTo(expected);
        assertThat(first.getContent()).hasSize(7);
        assertThat(first.getTotalPages()).isEqualTo((int) ((expected + 6) / 7));

        // the last page, and a caller condition composed with the permission
        long football = count("user_id = 2 AND type = 'Football'");
        Page<Event> last = SessionContext.callAs(user(2), () -> events.findAll(
                perms.select(Event.class).and((r, q, cb) -> cb.equal(r.get("type"), "Football")),
                PageRequest.of((int) ((football - 1) / 5), 5, Sort.by("id"))));
        assertThat(last.getTotalElements()).isEqualTo(football);
        assertThat(last.getContent()).hasSize((int) (football - 5 * ((football - 1) / 5)));
    }

    @Test
    void permissionLimitCapsThePageSizeAndKeepsTheCallersOffset() {
        Pageable limited = SessionContext.callAs(user(2), () -> perms.limit(Event.class, PageRequest.of(3, 50, Sort.by("id"))));
        assertThat(limited.getPageSize()).isEqualTo(10);
        assertThat(limited.getOffset()).isEqualTo(150);
        List<Integer> ids = SessionContext.callAs(user(2), () -> events.findAll(perms.select(Event.class), limited))
                .map(Event::getId).getContent();
        List<Map<String, Object>> expected = db.query(
                "SELECT id FROM events WHERE user_id = 2 ORDER BY id OFFSET 150 LIMIT 10");
        assertThat(ids).containsExactlyElementsOf(expected.stream().map(r -> (Integer) r.get("id")).toList());
    }

    @Test
    void objectRelationshipFilterIsACorrelatedSubquery() {
        long expected = count("user_id = (SELECT id FROM users WHERE username ILIKE 'happy%')");
        assertThat(expected).isPositive();
        long n = SessionContext.callAs(fan("happy%"), () -> events.count(perms.select(Event.class)));
        assertThat(n).isEqualTo(expected);
        assertThat(SessionContext.callAs(fan("nobody%"), () -> events.count(perms.select(Event.class)))).isZero();
        // the same relationship filter as a Spring Data JPA 4 PredicateSpecification (subquery of its own query)
        assertThat(SessionContext.callAs(fan("happy%"), () -> events.count(perms.selectPredicate(Event.class))))
                .isEqualTo(expected);
        assertThat(SessionContext.callAs(fan("nobody%"), () -> events.count(perms.selectPredicate(Event.class))))
                .isZero();
        // PostgreSQL's default LIKE escape (backslash) applies, as in Hasura: "\\G" is a literal G
        assertThat(SessionContext.callAs(fan("happy\\goalie"), () -> events.count(perms.select(Event.class))))
                .isEqualTo(expected);
    }

    @Test
    void arrayRelationshipFilterAndNotIn() {
        Set<Integer> before = SessionContext.callAs(fan("x"), () -> users.findAll(perms.select(User.class)))
                .stream().map(User::getId).collect(Collectors.toSet());
        assertThat(before).containsExactlyInAnyOrder(3, 4, 5);
        db.execute("INSERT INTO events (user_id, type, data) VALUES (1, 'Secret', '{}')");
        try {
            Set<Integer> after = SessionContext.callAs(fan("x"), () -> users.findAll(perms.select(User.class)))
                    .stream().map(User::getId).collect(Collectors.toSet());
            assertThat(after).containsExactlyInAnyOrder(1, 3, 4, 5);
        } finally {
            db.execute("DELETE FROM events WHERE type = 'Secret'");
        }
    }

    @Test
    void inheritedRoleSeesTheUnionOfItsParentsRows() {
        Session s = Session.of("user_or_fan", Map.of("X-Hasura-User-Id", "2", "X-Hasura-Fan-Of", "happy%"));
        long expected = count("user_id = 2 OR user_id = (SELECT id FROM users WHERE username ILIKE 'happy%')");
        assertThat(SessionContext.callAs(s, () -> events.count(perms.select(Event.class)))).isEqualTo(expected);
        assertThat(expected).isGreaterThan(count("user_id = 2"));
    }

    @Test
    void inheritedRoleCellRedactionShowsAColumnOnlyWhereAParentGrantsIt() {
        Session s = Session.of("user_or_namesake", Map.of("X-Hasura-User-Id", "2"));
        assertThat(perms.readableAttributes(User.class, "user_or_namesake")).containsExactly("id");
        Map<Object, Set<String>> visible = SessionContext.callAs(s, () -> tx.execute(st -> {
            // the repository caps the rows at the inherited role's limit (1: the largest of the parents' limits)
            assertThat(users.findAll(perms.select(User.class))).hasSize(1);
            List<Integer> all = db.query("SELECT id FROM users").stream().map(r -> (Integer) r.get("id")).toList();
            assertThat(all).hasSize(5);
            return perms.visibleAttributes(em, User.class, all);
        }));
        assertThat(visible).hasSize(5);
        assertThat(visible.get(2)).containsExactlyInAnyOrder("id", "username");
        assertThat(visible.get(1)).containsExactly("id");
        assertThat(visible.get(5)).containsExactly("id");
    }

    @Test
    void noPermissionAndMissingVariableFailBeforeAnySql() {
        assertThatThrownBy(() -> perms.select(Event.class, Session.of("nobody", Map.of())))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> SessionContext.callAs(Session.of("user", Map.of()),
                () -> events.findAll(perms.select(Event.class, Session.of("user", Map.of())))))
                .isInstanceOf(MissingSessionVariableException.class);
        assertThatThrownBy(() -> perms.select(Event.class)).isInstanceOf(HasuraPermsException.class);
    }

    @Test
    void readableAttributesFollowTheSelectColumns() {
        assertThat(perms.readableAttributes(User.class, "fan")).containsExactlyInAnyOrder("id", "username");
        assertThat(perms.readableAttributes(Event.class, "user"))
                .containsExactlyInAnyOrder("id", "user", "type", "data", "createdAt", "happenedAt");
        assertThat(perms.readableAttributes(Event.class, "nobody")).isEmpty();
        assertThat(perms.updatableAttributes(Event.class, "writer")).containsExactly("type");
    }

    // ---- writes -----------------------------------------------------------------------------------------------------

    private Event saveAs(Session s, Event e) {
        return SessionContext.callAs(s, () -> tx.execute(st -> events.saveAndFlush(e)));
    }

    @Test
    void insertAppliesPresetsAndPassesTheCheck() {
        Event e = saveAs(writer(3), new Event("Football", "{\"score\": 1}"));
        assertThat(db.query("SELECT user_id FROM events WHERE id = " + e.getId()).get(0).get("user_id")).isEqualTo(3);
    }

    @Test
    void failingInsertCheckRollsTheTransactionBack() {
        long before = count("true");
        assertThatThrownBy(() -> SessionContext.callAs(writer(3), () -> tx.execute(st -> {
            events.saveAndFlush(new Event("Football", "{}"));
            return events.saveAndFlush(new Event("Hockey", "{}"));
        }))).isInstanceOfSatisfying(CheckViolationException.class, ex -> {
            assertThat(ex.failures()).hasSize(1);
            assertThat(ex.failures().get(0).row()).containsEntry("type", "Hockey").containsEntry("user_id", 3);
        });
        assertThat(count("true")).isEqualTo(before);
    }

    @Test
    void presetColumnsCannotBeGivenOtherValues() {
        Event e = new Event("Football", "{}");
        e.setUser(em.getReference(User.class, 2));
        assertThatThrownBy(() -> saveAs(writer(3), e)).isInstanceOf(ColumnNotAllowedException.class);
    }

    @Test
    void updatesAreFilteredGuardedAndChecked() {
        Event mine = saveAs(writer(4), new Event("Football", "{}"));
        Integer id = mine.getId();
        SessionContext.runAs(writer(4), () -> tx.executeWithoutResult(st -> events.findById(id).orElseThrow()
                .setType("Basketball")));
        assertThat(db.query("SELECT type FROM events WHERE id = " + id).get(0).get("type")).isEqualTo("Basketball");

        // the check fails after the UPDATE → rolled back
        assertThatThrownBy(() -> SessionContext.runAs(writer(4), () -> tx.executeWithoutResult(st ->
                events.findById(id).orElseThrow().setType("Forbidden"))))
                .hasRootCauseInstanceOf(CheckViolationException.class);
        assertThat(db.query("SELECT type FROM events WHERE id = " + id).get(0).get("type")).isEqualTo("Basketball");

        // a column outside the permission's columns
        assertThatThrownBy(() -> SessionContext.runAs(writer(4), () -> tx.executeWithoutResult(st -> {
            events.findById(id).orElseThrow().setHappenedAt(java.time.OffsetDateTime.now().minusDays(1));
            em.flush();
        }))).isInstanceOf(ColumnNotAllowedException.class);

        // someone else's row is not even selectable, and (loaded under a bypass) outside the update filter
        assertThat(SessionContext.callAs(writer(5), () -> events.findById(id))).isEmpty();
        assertThatThrownBy(() -> SessionContext.runAs(writer(5), () -> tx.executeWithoutResult(st -> {
            PermissionBypass.call(() -> events.findById(id)).orElseThrow().setType("Football");
            em.flush();
        }))).isInstanceOf(PermissionDeniedException.class);

        // the update Specification selects exactly the updatable rows
        List<Event> updatable = SessionContext.callAs(writer(4), () -> events.findAll(perms.update(Event.class)));
        assertThat(updatable).extracting(Event::getId).contains(id);
        assertThat(updatable).hasSize((int) count("user_id = 4"));
    }

    @Test
    void deletesAreFiltered() {
        Event basketball = saveAs(writer(5), new Event("Basketball", "{}"));
        Event football = saveAs(writer(5), new Event("Football", "{}"));
        assertThatThrownBy(() -> SessionContext.runAs(writer(5), () -> tx.executeWithoutResult(st -> {
            events.deleteById(football.getId());
            em.flush();
        }))).isInstanceOf(PermissionDeniedException.class);
        SessionContext.runAs(writer(5), () -> tx.executeWithoutResult(st -> events.deleteById(basketball.getId())));
        assertThat(count("id = " + basketball.getId())).isZero();
        assertThat(count("id = " + football.getId())).isOne();

        // delete(DeleteSpecification): only the role's deletable rows
        long others = count("NOT (user_id = 5 AND type = 'Basketball')");
        saveAs(writer(5), new Event("Basketball", "{}"));
        long deleted = SessionContext.callAs(writer(5), () -> tx.execute(st -> events.delete(perms.deleteSpecification(Event.class))));
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(count("user_id = 5 AND type = 'Basketball'")).isZero();
        assertThat(count("true")).isEqualTo(others);
    }

    @Test
    void deleteSpecificationWithARelationshipFilter() {
        db.execute("INSERT INTO events (user_id, type, data) VALUES (1, 'Temp', '{}'), (1, 'Temp', '{}'), (2, 'Temp', '{}')");
        try {
            Session cleaner = Session.of("cleaner", Map.of("X-Hasura-Username", "HappyGoalie"));
            long deleted = SessionContext.callAs(cleaner, () -> tx.execute(st -> events.delete(perms.deleteSpecification(Event.class))));
            assertThat(deleted).isEqualTo(2);
            assertThat(count("type = 'Temp'")).isOne();
            assertThat(count("type = 'Temp' AND user_id = 2")).isOne();
        } finally {
            db.execute("DELETE FROM events WHERE type = 'Temp'");
        }
    }

    @Test
    void specificationsCompose() {
        Specification<Event> spec = SessionContext.callAs(user(1), () -> perms.select(Event.class));
        long n = SessionContext.callAs(user(1), () -> events.count(spec.and((r, q, cb) -> cb.like(r.get("type"), "F%"))));
        assertThat(n).isEqualTo(count("user_id = 1 AND type LIKE 'F%'"));
    }
}

package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.EVENTS;
import static dev.hasuraperms.jdbc.SecureTesting.USERS;
import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The hasura-events seed (its schema, 5 users, 30,000 events and its final metadata) behaves as in the seed. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureHasuraEventsTest {

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.executeScript(Fixtures.path("hasura-events/sql/schema.sql"));
        db.executeScript(Fixtures.path("hasura-events/sql/seed.sql"));
        CheckedPermissions p = PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("hasura-events/export/metadata.json")),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow();
        secure = SecureJdbc.of(p);
    }

    @Test
    void user2ReadsOnlyTheirOwnEventsAtMostTen() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> events = secure.select(c, user(2), EVENTS).alias("e").limit(50).fetchMaps();
            assertThat(events).hasSize(10).allSatisfy(e -> assertThat(e).containsEntry("user_id", 2));
            assertThat(events.get(0).keySet()).containsExactly("id", "user_id", "type", "data", "created_at", "happened_at");
            assertThat(secure.select(c, user(2), EVENTS).alias("e").where(SqlCondition.of("e.user_id <> ?", 2)).fetchMaps())
                    .as("the caller's condition cannot widen the filter").isEmpty();
            assertThat(secure.select(c, user(2), EVENTS).alias("e").where(SqlCondition.of("e.type = ?", "Golf")).fetchMaps())
                    .hasSize(10).allSatisfy(e -> assertThat(e).containsEntry("type", "Golf").containsEntry("user_id", 2));
        }
    }

    @Test
    void theLimitOfTenAppliesAfterTheCallersOrdering() throws Exception {
        List<Object> expected = db.query("SELECT id FROM events WHERE user_id = 2 ORDER BY happened_at DESC, id LIMIT 10")
                .stream().map(r -> r.get("id")).toList();
        try (Connection c = db.connection()) {
            assertThat(secure.select(c, user(2), EVENTS).columns("id")
                    .orderBy(OrderBy.desc("happened_at"), OrderBy.asc("id")).limit(1000).fetchMaps())
                    .extracting(r -> r.get("id")).containsExactlyElementsOf(expected);
            assertThat(secure.select(c, user(2), EVENTS).columns("id")
                    .orderBy(OrderBy.desc("happened_at"), OrderBy.asc("id")).limit(3).fetchMaps())
                    .extracting(r -> r.get("id")).containsExactlyElementsOf(expected.subList(0, 3));
        }
    }

    @Test
    void anInsertedEventTakesUserIdFromTheSession() throws Exception {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            WriteResult r = secure.insert(c, user(2), EVENTS)
                    .values(Map.of("type", "Chess", "data", Map.of("moves", 41)))
                    .returning("id", "user_id", "type", "data").execute();
            assertThat(r.affectedRows()).isEqualTo(1);
            assertThat(r.returning().get(0)).containsEntry("user_id", 2).containsEntry("type", "Chess");
            assertThat(r.returning().get(0).get("data")).hasToString("{\"moves\": 41}");
            c.rollback();
        }
        assertThatThrownBy(() -> secure.insert(noSql(), user(2), EVENTS)
                .values(Map.of("type", "Chess", "data", Map.of(), "user_id", 3)).execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("user_id");
    }

    @Test
    void user3CanRenameOnlyThemselves() throws Exception {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            assertThat(secure.update(c, user(3), USERS).set("username", "Renamed")
                    .where(SqlCondition.of("users.id = ?", 2)).execute().affectedRows()).isZero();
            assertThat(secure.update(c, user(3), USERS).set("username", "Renamed").returning("id").execute())
                    .isEqualTo(new WriteResult(1, List.of(Map.of("id", 3))));
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM users WHERE username = 'Renamed'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(3);
                assertThat(rs.next()).isFalse();
            }
            c.rollback();
        }
        assertThat(db.query("SELECT username FROM users WHERE id = 2")).containsExactly(Map.of("username", "ScoringStriker"));
    }

    @Test
    void noRoleCanDeleteEvents() {
        for (Session s : List.of(user(2), Session.of("anonymous", Map.of()), Session.of("admin-ish", Map.of()))) {
            assertThatThrownBy(() -> secure.delete(noSql(), s, EVENTS).execute())
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("no delete permission");
        }
        assertThat(db.query("SELECT count(*)::int AS n FROM events")).containsExactly(Map.of("n", 30_000));
    }
}

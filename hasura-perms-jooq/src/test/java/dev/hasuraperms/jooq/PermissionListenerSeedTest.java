package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The listener on the hasura-events seed (5 users, 30,000 events, its final metadata), in embedded PostgreSQL. */
@PostgresTest
class PermissionListenerSeedTest {

    private static final Table<?> USERS = table(name("public", "users"));
    private static final Table<?> EVENTS = table(name("public", "events"));
    private static final Table<?> U = USERS.as("u");
    private static final Table<?> E = EVENTS.as("e");
    private static final Field<Integer> U_ID = field(name("u", "id"), Integer.class);
    private static final Field<String> U_NAME = field(name("u", "username"), String.class);
    private static final Field<Integer> E_USER = field(name("e", "user_id"), Integer.class);
    private static final Field<String> E_TYPE = field(name("e", "type"), String.class);

    private static TestDatabase database;
    private static Connection connection;
    private static JooqPermissions permissions;

    @BeforeAll
    static void seed(TestDatabase db) throws Exception {
        database = db;
        db.execute(Fixtures.read("hasura-events/sql/schema.sql"));
        db.execute(Fixtures.read("hasura-events/sql/seed.sql"));
        connection = db.connection();
        permissions = JooqPermissions.of(PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("hasura-events/export/metadata.json")),
                JdbcSchemaReader.defaults().read(connection)).orThrow());
    }

    @AfterEach
    void restoreNames() {
        database.execute("UPDATE users SET username = (ARRAY['HappyGoalie', 'ScoringStriker', 'DefensiveDribbler',"
                + " 'JollyKeeper', 'DashingDefender'])[id]");
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static DSLContext raw() {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }

    private static DSLContext user(int id) {
        return PermissionListener.secure(raw(), permissions,
                () -> Session.of("user", Map.of("X-Hasura-User-Id", Integer.toString(id))));
    }

    @Test
    void userTwoReadsOnlyTheirOwnEventsAndTheListenerAddsNoLimit() {
        int own = raw().fetchCount(EVENTS, field(name("user_id")).eq(2));
        assertThat(own).isGreaterThan(10);
        List<Integer> owners = user(2).select(E_USER).from(E).fetch().getValues(0, Integer.class);
        assertThat(owners).containsOnly(2).hasSize(own);
        // Aggregates over the permitted rows, as Hasura computes them (the permission limit caps nodes, not counts).
        assertThat(user(2).select(E_TYPE, count()).from(E).groupBy(E_TYPE).fetchMap(E_TYPE, count()))
                .isEqualTo(raw().select(E_TYPE, count()).from(E).where(E_USER.eq(2)).groupBy(E_TYPE).fetchMap(E_TYPE, count()));
        // The caller's own LIMIT is kept.
        assertThat(user(2).selectFrom(E).orderBy(field(name("e", "id"))).limit(10).fetch()).hasSize(10);
    }

    @Test
    void joinsOfUsersAndEventsSeeOnlyTheSessionsUser() {
        List<Record2<String, Integer>> perUser = user(3).select(U_NAME, count()).from(U).join(E).on(E_USER.eq(U_ID))
                .groupBy(U_NAME).fetch();
        assertThat(perUser).hasSize(1);
        assertThat(perUser.get(0).value1()).isEqualTo("DefensiveDribbler");
        assertThat(perUser.get(0).value2()).isEqualTo(raw().fetchCount(EVENTS, field(name("user_id")).eq(3)));
        // The users filter goes in WHERE (u is not on a nullable side); the events filter in the ON clause.
        List<Record2<Integer, Integer>> left = user(3).select(U_ID, count(field(name("e", "id")))).from(U).leftJoin(E)
                .on(E_USER.eq(U_ID)).groupBy(U_ID).fetch();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).value1()).isEqualTo(3);
        // Events of other users through a subquery on users: nothing.
        assertThat(user(3).fetchCount(user(3).selectFrom(E).where(E_USER.in(DSL.select(U_ID).from(U).where(U_ID.ne(3))))))
                .isZero();
    }

    @Test
    void userThreeCanRenameOnlyThemselves() {
        Field<String> username = field(name("username"), String.class);
        assertThat(user(3).update(USERS).set(username, "Renamed").execute()).isOne();
        assertThat(user(3).update(USERS).set(username, "Other").where(field(name("id")).eq(2)).execute()).isZero();
        assertThat(database.query("SELECT id FROM users WHERE username = 'Renamed'")).containsExactly(Map.of("id", 3));
        assertThat(database.query("SELECT count(*)::int AS n FROM users WHERE username = 'Other'"))
                .containsExactly(Map.of("n", 0));
    }

    @Test
    void noRoleCanDeleteEventsAndInsertsAreRefused() {
        int before = raw().fetchCount(EVENTS);
        assertThatThrownBy(() -> user(2).deleteFrom(EVENTS).where(field(name("id")).eq(1)).execute())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("no delete permission on public.events");
        assertThatThrownBy(() -> user(2).insertInto(EVENTS).columns(field(name("type")), field(name("data")))
                .values("Golf", "{}").execute()).isInstanceOf(UnsecuredStatementException.class);
        assertThat(raw().fetchCount(EVENTS)).isEqualTo(before);
    }
}

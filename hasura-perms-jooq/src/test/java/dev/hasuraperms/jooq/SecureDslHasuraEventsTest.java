package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hasura-events seed (its schema, 5 users, 30,000 events, its final metadata) through the enforced jOOQ
 * operations: user 2 reads only their own events, at most 10; an inserted event takes user_id from the session;
 * user 3 can rename only themselves; no role can delete events.
 */
@PostgresTest
class SecureDslHasuraEventsTest {

    private static TestDatabase db;
    private static CheckedPermissions checked;
    private static JooqPermissions permissions;

    private static final Table<?> EVENTS = table(name("public", "events"));
    private static final Table<?> E = EVENTS.as("e");
    private static final Field<Integer> E_ID = field(name("e", "id"), Integer.class);
    private static final Field<Integer> E_USER_ID = field(name("e", "user_id"), Integer.class);
    private static final Field<String> E_TYPE = field(name("e", "type"), String.class);
    private static final Field<JSONB> E_DATA = field(name("e", "data"), JSONB.class);
    private static final Field<OffsetDateTime> E_HAPPENED_AT = field(name("e", "happened_at"), OffsetDateTime.class);
    private static final Table<?> USERS = table(name("public", "users"));

    @BeforeAll
    static void seed(TestDatabase database) throws Exception {
        db = database;
        db.execute(Fixtures.read("hasura-events/sql/schema.sql"));
        db.execute(Fixtures.read("hasura-events/sql/seed.sql"));
        try (Connection c = db.connection()) {
            checked = PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("hasura-events/export/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow();
        }
        permissions = JooqPermissions.of(checked);
    }

    private static Session user(int id) {
        return Session.of("user", Map.of("X-Hasura-User-Id", String.valueOf(id)));
    }

    private static SecureDsl secure(Settings settings) {
        return SecureDsl.of(DSL.using(db.dataSource(), SQLDialect.POSTGRES, settings), permissions);
    }

    private static SecureDsl secure() {
        return secure(new Settings());
    }

    @Test
    void userTwoReadsOnlyTheirOwnEventsAtMostTen() {
        assertThat(db.query("SELECT count(*) AS n FROM events WHERE user_id = 2").get(0).get("n")).isNotEqualTo(0L);
        for (StatementType type : StatementType.values()) {
            SecureDsl secure = secure(new Settings().withStatementType(type));
            Result<Record> rows = secure.select(user(2), E).fetch();
            assertThat(rows).as(type.toString()).hasSize(10);
            assertThat(rows.getValues("user_id", Integer.class)).containsOnly(2);
            assertThat(rows.fields()).extracting(Field::getName)
                    .containsExactly("id", "user_id", "type", "data", "created_at", "happened_at");
            assertThat(rows.get(0).get("data")).isInstanceOf(JSONB.class);
            Result<Record> latestGolf = secure.select(user(2), E).fields(E_ID, E_TYPE, E_DATA, E_HAPPENED_AT)
                    .where(E_TYPE.eq("Golf")).orderBy(E_HAPPENED_AT.desc(), E_ID).limit(1000).fetch();
            assertThat(latestGolf).hasSize(10);
            assertThat(latestGolf.getValues(E_TYPE)).containsOnly("Golf");
            assertThat(latestGolf.get(0).get(E_DATA).data()).contains("strokes");
            // the ten latest of the user's golf events, in order: the limit is applied after the ordering
            List<Map<String, Object>> expected = db.query("SELECT id FROM events WHERE user_id = 2 AND type = 'Golf' "
                    + "ORDER BY happened_at DESC, id LIMIT 10");
            assertThat(latestGolf.getValues(E_ID)).containsExactlyElementsOf(expected.stream().map(m -> (Integer) m.get("id")).toList());
            assertThat(secure.select(user(2), E).limit(3).fetch()).hasSize(3);
            // the limit-10 subquery composes: at most 10 rows, all the user's own, in the host's count
            DSLContext host = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
            assertThat(host.fetchCount(secure.select(user(2), E).fields(E_USER_ID).query())).isEqualTo(10);
        }
        // another user's event cannot be found by id
        int someoneElses = (Integer) db.query("SELECT id FROM events WHERE user_id = 3 LIMIT 1").get(0).get("id");
        assertThat(secure().select(user(2), E).where(E_ID.eq(someoneElses)).fetch()).isEmpty();
    }

    @Test
    void anInsertedEventTakesUserIdFromTheSession() {
        for (StatementType type : StatementType.values()) {
            SecureDsl secure = secure(new Settings().withStatementType(type));
            var written = secure.insertInto(user(2), E)
                    .values(Map.of("type", "Chess '" + type + "'", "data", Map.of("moves", 42, "opening", "it's \"Sicilian\"")))
                    .returningReadable()
                    .execute();
            assertThat(written.affectedRows()).isEqualTo(1);
            Record r = written.returning().get(0);
            assertThat(r.get("user_id", Integer.class)).isEqualTo(2);
            assertThat(r.get("type", String.class)).isEqualTo("Chess '" + type + "'");
            assertThat(r.get("data", JSONB.class).data()).contains("\"moves\": 42").contains("it's \\\"Sicilian\\\"");
            assertThat(r.get("created_at", OffsetDateTime.class)).isNotNull();
            assertThat(db.query("SELECT user_id FROM events WHERE id = " + r.get("id", Integer.class)).get(0))
                    .containsEntry("user_id", 2);
        }
        assertThatThrownBy(() -> secure().insertInto(user(2), E).values(Map.of(E_USER_ID, 3, E_TYPE, "x", E_DATA, JSONB.jsonb("{}")))
                .execute())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("user_id").hasMessageContaining("presets it");
        // the events insert permission has allow_upsert false and user has no update permission on events
        assertThatThrownBy(() -> secure().insertInto(user(2), E).values(Map.of("type", "x", "data", "{}"))
                .onConflict(dev.hasuraperms.enforce.OnConflict.onConstraint("events_pkey", List.of("type"))).execute())
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void userThreeCanRenameOnlyThemselves() {
        Table<?> u = USERS.as("u");
        Field<Integer> id = field(name("u", "id"), Integer.class);
        Field<String> username = field(name("u", "username"), String.class);
        var r = secure().update(user(3), u).set(username, "Renamed3").where(id.in(1, 3, 5)).returning(id, username).execute();
        assertThat(r.affectedRows()).isEqualTo(1);
        assertThat(r.returning().getValues(id)).containsExactly(3);
        assertThat(secure().update(user(3), u).set(username, "Hijack").where(id.eq(1)).execute().affectedRows()).isZero();
        assertThat(db.query("SELECT username FROM users ORDER BY id")).extracting(m -> m.get("username"))
                .containsExactly("HappyGoalie", "ScoringStriker", "Renamed3", "JollyKeeper", "DashingDefender");
        assertThatThrownBy(() -> secure().update(user(3), u).set(id, 9).execute()).isInstanceOf(ColumnNotAllowedException.class);
        // the users select permission has limit 1 and shows only the user's own row
        assertThat(secure().select(user(3), u).fetch().getValues(username)).containsExactly("Renamed3");
    }

    @Test
    void noRoleCanDeleteEvents() {
        assertThat(checked.roles()).isNotEmpty();
        for (String role : checked.roles()) {
            Session s = Session.of(role, Map.of("X-Hasura-User-Id", "2"));
            assertThatThrownBy(() -> secure().deleteFrom(s, E).where(E_USER_ID.eq(2)).execute())
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> secure().deleteFrom(s.withBackendOnlyPermissions(), EVENTS).execute())
                    .isInstanceOf(PermissionDeniedException.class);
        }
        assertThat(checked.rule(QualifiedName.of("events"), "user", dev.hasuraperms.metadata.Operation.DELETE)).isEmpty();
        assertThat(db.query("SELECT count(*) AS n FROM events WHERE type IN ('Football', 'Baseball', 'Golf')").get(0).get("n"))
                .isEqualTo(30_000L);
    }
}

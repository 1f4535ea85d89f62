package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.NativeQueryArgumentException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link SecureDsl#nativeQuery} reads the same rows, with the same redacted cells, as
 * {@link SecureJdbc#nativeQuery} (fixtures/native-query-run): for every role and a seeded range of arguments,
 * including values that try to escape the code.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureNativeQueryJooqTest {

    private TestDatabase db;
    private CheckedPermissions checked;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("native-query-run/schema.sql"));
        checked = PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("native-query-run/metadata.json")),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow();
    }

    private List<Map<String, Object>> jdbc(Connection c, Session s, String name, Map<String, ?> args) throws Exception {
        List<Map<String, Object>> rows = SecureJdbc.of(checked).nativeQuery(c, s, name, args)
                .orderBy(OrderBy.asc("id")).fetchMaps();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            r.forEach((k, v) -> m.put(k, String.valueOf(v)));
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> jooq(Connection c, Session s, String name, Map<String, ?> args) {
        SecureDsl secure = SecureDsl.of(DSL.using(c, SQLDialect.POSTGRES), JooqPermissions.of(checked));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Record r : secure.nativeQuery(s, name, args).orderBy(DSL.field(DSL.name("id")).asc()).fetch()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                m.put(r.field(i).getName(), v instanceof Object[] arr ? "{" + String.join(",",
                        java.util.Arrays.stream(arr).map(String::valueOf).toList()) + "}" : String.valueOf(v));
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void jdbcAndJooqReadTheSameRowsForEveryRoleAndArgument() throws Exception {
        long seed = 19L;
        Random random = new Random(seed);
        List<Session> sessions = List.of(
                Session.of("reader", Map.of("X-Hasura-Hidden-Country", "us")),
                Session.of("reader", Map.of("X-Hasura-Hidden-Country", "uk")),
                Session.of("author", Map.of("X-Hasura-User-Id", "3")),
                Session.of("limited", Map.of()),
                Session.of("reader_author", Map.of("X-Hasura-Hidden-Country", "uk", "X-Hasura-User-Id", "2")),
                Session.admin());
        List<String> titles = List.of("a1", "b2", "c2", "zz", "x' OR '1'='1", "'); DROP TABLE posts; --", "{{title}}",
                "?", "$1");
        int cases = 0;
        try (Connection c = db.connection()) {
            for (int i = 0; i < 60; i++) {
                Session s = sessions.get(random.nextInt(sessions.size()));
                Map<String, Object> args;
                String name;
                if (random.nextBoolean()) {
                    name = "articles_after";
                    args = Map.of("min_id", random.nextInt(17) - 1);
                } else {
                    name = "articles_titled";
                    args = random.nextInt(4) == 0 ? Map.of() : Map.of("title", titles.get(random.nextInt(titles.size())));
                }
                List<Map<String, Object>> a = jdbc(c, s, name, args);
                assertThat(jooq(c, s, name, args)).as("seed %d case %d: %s %s %s", seed, i, s.role(), name, args)
                        .isEqualTo(a);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(60);
        assertThat(db.query("SELECT count(*) AS n FROM posts")).extracting(r -> r.get("n")).containsExactly(6L);
    }

    @Test
    void theRedactedFieldAndTheLimitAreTheSameOnBothBackends() throws Exception {
        Session both = Session.of("reader_author", Map.of("X-Hasura-Hidden-Country", "uk", "X-Hasura-User-Id", "3"));
        try (Connection c = db.connection()) {
            assertThat(jooq(c, both, "articles_after", Map.of("min_id", 10))).extracting(r -> r.get("author_id"))
                    .containsExactly("2", "null", "3", "3");
            assertThat(jooq(c, Session.of("limited", Map.of()), "articles_after", Map.of("min_id", 0)))
                    .extracting(r -> r.get("id")).containsExactly("10", "11");
            SecureDsl secure = SecureDsl.of(DSL.using(c, SQLDialect.POSTGRES), JooqPermissions.of(checked));
            assertThat(secure.nativeQuery(Session.of("limited", Map.of()), "articles_after", Map.of("min_id", 0))
                    .as("a").fields("id").where(DSL.field(DSL.name("a", "title")).like("c%"))
                    .orderBy(DSL.field(DSL.name("a", "id")).desc()).fetch().getValues(0, Integer.class))
                    .containsExactly(15, 14);
        }
    }

    @Test
    void refusalsComeBeforeAnySql() {
        SecureDsl secure = SecureDsl.of(DSL.using(SQLDialect.POSTGRES), JooqPermissions.of(checked));
        Session reader = Session.of("reader", Map.of("X-Hasura-Hidden-Country", "uk"));
        assertThatThrownBy(() -> secure.nativeQuery(reader, "articles_after", Map.of("min_id", "x")).query())
                .isInstanceOf(NativeQueryArgumentException.class);
        assertThatThrownBy(() -> secure.nativeQuery(reader, "articles_after", Map.of("min_id", 1)).fields("author_id")
                .query()).isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.nativeQuery(reader, "articles_after", Map.of("min_id", 1))
                .orderBy(DSL.field(DSL.name("tags")).asc()).query()).isInstanceOf(ColumnNotAllowedException.class);
    }
}

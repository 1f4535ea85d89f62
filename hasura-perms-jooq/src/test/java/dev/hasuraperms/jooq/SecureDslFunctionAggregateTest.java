package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.FunctionNotAllowedException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Aggregates over tracked functions through {@link SecureDsl#functionAggregate}, and a seeded differential test:
 * random function aggregates (roles, arguments, caller conditions, aggregates, groupings) give the same JSON through
 * the jOOQ and the JDBC backends.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureDslFunctionAggregateTest {

    static final String SCHEMA = """
            CREATE TABLE tracks (id int PRIMARY KEY, name text NOT NULL, artist_id int NOT NULL, plays int);
            CREATE FUNCTION search_tracks(search text) RETURNS SETOF tracks LANGUAGE sql STABLE
                AS $$ SELECT * FROM tracks WHERE name ILIKE '%' || search || '%' $$;
            CREATE FUNCTION bump(track_id int) RETURNS SETOF tracks LANGUAGE sql VOLATILE
                AS $$ UPDATE tracks SET plays = coalesce(plays, 0) + 1 WHERE id = track_id RETURNING * $$;
            INSERT INTO tracks SELECT i, (ARRAY['Keepup', 'Keepdown', 'Happy', 'Sad', 'Up and down'])[1 + i % 5],
                1 + i % 4, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 7 % 50 END FROM generate_series(1, 60) i;
            """;

    static final String METADATA = """
            version: 3
            sources:
              - name: default
                kind: postgres
                tables:
                  - table: tracks
                    select_permissions:
                      - role: artist
                        permission:
                          columns: [id, name, artist_id, plays]
                          filter: {artist_id: {_eq: X-Hasura-Artist-Id}}
                          allow_aggregations: true
                      - role: fan
                        permission: {columns: [id, name, plays], filter: {plays: {_gt: 10}}, limit: 7,
                                     allow_aggregations: true}
                      - role: editor
                        permission: {columns: "*", filter: {artist_id: {_in: [1, 2]}}}
                      - role: p2
                        permission: {columns: [id], filter: {id: {_lt: 5}}, allow_aggregations: true}
                functions:
                  - function: search_tracks
                  - function: bump
                    permissions: [{role: artist}]
            inherited_roles:
              - role_name: both
                role_set: [fan, p2]
            """;

    private static final QualifiedName SEARCH = QualifiedName.of("search_tracks");

    private TestDatabase db;
    private CheckedPermissions checked;
    private SecureDsl secure;

    static Session artist(int id) {
        return Session.of("artist", Map.of("X-Hasura-Artist-Id", Integer.toString(id)));
    }

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(SCHEMA);
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson()), schema)
                .orThrow();
        secure = SecureDsl.of(DSL.using(db.dataSource(), SQLDialect.POSTGRES), JooqPermissions.of(checked));
    }

    private static Field<Object> col(String alias, String column) {
        return DSL.field(DSL.name(alias, column));
    }

    @Test
    void countsTheFunctionsRowsUnderTheFilterAndThePermissionsLimitDoesNotCapThem() {
        // plays > 10 among the rows named like "keep": more than the fan's limit of 7.
        int expected = ((Number) db.query("SELECT count(*)::int AS n FROM search_tracks('keep') WHERE plays > 10").get(0)
                .get("n")).intValue();
        assertThat(expected).isGreaterThan(7);
        JsonObject r = secure.functionAggregate(Session.of("fan", Map.of()), SEARCH).arg("search", "keep")
                .aggregate(Aggregate.count()).fetch();
        assertThat(r).isEqualTo(Json.parse("{\"aggregate\": {\"count\": " + expected + "}}"));
    }

    @Test
    void refusalsAsInHasura() {
        assertThatThrownBy(() -> secure.functionAggregate(Session.of("editor", Map.of()), SEARCH).arg("search", "")
                .aggregate(Aggregate.count()).query()).isInstanceOf(FunctionNotAllowedException.class)
                .hasMessageContaining("allow_aggregations");
        assertThatThrownBy(() -> secure.functionAggregate(artist(1), QualifiedName.of("bump")).arg("track_id", 1)
                .aggregate(Aggregate.count()).query()).isInstanceOf(FunctionNotAllowedException.class)
                .hasMessageContaining("mutation");
        assertThatThrownBy(() -> secure.functionAggregate(Session.of("both", Map.of()), SEARCH).arg("search", "")
                .aggregate(Aggregate.count()).query()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SecureJdbc.functionAggregate");
    }

    /** Seeded: the same random function aggregate through SecureJdbc and SecureDsl gives the same JSON. */
    @Test
    void jdbcAndJooqAgreeOnRandomFunctionAggregates() throws Exception {
        long seed = Long.getLong("hasuraperms.seed", System.nanoTime());
        System.out.println("SecureDslFunctionAggregateTest seed: " + seed + " (replay with -Dhasuraperms.seed=" + seed
                + ")");
        Random random = new Random(seed);
        SecureJdbc jdbc = SecureJdbc.of(checked);
        String[] searches = {"", "keep", "up", "DOWN", "a", "%", "_", "x' OR '1'='1"};
        int cases = 1_000;
        try (Connection c = db.connection()) {
            SecureDsl secure = SecureDsl.of(DSL.using(c, SQLDialect.POSTGRES), JooqPermissions.of(checked));
            for (int i = 0; i < cases; i++) {
                boolean fan = random.nextBoolean();
                Session session = fan ? Session.of("fan", Map.of()) : artist(1 + random.nextInt(4));
                String s = searches[random.nextInt(searches.length)];
                var j = jdbc.functionAggregate(c, session, SEARCH).alias("t").arg("search", s);
                var q = secure.functionAggregate(session, SEARCH).as("t").arg("search", s);
                StringBuilder what = new StringBuilder(" search ").append(s);
                List<Aggregate> aggs = new ArrayList<>();
                aggs.add(random.nextBoolean() ? Aggregate.count()
                        : Aggregate.count(random.nextBoolean(), random.nextBoolean() ? "name" : "plays"));
                for (Aggregate.Function f : List.of(Aggregate.Function.SUM, Aggregate.Function.AVG,
                        Aggregate.Function.MAX, Aggregate.Function.MIN, Aggregate.Function.STDDEV_POP)) {
                    if (random.nextInt(3) == 0) {
                        aggs.add(Aggregate.of(f, f == Aggregate.Function.MAX && random.nextBoolean() ? "name" : "plays"));
                    }
                }
                j = j.aggregate(aggs.toArray(Aggregate[]::new));
                q = q.aggregate(aggs.toArray(Aggregate[]::new));
                what.append(' ').append(aggs);
                if (random.nextInt(4) == 0) {
                    j = j.groupBy("name");
                    q = q.groupBy("name");
                    what.append(" group by name");
                }
                int conditions = random.nextInt(3);
                for (int k = 0; k < conditions; k++) {
                    int v = random.nextInt(60);
                    if (random.nextBoolean()) {
                        j = j.where(SqlCondition.of("t.id > ?", v));
                        q = q.where(col("t", "id").gt(v));
                        what.append(" id>").append(v);
                    } else {
                        j = j.where(SqlCondition.of("t.plays <= ?", v));
                        q = q.where(col("t", "plays").le(v));
                        what.append(" plays<=").append(v);
                    }
                }
                JsonObject viaJdbc = j.fetch();
                JsonObject viaJooq = q.fetch();
                if (viaJdbc.get("group_by").isPresent()) {
                    assertThat(((dev.hasuraperms.json.JsonArray) viaJooq.get("group_by").orElseThrow()).elements())
                            .as("case %d (seed %d): %s%s", i, seed, session.role(), what)
                            .containsExactlyInAnyOrderElementsOf(
                                    ((dev.hasuraperms.json.JsonArray) viaJdbc.get("group_by").orElseThrow()).elements());
                } else {
                    assertThat(viaJooq).as("case %d (seed %d): %s%s", i, seed, session.role(), what).isEqualTo(viaJdbc);
                }
            }
        }
    }
}

package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.FunctionNotAllowedException;
import dev.hasuraperms.enforce.InvalidFunctionArgumentException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.json.Json;
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
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tracked functions through {@link SecureDsl#function}, and a seeded differential test of function reads with random
 * caller conditions, roles, arguments, orderings and limits: the jOOQ and the JDBC backends read the same rows.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureDslFunctionTest {

    static final String SCHEMA = """
            CREATE TABLE tracks (id int PRIMARY KEY, name text NOT NULL, artist_id int NOT NULL, plays int);
            CREATE FUNCTION search_tracks(search text) RETURNS SETOF tracks LANGUAGE sql STABLE
                AS $$ SELECT * FROM tracks WHERE name ILIKE '%' || search || '%' $$;
            CREATE FUNCTION my_tracks(hasura_session json, min_id int DEFAULT 0) RETURNS SETOF tracks LANGUAGE sql
                STABLE AS $$ SELECT * FROM tracks
                             WHERE artist_id = (hasura_session ->> 'x-hasura-artist-id')::int AND id >= min_id $$;
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
                      - role: fan
                        permission: {columns: [id, name, plays], filter: {plays: {_gt: 10}}, limit: 7}
                      - role: editor
                        permission: {columns: "*", filter: {artist_id: {_in: [1, 2]}}}
                functions:
                  - function: search_tracks
                  - function: my_tracks
                    configuration: {session_argument: hasura_session}
                  - function: bump
                    permissions: [{role: editor}]
            """;

    private static final QualifiedName SEARCH = QualifiedName.of("search_tracks");
    private static final QualifiedName MINE = QualifiedName.of("my_tracks");

    private TestDatabase db;
    private CheckedPermissions checked;
    private DSLContext dsl;
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
        dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        secure = SecureDsl.of(dsl, JooqPermissions.of(checked));
    }

    private static Field<Object> col(String alias, String column) {
        return DSL.field(DSL.name(alias, column));
    }

    private static List<Object> ids(List<? extends Record> rows) {
        return rows.stream().map(r -> r.get("id")).toList();
    }

    @Test
    void rowsAreTheReturnTablesSelectPermissionWithTheCallersConditionAndBoundArguments() {
        List<Record> rows = secure.function(artist(1), SEARCH).arg("search", "keep")
                .where(col("search_tracks", "id").lt(30)).orderBy(col("search_tracks", "id").asc()).fetch();
        assertThat(ids(rows)).containsExactly(16, 20);
        assertThat(rows.get(0).fields()).extracting(Field::getName).containsExactly("id", "name", "artist_id", "plays");
        String sql = secure.function(artist(1), SEARCH).as("t").arg("search", "x'").columns("id").query().getSQL();
        assertThat(sql).contains("from \"public\".\"search_tracks\"(cast(? as text)) as \"t\"");
        assertThat(ids(secure.function(artist(2), MINE).arg("min_id", 50).orderBy(col("my_tracks", "id").asc())
                .fetch())).containsExactly(53, 57);
    }

    @Test
    void refusalsComeBeforeAnySql() {
        assertThatThrownBy(() -> secure.function(artist(1), QualifiedName.of("bump")).arg("track_id", 1).query())
                .isInstanceOf(FunctionNotAllowedException.class);
        assertThatThrownBy(() -> secure.function(artist(1), SEARCH).query())
                .isInstanceOf(InvalidFunctionArgumentException.class);
        assertThatThrownBy(() -> secure.function(artist(1), SEARCH).arg("search", "a")
                .orderBy(col("search_tracks", "secret").asc()).query())
                .isInstanceOf(dev.hasuraperms.enforce.ColumnNotAllowedException.class);
    }

    @Test
    void aMutationFunctionRunsAtomicallyAndKeepsItsWritesWhenItsRowsAreHidden() {
        Session editor = Session.of("editor", Map.of());
        int before = ((Number) db.query("SELECT coalesce(plays, 0) AS p FROM tracks WHERE id = 3").get(0).get("p")).intValue();
        assertThat(secure.function(editor, QualifiedName.of("bump")).arg("track_id", 3).fetch())
                .as("track 3 is artist 4's, outside the editor's filter").isEmpty();
        assertThat(((Number) db.query("SELECT plays AS p FROM tracks WHERE id = 3").get(0).get("p")).intValue())
                .isEqualTo(before + 1);
        assertThat(ids(secure.function(editor, QualifiedName.of("bump")).arg("track_id", 1).fetch())).containsExactly(1);
    }

    /** Seeded: the same random call through SecureJdbc.function and SecureDsl.function reads the same rows. */
    @Test
    void jdbcAndJooqReadTheSameRowsForRandomCalls() throws Exception {
        long seed = Long.getLong("hasuraperms.seed", System.nanoTime());
        System.out.println("SecureDslFunctionTest seed: " + seed + " (replay with -Dhasuraperms.seed=" + seed + ")");
        Random random = new Random(seed);
        SecureJdbc jdbc = SecureJdbc.of(checked);
        String[] searches = {"", "keep", "up", "DOWN", "a", "%", "_", "x' OR '1'='1"};
        int cases = 2_000;
        try (Connection c = db.connection()) {
            SecureDsl secure = SecureDsl.of(DSL.using(c, SQLDialect.POSTGRES), JooqPermissions.of(checked));
            for (int i = 0; i < cases; i++) {
                int role = random.nextInt(3);
                Session session = role == 0 ? artist(1 + random.nextInt(4)) : role == 1
                        ? Session.of("fan", Map.of()) : Session.of("editor", Map.of());
                boolean mine = role == 0 && random.nextBoolean();
                QualifiedName fn = mine ? MINE : SEARCH;
                var j = jdbc.function(c, session, fn).alias("t");
                var q = secure.function(session, fn).as("t");
                if (mine) {
                    int min = random.nextInt(40);
                    j = j.arg("min_id", min);
                    q = q.arg("min_id", min);
                } else {
                    String s = searches[random.nextInt(searches.length)];
                    j = j.arg("search", s);
                    q = q.arg("search", s);
                }
                int conditions = random.nextInt(3);
                StringBuilder what = new StringBuilder();
                for (int k = 0; k < conditions; k++) {
                    int v = random.nextInt(60);
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            j = j.where(SqlCondition.of("t.id > ?", v));
                            q = q.where(col("t", "id").gt(v));
                            what.append(" id>").append(v);
                        }
                        case 1 -> {
                            j = j.where(SqlCondition.of("t.plays <= ?", v));
                            q = q.where(col("t", "plays").le(v));
                            what.append(" plays<=").append(v);
                        }
                        case 2 -> {
                            j = j.where(SqlCondition.of("t.plays IS NULL"));
                            q = q.where(col("t", "plays").isNull());
                            what.append(" plays null");
                        }
                        default -> {
                            String p = random.nextBoolean() ? "Keep%" : "%d%";
                            j = j.where(SqlCondition.of("t.name LIKE ?", p));
                            Condition like = DSL.field(DSL.name("t", "name"), String.class).like(p);
                            q = q.where(like);
                            what.append(" name like ").append(p);
                        }
                    }
                }
                j = j.orderBy(OrderBy.asc("id"));
                q = q.orderBy(col("t", "id").asc());
                if (random.nextBoolean()) {
                    int limit = random.nextInt(12);
                    j = j.limit(limit);
                    q = q.limit(limit);
                    what.append(" limit ").append(limit);
                }
                List<Object> viaJdbc = new ArrayList<>();
                j.columns("id").fetchMaps().forEach(r -> viaJdbc.add(r.get("id")));
                List<Object> viaJooq = ids(q.columns("id").fetch());
                assertThat(viaJooq).as("case %d (seed %d): %s %s%s", i, seed, session.role(), fn, what)
                        .isEqualTo(viaJdbc);
            }
        }
    }
}

package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.FunctionNotAllowedException;
import dev.hasuraperms.enforce.InvalidFunctionArgumentException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Tracked functions called through {@link SecureJdbc#function}: rows under the return table's select permission. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureFunctionTest {

    static final String SCHEMA = """
            CREATE TABLE tracks (id int PRIMARY KEY, name text NOT NULL, artist_id int NOT NULL, secret text);
            CREATE TABLE other (id int PRIMARY KEY);
            CREATE FUNCTION search_tracks(search text) RETURNS SETOF tracks LANGUAGE sql STABLE
                AS $$ SELECT * FROM tracks WHERE name ILIKE '%' || search || '%' $$;
            CREATE FUNCTION my_tracks(hasura_session json, min_id int DEFAULT 0) RETURNS SETOF tracks LANGUAGE sql
                STABLE AS $$ SELECT * FROM tracks
                             WHERE artist_id = (hasura_session ->> 'x-hasura-artist-id')::int AND id >= min_id $$;
            CREATE FUNCTION pick(a int DEFAULT 1, b int DEFAULT 2) RETURNS SETOF tracks LANGUAGE sql STABLE
                AS $$ SELECT * FROM tracks WHERE id IN (a, b) $$;
            CREATE FUNCTION rename_track(track_id int, new_name text) RETURNS SETOF tracks LANGUAGE sql VOLATILE
                AS $$ UPDATE tracks SET name = new_name WHERE id = track_id RETURNING * $$;
            CREATE FUNCTION first_track() RETURNS tracks LANGUAGE sql STABLE AS $$ SELECT * FROM tracks ORDER BY id LIMIT 1 $$;
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
                          columns: [id, name, artist_id]
                          filter: {artist_id: {_eq: X-Hasura-Artist-Id}}
                      - role: editor
                        permission: {columns: "*", filter: {artist_id: {_eq: 1}}, limit: 2}
                  - table: other
                    select_permissions:
                      - role: stranger
                        permission: {columns: "*", filter: {}}
                functions:
                  - function: search_tracks
                  - function: my_tracks
                    configuration: {session_argument: hasura_session}
                  - function: pick
                  - function: rename_track
                    permissions: [{role: editor}]
                  - function: first_track
            """;

    private TestDatabase db;
    private SecureJdbc secure;
    private CheckedPermissions checked;

    static Session artist(int id) {
        return Session.of("artist", Map.of("X-Hasura-Artist-Id", Integer.toString(id)));
    }

    static final Session EDITOR = Session.of("editor", Map.of());
    static final QualifiedName SEARCH = QualifiedName.of("search_tracks");

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(SCHEMA);
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson()), schema)
                .orThrow();
        secure = SecureJdbc.of(checked);
    }

    @BeforeEach
    void data() {
        db.execute("TRUNCATE tracks; INSERT INTO tracks VALUES (1, 'Keepup', 1, 's1'), (2, 'Keepdown', 1, 's2'),"
                + " (3, 'Happy', 2, 's3'), (4, 'Keepsake', 2, 's4')");
    }

    private static List<Object> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> r.get("id")).toList();
    }

    @Test
    void theRowsAreThoseOfTheReturnTablesSelectPermissionWithItsColumns() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.function(c, artist(1), SEARCH).arg("search", "keep")
                    .orderBy(OrderBy.asc("id")).fetchMaps();
            assertThat(ids(rows)).containsExactly(1, 2);
            assertThat(rows.get(0).keySet()).containsExactly("id", "name", "artist_id");
            assertThat(ids(secure.function(c, artist(2), SEARCH).arg("search", "keep").fetchMaps())).containsExactly(4);
            assertThat(ids(secure.function(c, artist(1), SEARCH).arg("search", "up").fetchMaps())).containsExactly(1);
        }
    }

    @Test
    void theCallersConditionOrderingAndLimitApplyOnTopAndThePermissionsLimitWins() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(ids(secure.function(c, artist(1), SEARCH).alias("t").arg("search", "keep")
                    .where(SqlCondition.of("t.name LIKE ?", "%down")).fetchMaps())).containsExactly(2);
            assertThat(ids(secure.function(c, artist(2), SEARCH).arg("search", "").orderBy(OrderBy.desc("id"))
                    .limit(1).fetchMaps())).containsExactly(4);
            assertThat(ids(secure.function(c, EDITOR, SEARCH).arg("search", "").orderBy(OrderBy.asc("id"))
                    .limit(10).fetchMaps())).as("editor's limit is 2").containsExactly(1, 2);
        }
    }

    @Test
    void argumentsAreBindParametersWithTheirDeclaredTypes() throws Exception {
        SqlStatement st = secure.function(noSql(), artist(1), SEARCH).alias("t").arg("search", "x' OR true --")
                .columns("id").statement();
        assertThat(st.sql()).isEqualTo("SELECT \"t\".\"id\" FROM \"public\".\"search_tracks\"(?::text) AS \"t\""
                + " WHERE ((\"t\".\"artist_id\" = ?::int4))");
        assertThat(st.values()).containsExactly("x' OR true --", 1);
        try (Connection c = db.connection()) {
            assertThat(secure.function(c, artist(1), SEARCH).arg("search", "x' OR true --").fetchMaps()).isEmpty();
        }
    }

    @Test
    void theSessionArgumentGetsTheSessionAsJsonAndOmittedDefaultsAreSkipped() throws Exception {
        try (Connection c = db.connection()) {
            QualifiedName mine = QualifiedName.of("my_tracks");
            assertThat(ids(secure.function(c, artist(2), mine).orderBy(OrderBy.asc("id")).fetchMaps()))
                    .containsExactly(3, 4);
            assertThat(ids(secure.function(c, artist(2), mine).arg("min_id", 4).fetchMaps())).containsExactly(4);
            SqlStatement named = secure.function(noSql(), EDITOR, QualifiedName.of("pick")).arg("b", 3).statement();
            assertThat(named.sql()).contains("\"public\".\"pick\"(\"b\" => ?::int4)");
            assertThat(ids(secure.function(c, artist(2), QualifiedName.of("pick")).arg("b", 3).fetchMaps()))
                    .as("pick(a => 1 by default, b => 3), of which artist 2 sees 3").containsExactly(3);
        }
    }

    @Test
    void aFunctionReturningOneRowReadsAtMostOne() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(ids(secure.function(c, artist(1), QualifiedName.of("first_track")).fetchMaps())).containsExactly(1);
            assertThat(secure.function(c, artist(2), QualifiedName.of("first_track")).fetchMaps()).isEmpty();
        }
    }

    @Test
    void badCallsAreRefusedBeforeAnySql() {
        assertThatThrownBy(() -> secure.function(noSql(), artist(1), QualifiedName.of("nope")).fetchMaps())
                .isInstanceOf(FunctionNotAllowedException.class);
        assertThatThrownBy(() -> secure.function(noSql(), Session.of("stranger", Map.of()), SEARCH)
                .arg("search", "a").fetchMaps()).isInstanceOf(FunctionNotAllowedException.class)
                .hasMessageContaining("no select permission on its return table");
        assertThatThrownBy(() -> secure.function(noSql(), artist(1), SEARCH).fetchMaps())
                .isInstanceOf(InvalidFunctionArgumentException.class);
        assertThatThrownBy(() -> secure.function(noSql(), artist(1), SEARCH).arg("search", "a").arg("limit", 3)
                .fetchMaps()).isInstanceOf(InvalidFunctionArgumentException.class);
        assertThatThrownBy(() -> secure.function(noSql(), EDITOR, QualifiedName.of("rename_track"))
                .arg("track_id", "one").arg("new_name", "x").fetchMaps()).isInstanceOf(InvalidFunctionArgumentException.class);
        assertThatThrownBy(() -> secure.function(noSql(), artist(1), QualifiedName.of("my_tracks"))
                .arg("hasura_session", "{}").fetchMaps()).isInstanceOf(InvalidFunctionArgumentException.class);
        assertThatThrownBy(() -> secure.function(noSql(), artist(1), SEARCH).arg("search", "a").columns("secret")
                .fetchMaps()).isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.function(noSql(), artist(1), SEARCH).arg("search", "a")
                .orderBy(OrderBy.asc("secret")).fetchMaps()).isInstanceOf(ColumnNotAllowedException.class);
    }

    @Test
    void aMutationFunctionNeedsAFunctionPermissionAndItsWritesStayWhenItsRowsAreHidden() throws Exception {
        QualifiedName rename = QualifiedName.of("rename_track");
        assertThatThrownBy(() -> secure.function(noSql(), artist(2), rename).arg("track_id", 3).arg("new_name", "x")
                .fetchMaps()).isInstanceOf(FunctionNotAllowedException.class).hasMessageContaining("mutation");
        try (Connection c = db.connection()) {
            assertThat(secure.function(c, EDITOR, rename).arg("track_id", 1).arg("new_name", "One").fetchMaps())
                    .singleElement().satisfies(r -> assertThat(r.get("name")).isEqualTo("One"));
            assertThat(secure.function(c, EDITOR, rename).arg("track_id", 3).arg("new_name", "Three").fetchMaps())
                    .as("track 3 is outside the editor's filter: not returned").isEmpty();
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(db.query("SELECT name FROM tracks WHERE id = 3").get(0).get("name"))
                .as("as in Hasura, the write is not undone").isEqualTo("Three");
    }

    @Test
    void withoutInferenceAQueryFunctionNeedsAFunctionPermission() throws Exception {
        CheckedPermissions manual = PermissionChecker.check(checked.metadata(), checked.schema(),
                CheckOptions.DEFAULT.withInferFunctionPermissions(false)).orThrow();
        SecureJdbc strict = SecureJdbc.of(manual);
        assertThatThrownBy(() -> strict.function(noSql(), artist(1), SEARCH).arg("search", "a").fetchMaps())
                .isInstanceOf(FunctionNotAllowedException.class).hasMessageContaining("not inferred");
        try (Connection c = db.connection()) {
            assertThat(ids(strict.function(c, EDITOR, QualifiedName.of("rename_track")).arg("track_id", 2)
                    .arg("new_name", "Two").fetchMaps())).containsExactly(2);
        }
    }

    @Test
    void theTrustedAdminCallsWithoutFilter() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(ids(secure.function(c, Session.admin(), SEARCH).arg("search", "keep").orderBy(OrderBy.asc("id"))
                    .fetchMaps())).containsExactly(1, 2, 4);
        }
    }
}

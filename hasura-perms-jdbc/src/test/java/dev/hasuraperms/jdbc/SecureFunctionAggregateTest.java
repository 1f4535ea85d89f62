package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.FunctionNotAllowedException;
import dev.hasuraperms.enforce.InvalidFunctionArgumentException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Aggregates over tracked functions ({@link SecureJdbc#functionAggregate}, Hasura's {@code <function>_aggregate}):
 * the function's rows under the return table's select permission, gated by {@code allow_aggregations}.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureFunctionAggregateTest {

    static final String SCHEMA = """
            CREATE TABLE tracks (id int PRIMARY KEY, name text NOT NULL, artist_id int NOT NULL, secret text);
            CREATE FUNCTION search_tracks(search text) RETURNS SETOF tracks LANGUAGE sql STABLE
                AS $$ SELECT * FROM tracks WHERE name ILIKE '%' || search || '%' $$;
            CREATE FUNCTION rename_track(track_id int, new_name text) RETURNS SETOF tracks LANGUAGE sql VOLATILE
                AS $$ UPDATE tracks SET name = new_name WHERE id = track_id RETURNING * $$;
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
                          allow_aggregations: true
                          limit: 1
                      - role: plain
                        permission: {columns: "*", filter: {}}
                      - role: hidden
                        permission: {columns: "*", filter: {}, allow_aggregations: true, query_root_fields: []}
                      - role: p1
                        permission: {columns: [id, name, artist_id], filter: {artist_id: {_eq: 1}}, allow_aggregations: true}
                      - role: p2
                        permission: {columns: [id, secret], filter: {id: {_eq: 3}}, allow_aggregations: true}
                functions:
                  - function: search_tracks
                  - function: rename_track
                    permissions: [{role: artist}]
            inherited_roles:
              - role_name: both
                role_set: [p1, p2]
            """;

    static final QualifiedName SEARCH = QualifiedName.of("search_tracks");

    private TestDatabase db;
    private SecureJdbc secure;

    static Session artist(int id) {
        return Session.of("artist", Map.of("X-Hasura-Artist-Id", Integer.toString(id)));
    }

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(SCHEMA);
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        CheckedPermissions checked = PermissionChecker.check(
                MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson()), schema).orThrow();
        secure = SecureJdbc.of(checked);
    }

    @BeforeEach
    void data() {
        db.execute("TRUNCATE tracks; INSERT INTO tracks VALUES (1, 'Keepup', 1, 's1'), (2, 'Keepdown', 1, 's2'),"
                + " (3, 'Happy', 2, 's3'), (4, 'Keepsake', 2, 's4')");
    }

    private static JsonObject aggregate(JsonObject result) {
        return (JsonObject) result.get("aggregate").orElseThrow();
    }

    @Test
    void aggregatesTheFunctionsRowsUnderTheSelectFilterAndThePermissionsLimitDoesNotCapThem() throws Exception {
        try (Connection c = db.connection()) {
            JsonObject r = aggregate(secure.functionAggregate(c, artist(1), SEARCH).arg("search", "keep")
                    .aggregate(Aggregate.count(), Aggregate.of(Aggregate.Function.SUM, "id"),
                            Aggregate.of(Aggregate.Function.MAX, "name")).fetch());
            assertThat(r).isEqualTo(Json.parse("{\"count\": 2, \"sum\": {\"id\": 3}, \"max\": {\"name\": \"Keepup\"}}"));
            assertThat(aggregate(secure.functionAggregate(c, artist(2), SEARCH).arg("search", "keep")
                    .aggregate(Aggregate.count()).fetch())).isEqualTo(Json.parse("{\"count\": 1}"));
        }
    }

    @Test
    void theCallersConditionAndGroupingApply() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(aggregate(secure.functionAggregate(c, artist(1), SEARCH).alias("t").arg("search", "keep")
                    .where(SqlCondition.of("t.name LIKE ?", "%down")).aggregate(Aggregate.count()).fetch()))
                    .isEqualTo(Json.parse("{\"count\": 1}"));
            assertThat(secure.functionAggregate(c, artist(1), SEARCH).arg("search", "").groupBy("artist_id")
                    .aggregate(Aggregate.count()).fetch()).isEqualTo(Json.parse(
                    "{\"group_by\": [{\"group_key\": {\"artist_id\": 1}, \"aggregate\": {\"count\": 2}}]}"));
        }
    }

    @Test
    void argumentsAreBindParameters() {
        SqlStatement st = secure.functionAggregate(noSql(), artist(1), SEARCH).alias("t")
                .arg("search", "x' OR true --").aggregate(Aggregate.count()).statement();
        assertThat(st.sql()).isEqualTo("SELECT json_build_object(?::text, COUNT(*))::text FROM"
                + " \"public\".\"search_tracks\"(?::text) AS \"t\" WHERE ((\"t\".\"artist_id\" = ?::int4))");
        assertThat(st.values()).containsExactly("count", "x' OR true --", 1);
    }

    @Test
    void withoutAllowAggregationsTheFieldDoesNotExist() {
        assertThatThrownBy(() -> secure.functionAggregate(noSql(), Session.of("plain", Map.of()), SEARCH)
                .arg("search", "").aggregate(Aggregate.count()).fetch())
                .isInstanceOf(FunctionNotAllowedException.class)
                .hasMessageContaining("allow_aggregations")
                .satisfies(e -> assertThat(((FunctionNotAllowedException) e).code()).isEqualTo(DiagnosticCode.NO_PERMISSION));
    }

    @Test
    void aRoleWithoutSelectPermissionOrAFunctionExposedAsAMutationIsRefused() {
        assertThatThrownBy(() -> secure.functionAggregate(noSql(), Session.of("nobody", Map.of()), SEARCH)
                .arg("search", "").aggregate(Aggregate.count()).statement())
                .isInstanceOf(FunctionNotAllowedException.class);
        assertThatThrownBy(() -> secure.functionAggregate(noSql(), artist(1), QualifiedName.of("rename_track"))
                .arg("track_id", 1).arg("new_name", "x").aggregate(Aggregate.count()).fetch())
                .isInstanceOf(FunctionNotAllowedException.class)
                .hasMessageContaining("mutation");
    }

    @Test
    void theTablesQueryRootFieldsDoNotApplyToTheFunctionsAggregate() throws Exception {
        Session hidden = Session.of("hidden", Map.of());
        assertThatThrownBy(() -> secure.aggregate(noSql(), hidden, QualifiedName.of("tracks"))
                .aggregate(Aggregate.count()).statement()).isInstanceOf(PermissionDeniedException.class);
        try (Connection c = db.connection()) {
            assertThat(aggregate(secure.functionAggregate(c, hidden, SEARCH).arg("search", "keep")
                    .aggregate(Aggregate.count()).fetch())).isEqualTo(Json.parse("{\"count\": 3}"));
        }
    }

    @Test
    void unreadableColumnsAndBadArgumentsAreRefusedBeforeAnySql() {
        assertThatThrownBy(() -> secure.functionAggregate(noSql(), artist(1), SEARCH).arg("search", "")
                .aggregate(Aggregate.count(false, "secret")).fetch()).isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.functionAggregate(noSql(), artist(1), SEARCH).arg("nope", "")
                .aggregate(Aggregate.count()).fetch()).isInstanceOf(InvalidFunctionArgumentException.class);
        assertThatThrownBy(() -> secure.functionAggregate(noSql(), artist(1), SEARCH)
                .aggregate(Aggregate.count()).fetch()).isInstanceOf(InvalidFunctionArgumentException.class);
    }

    @Test
    void anInheritedRoleAggregatesTheRedactedValues() throws Exception {
        Session both = Session.of("both", Map.of());
        try (Connection c = db.connection()) {
            // Rows 1, 2 (p1: name visible, secret redacted) and 3 (p2: secret visible, name redacted).
            assertThat(aggregate(secure.functionAggregate(c, both, SEARCH).arg("search", "")
                    .aggregate(Aggregate.count()).fetch())).isEqualTo(Json.parse("{\"count\": 3}"));
            assertThat(aggregate(secure.functionAggregate(c, both, SEARCH).arg("search", "")
                    .aggregate(Aggregate.count(false, "secret")).fetch())).isEqualTo(Json.parse("{\"count\": 1}"));
            assertThat(aggregate(secure.functionAggregate(c, both, SEARCH).arg("search", "")
                    .aggregate(Aggregate.count(false, "name")).fetch())).isEqualTo(Json.parse("{\"count\": 2}"));
        }
    }
}

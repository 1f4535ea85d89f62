package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Attacks on the read paths added in the second wave (tracked functions, aggregates, computed fields): each test
 * fails on a leak (a cell the role could not see in Hasura), on a raw SQL error or an untyped crash where a typed
 * refusal belongs, or on an alias that would let the rows capture the permission's subqueries.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadPathAttackTest {

    static final String SCHEMA = """
            CREATE TABLE artists (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE tracks (id int PRIMARY KEY, name text NOT NULL, artist_id int NOT NULL, secret text);
            CREATE FUNCTION name_len(t tracks) RETURNS int LANGUAGE sql STABLE AS $$ SELECT length(t.name) $$;
            CREATE FUNCTION search_tracks(search text) RETURNS SETOF tracks LANGUAGE sql STABLE
                AS $$ SELECT * FROM tracks WHERE name ILIKE '%' || search || '%' $$;
            CREATE FUNCTION artist_tracks(a artists) RETURNS SETOF tracks LANGUAGE sql STABLE
                AS $$ SELECT * FROM tracks WHERE artist_id = a.id $$;
            INSERT INTO artists VALUES (1, 'A'), (2, 'B'), (3, 'C');
            INSERT INTO tracks VALUES (1, 'Keepup', 1, 's1'), (2, 'Keepdown', 2, 's2'), (3, 'Keepsake', 3, 's3');
            """;

    /*
     * artist: its own tracks, secret hidden; viewer: artist 1's tracks with secret; mix = artist + viewer, so secret is
     * redacted on the rows only artist reaches. rel: the tracks whose "same-id" artist is named A (a relationship whose
     * two sides are both called id, so that an alias capture turns the join into a tautology).
     */
    static final String METADATA = """
            version: 3
            sources:
              - name: default
                kind: postgres
                tables:
                  - table: artists
                    computed_fields:
                      - name: artist_tracks
                        definition: {function: artist_tracks}
                    select_permissions:
                      - role: rel
                        permission: {columns: "*", filter: {}}
                      - role: listed
                        permission: {columns: "*", filter: {id: {_in: [1, 2]}}}
                      - role: unlisted
                        permission: {columns: "*", filter: {}, query_root_fields: []}
                  - table: tracks
                    object_relationships:
                      - name: same_id_artist
                        using:
                          manual_configuration:
                            remote_table: artists
                            column_mapping: {id: id}
                    computed_fields:
                      - name: name_len
                        definition: {function: name_len}
                    select_permissions:
                      - role: artist
                        permission:
                          columns: [id, name, artist_id]
                          computed_fields: [name_len]
                          filter: {artist_id: {_eq: X-Hasura-Artist-Id}}
                          allow_aggregations: true
                      - role: viewer
                        permission: {columns: "*", filter: {artist_id: {_eq: 1}}}
                      - role: rel
                        permission: {columns: "*", filter: {same_id_artist: {name: {_eq: "A"}}}}
                      - role: listed
                        permission: {columns: [id, name], filter: {}, query_root_fields: []}
                      - role: unlisted
                        permission: {columns: [id, name], filter: {}}
                functions:
                  - function: search_tracks
            inherited_roles:
              - role_name: mix
                role_set: [artist, viewer]
            """;

    private static final QualifiedName TRACKS = QualifiedName.of("tracks");
    private static final QualifiedName SEARCH = QualifiedName.of("search_tracks");

    private Connection connection;
    private SecureJdbc jdbc;
    private SecureDsl dsl;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        db.execute(SCHEMA);
        CheckedPermissions checked = PermissionChecker.check(
                MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson()),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow();
        connection = db.connection();
        jdbc = SecureJdbc.of(checked);
        dsl = SecureDsl.of(DSL.using(connection, SQLDialect.POSTGRES), JooqPermissions.of(checked));
    }

    @AfterAll
    void tearDown() throws Exception {
        connection.close();
    }

    private static Session artist(int id) {
        return Session.of("artist", Map.of("X-Hasura-Artist-Id", Integer.toString(id)));
    }

    private static Session mix(int id) {
        return Session.of("mix", Map.of("X-Hasura-Artist-Id", Integer.toString(id)));
    }

    private static Field<Object> col(String alias, String column) {
        return DSL.field(DSL.name(alias, column));
    }

    private static void columnNotAllowed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String name) {
        assertThatThrownBy(call).isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining(name)
                .extracting(e -> ((HasuraPermsException) e).code()).isEqualTo(DiagnosticCode.COLUMN_NOT_ALLOWED);
    }

    /** Was NoSuchElementException from Enforcement.aggregate (a readable computed field has no column type). */
    @Test
    void aggregatingOrGroupingByAComputedFieldIsATypedRefusal() {
        columnNotAllowed(() -> jdbc.aggregate(connection, artist(1), TRACKS).aggregate(Aggregate.of(
                Aggregate.Function.SUM, "name_len")).statement(), "name_len");
        columnNotAllowed(() -> jdbc.aggregate(connection, artist(1), TRACKS).aggregate(Aggregate.count())
                .groupBy("name_len").statement(), "name_len");
        columnNotAllowed(() -> jdbc.aggregate(connection, artist(1), TRACKS).aggregate(Aggregate.count(true,
                "name_len")).statement(), "name_len");
        columnNotAllowed(() -> dsl.aggregate(artist(1), DSL.table(DSL.name("tracks"))).aggregate(Aggregate.count())
                .groupBy("name_len").query(), "name_len");
    }

    /** Was a raw PSQLException (column "name_len" does not exist) from both backends. */
    @Test
    void aFunctionReadOrOrderedByAComputedFieldIsATypedRefusal() {
        columnNotAllowed(() -> jdbc.function(connection, artist(1), SEARCH).arg("search", "keep")
                .columns("id", "name_len").fetchMaps(), "name_len");
        columnNotAllowed(() -> jdbc.function(connection, artist(1), SEARCH).arg("search", "keep")
                .orderBy(OrderBy.asc("name_len")).fetchMaps(), "name_len");
        columnNotAllowed(() -> dsl.function(artist(1), SEARCH).arg("search", "keep").columns("name_len").fetch(),
                "name_len");
        columnNotAllowed(() -> dsl.function(artist(1), SEARCH).arg("search", "keep")
                .orderBy(col("search_tracks", "name_len").asc()).fetch(), "name_len");
    }

    /** Was UnsupportedOperationException: SecureDsl.function now redacts as SecureJdbc.function does. */
    @Test
    void aFunctionThroughJooqRedactsAnInheritedRolesCellsAsJdbcDoes() throws Exception {
        List<Map<String, Object>> viaJdbc = jdbc.function(connection, mix(2), SEARCH).alias("t").arg("search", "keep")
                .orderBy(OrderBy.asc("id")).fetchMaps();
        List<Map<String, Object>> viaJooq = dsl.function(mix(2), SEARCH).as("t").arg("search", "keep")
                .orderBy(col("t", "id").asc()).fetch().stream().map(ReadPathAttackTest::map).toList();
        Map<String, Object> two = new HashMap<>(Map.of("id", 2, "name", "Keepdown", "artist_id", 2));
        two.put("secret", null);
        assertThat(viaJdbc).containsExactly(new TreeMap<>(Map.of("id", 1, "name", "Keepup", "artist_id", 1,
                "secret", "s1")), new TreeMap<>(two));
        assertThat(viaJooq).isEqualTo(viaJdbc);
        // The caller's condition reads the redacted value: secret = 's2' matches nothing, as in Hasura.
        assertThat(dsl.function(mix(2), SEARCH).as("t").arg("search", "keep")
                .where(DSL.field(DSL.name("t", "secret"), String.class).eq("s2")).fetch()).isEmpty();
        assertThat(jdbc.function(connection, mix(2), SEARCH).alias("t").arg("search", "keep")
                .where(SqlCondition.of("t.secret = ?", "s2")).fetchMaps()).isEmpty();
        // Ordering by the redacted column sorts the redacted values (NULL last ascending): 1 then 2.
        assertThat(dsl.function(mix(2), SEARCH).as("t").arg("search", "keep").columns("id")
                .orderBy(col("t", "secret").asc()).fetch().getValues("id", Integer.class)).containsExactly(1, 2);
    }

    private static Map<String, Object> map(Record r) {
        Map<String, Object> m = new TreeMap<>();
        for (Field<?> f : r.fields()) {
            m.put(f.getName(), r.get(f));
        }
        return m;
    }

    /**
     * The permission's relationship subquery aliases its table _hp1: rows aliased _hp1 turn "_hp1"."id" =
     * "<rows>"."id" into "_hp1"."id" = "_hp1"."id", true for artist A, so every track would be returned. SecureJdbc
     * refused such aliases; SecureDsl.function did not.
     */
    @Test
    void aFunctionAliasCannotCaptureThePermissionsSubqueries() throws Exception {
        Session rel = Session.of("rel", Map.of());
        assertThat(jdbc.function(connection, rel, SEARCH).alias("t").arg("search", "keep").fetchMaps())
                .extracting(r -> r.get("id")).containsExactly(1);
        assertThat(dsl.function(rel, SEARCH).as("t").arg("search", "keep").fetch().getValues("id", Integer.class))
                .containsExactly(1);
        assertThatThrownBy(() -> dsl.function(rel, SEARCH).as("_hp1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> jdbc.function(connection, rel, SEARCH).alias("_hp1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The same capture through SecureDsl.select of a table the host aliases _hp1, and through the listener. */
    @Test
    void aSelectAliasCannotCaptureThePermissionsSubqueries() {
        Session rel = Session.of("rel", Map.of());
        org.jooq.Table<?> captured = DSL.table(DSL.name("public", "tracks")).as("_hp1");
        List<Integer> ids;
        try {
            ids = dsl.select(rel, captured).fetch().getValues("id", Integer.class);
        } catch (IllegalArgumentException refused) {
            ids = List.of(1);
        }
        assertThat(ids).as("rows of role rel through a table aliased _hp1").containsExactly(1);
    }

    /** A table-valued function as jOOQ's code generator writes it: a TableImpl with parameters. */
    static final class SearchTracks extends org.jooq.impl.TableImpl<Record> {
        SearchTracks(String search) {
            super(DSL.name("search_tracks"), DSL.schema(DSL.name("public")), (org.jooq.Table<Record>) null,
                    new Field<?>[] {DSL.val(search, String.class)}, DSL.comment(""), org.jooq.TableOptions.function());
        }
    }

    /**
     * The jOOQ listener saw no secured table in {@code select * from "public"."search_tracks"(?)} and let every row of
     * tracks through, secret included: a call of a function that returns rows of a secured table is now refused.
     */
    @Test
    void theListenerRefusesAFunctionThatReturnsRowsOfASecuredTable() {
        org.jooq.DSLContext listened = PermissionListener.secure(DSL.using(connection, SQLDialect.POSTGRES),
                JooqPermissions.of(jdbc.enforcement().permissions()), () -> artist(1));
        assertThatThrownBy(() -> listened.selectFrom(new SearchTracks("keep")).fetch())
                .isInstanceOf(UnsecuredStatementException.class).hasMessageContaining("search_tracks");
        assertThatThrownBy(() -> listened.select(DSL.count()).from(new SearchTracks("keep")).fetch())
                .isInstanceOf(UnsecuredStatementException.class);
        // The table itself still reads under the filter, and SecureDsl.function reads the function's rows.
        assertThat(listened.selectFrom(DSL.table(DSL.name("public", "tracks"))).fetch().getValues("id", Integer.class))
                .containsExactly(1);
        assertThat(dsl.function(artist(1), SEARCH).arg("search", "keep").fetch().getValues("id", Integer.class))
                .containsExactly(1);
    }

    private static final QualifiedName ARTISTS = QualifiedName.of("artists");

    /**
     * Hasura builds a table computed field from its return table's select permission alone (as a relationship), under
     * the parent's list root field: rows of tracks (query_root_fields: []) through artists are readable, while a
     * parent that exposes no list root field cannot be read as a list of parents.
     */
    @Test
    void tableComputedFieldRowsFollowTheParentsRootFieldsNotTheTargets() throws Exception {
        Session listed = Session.of("listed", Map.of());
        assertThat(jdbc.selectComputed(connection, listed, ARTISTS, "artist_tracks", Map.of()).columns("id")
                .orderBy(OrderBy.asc("id")).fetchMaps()).extracting(r -> r.get("id")).containsExactly(1, 2);
        assertThat(dsl.selectComputed(listed, DSL.table(DSL.name("public", "artists")).as("p"), "artist_tracks",
                Map.of(), DSL.table(DSL.name("public", "tracks")).as("t")).fetch().getValues("id", Integer.class))
                .containsExactlyInAnyOrder(1, 2);
        // The target's own list root field stays refused.
        assertThatThrownBy(() -> jdbc.select(connection, listed, TRACKS).fetchMaps())
                .isInstanceOf(dev.hasuraperms.check.PermissionDeniedException.class);
        Session unlisted = Session.of("unlisted", Map.of());
        assertThatThrownBy(() -> jdbc.selectComputed(connection, unlisted, ARTISTS, "artist_tracks", Map.of())
                .fetchMaps()).isInstanceOf(dev.hasuraperms.check.PermissionDeniedException.class)
                .hasMessageContaining("query_root_fields");
        assertThatThrownBy(() -> dsl.selectComputed(unlisted, DSL.table(DSL.name("public", "artists")).as("p"),
                "artist_tracks", Map.of(), DSL.table(DSL.name("public", "tracks")).as("t")).fetch())
                .isInstanceOf(dev.hasuraperms.check.PermissionDeniedException.class);
        // No read by primary key of a computed field's rows (it would skip select_by_pk's readable-key rule).
        assertThatThrownBy(() -> jdbc.selectComputed(connection, listed, ARTISTS, "artist_tracks", Map.of())
                .byPrimaryKey(Map.of("id", 1)).statement()).isInstanceOf(IllegalArgumentException.class);
    }
}

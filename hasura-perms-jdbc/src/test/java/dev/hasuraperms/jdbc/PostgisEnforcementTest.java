package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgisTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.TypeCategory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostGIS end to end on a PostgreSQL with PostGIS ({@link PostgisTest}: skipped, saying why, where there is none): the
 * live catalog types geometry, geography and raster columns (typmods and all), a select permission with a PostGIS
 * operator and GeoJSON session values is enforced by {@link SecureJdbc}, and a caller's where uses the raster
 * operators Hasura offers in GraphQL.
 */
@PostgisTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgisEnforcementTest {

    private static final QualifiedName PLACES = QualifiedName.of("places");
    private static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,2],[2,2],[2,0],[0,0]]]}";

    private TestDatabase db;
    private DatabaseSchema schema;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) throws SQLException {
        this.db = db;
        db.execute("""
                CREATE TABLE places (id int PRIMARY KEY, name text NOT NULL, geom geometry(Point, 4326),
                  geog geography(Point, 4326), rast raster);
                INSERT INTO places VALUES
                  (1, 'inside', ST_SetSRID(ST_MakePoint(1, 1), 4326), ST_MakePoint(1, 1)::geography,
                   ST_AsRaster(ST_MakeEnvelope(0, 0, 1, 1, 4326), 0.5, 0.5, '8BUI', 7)),
                  (2, 'outside', ST_SetSRID(ST_MakePoint(5, 5), 4326), ST_MakePoint(5, 5)::geography,
                   ST_AsRaster(ST_MakeEnvelope(10, 10, 11, 11, 4326), 0.5, 0.5, '8BUI', 7)),
                  (3, 'nowhere', NULL, NULL, NULL);
                """);
        try (Connection c = db.connection()) {
            schema = JdbcSchemaReader.defaults().withSchemas(java.util.Set.of("public")).read(c);
        }
        String metadata = """
                {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
                  {"table": "places", "select_permissions": [
                    {"role": "user", "permission": {"columns": "*", "filter":
                      {"geom": {"_st_within": "X-Hasura-Area"}}}},
                    {"role": "near", "permission": {"columns": ["id", "name"], "filter":
                      {"geog": {"_st_d_within": {"distance": "X-Hasura-Metres", "from": "X-Hasura-Here"}}}}},
                    {"role": "any", "permission": {"columns": "*", "filter": {}}}]}]}]}
                """;
        CheckResult r = PermissionChecker.check(MetadataLoader.defaults().loadJson(metadata), schema);
        assertThat(r.diagnostics()).isEmpty();
        secure = SecureJdbc.of(r.orThrow());
    }

    private List<Object> ids(Session session, String where) throws Exception {
        try (Connection c = db.connection()) {
            SecureSelect s = secure.select(c, session, PLACES).alias("p").columns("id").orderBy(OrderBy.asc("id"));
            if (where != null) {
                s.where(secure.permissions().callerFilter(PLACES, "p", session, Json.parse(where)));
            }
            return s.fetchMaps().stream().map(m -> m.get("id")).toList();
        }
    }

    @Test
    void theLiveCatalogTypesPostgisColumnsAndTheSnapshotKeepsThem() {
        var places = schema.table(PLACES).orElseThrow();
        assertThat(places.column("geom").map(Column::type)).contains(new PgType.Base(QualifiedName.of("public", "geometry")));
        assertThat(places.column("geog").map(c -> c.type().category())).contains(TypeCategory.GEOGRAPHY);
        assertThat(places.column("rast").map(c -> c.type().category())).contains(TypeCategory.RASTER);
        DatabaseSchema again = SchemaSnapshot.read(SchemaSnapshot.write(schema));
        assertThat(again.table(PLACES).orElseThrow().column("geom").map(Column::type))
                .contains(new PgType.Base(QualifiedName.of("public", "geometry")));
    }

    @Test
    void aPermissionWithGeoJsonSessionValuesIsEnforced() throws Exception {
        assertThat(ids(Session.of("user", Map.of("x-hasura-area", SQUARE)), null)).containsExactly(1);
        assertThat(ids(Session.of("near", Map.of("x-hasura-here", "{\"type\":\"Point\",\"coordinates\":[1,1.5]}",
                "x-hasura-metres", "60000")), null)).containsExactly(1);
        assertThat(ids(Session.of("near", Map.of("x-hasura-here", "{\"type\":\"Point\",\"coordinates\":[1,1.5]}",
                "x-hasura-metres", "50000")), null)).isEmpty();
        // A session value that is not GeoJSON fails the statement (PostGIS refuses it): no row is returned.
        assertThatThrownBy(() -> ids(Session.of("user", Map.of("x-hasura-area", "POINT(1 1)")), null))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aCallersWhereUsesPostgisAndRasterOperators() throws Exception {
        Session any = Session.of("any", Map.of());
        assertThat(ids(any, "{\"geom\": {\"_st_d_within\": {\"distance\": 1, \"from\": {\"type\":\"Point\","
                + "\"coordinates\":[1,2]}}}}")).containsExactly(1);
        assertThat(ids(any, "{\"geom\": {\"_cast\": {\"geography\": {\"_st_d_within\": {\"distance\": 700000,"
                + " \"from\": {\"type\":\"Point\",\"coordinates\":[1,1]}, \"use_spheroid\": false}}}}}")).containsExactly(1, 2);
        assertThat(ids(any, "{\"rast\": {\"_st_intersects_geom_nband\": {\"geommin\": " + SQUARE + "}}}"))
                .containsExactly(1);
        assertThat(ids(any, "{\"rast\": {\"_st_intersects_nband_geom\": {\"nband\": 1, \"geommin\": {\"type\":\"Point\","
                + "\"coordinates\":[10.5,10.5]}}}}")).containsExactly(2);
        String hex;
        try (Connection c = db.connection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT encode(ST_AsBinary(rast), 'hex') FROM places WHERE id = 2")) {
            rs.next();
            hex = rs.getString(1);
        }
        assertThat(ids(any, "{\"rast\": {\"_st_intersects_rast\": \"" + hex + "\"}}")).containsExactly(2);
    }
}

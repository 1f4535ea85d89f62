package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.eval.EvaluationException;
import dev.hasuraperms.eval.Evaluator;
import dev.hasuraperms.eval.UnsupportedInMemoryException;
import dev.hasuraperms.internal.sql.SqlRenderer;
import dev.hasuraperms.internal.sql.SqlTemplate;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostGIS operators in permissions: which column types each accepts (as Hasura's DDL/BoolExp.hs), the SQL they compile
 * to (as Hasura's Translate/BoolExp.hs, with every GeoJSON value bound through ST_GeomFromGeoJSON), and the refusals.
 */
class PostgisFilterTest {

    static final DatabaseSchema SCHEMA = SchemaSnapshot.read("""
            {"format": "hasura-perms-schema", "version": 1, "tables": [
              {"schema": "public", "name": "places", "kind": "table", "columns": [
                {"name": "id", "type": "pg_catalog.int4", "nullable": false},
                {"name": "name", "type": "pg_catalog.text", "nullable": true},
                {"name": "geom", "type": "gis.geometry", "nullable": true},
                {"name": "geog", "type": "gis.geography", "nullable": true},
                {"name": "rast", "type": "gis.raster", "nullable": true}],
               "primary_key": {"name": "places_pkey", "columns": ["id"]}}]}
            """);
    private static final QualifiedName PLACES = QualifiedName.of("places");
    static final String POLYGON = "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}";

    private static CheckResult check(String filter) {
        String yaml = """
                {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
                  {"table": "places", "select_permissions": [{"role": "r", "permission": {"columns": "*",
                   "filter": %s}}]}]}]}
                """.formatted(filter);
        return PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parse(yaml).toJson()), SCHEMA,
                CheckOptions.DEFAULT);
    }

    private static Predicate filter(String filter) {
        CheckResult r = check(filter);
        assertThat(r.diagnostics()).isEmpty();
        return r.orThrow().select(PLACES, "r").orElseThrow().filter();
    }

    private static String sql(String filter) {
        return SqlRenderer.render(filter(filter)).toSql("\"t\"", false);
    }

    private static List<DiagnosticCode> codes(String filter) {
        return check(filter).diagnostics().stream().map(Diagnostic::code).toList();
    }

    @Test
    void geometryOperatorsCallTheFunctionOfThePostgisSchemaWithTheGeoJsonBound() {
        assertThat(sql("{\"geom\": {\"_st_contains\": " + POLYGON + "}}")).isEqualTo(
                "\"gis\".\"st_contains\"(\"t\".\"geom\", (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geometry\")");
        for (String[] op : new String[][] {{"_st_crosses", "st_crosses"}, {"_st_equals", "st_equals"},
                {"_st_overlaps", "st_overlaps"}, {"_st_touches", "st_touches"}, {"_st_within", "st_within"},
                {"_st_intersects", "st_intersects"}, {"_st_3d_intersects", "st_3dintersects"},
                {"$st_within", "st_within"}}) {
            assertThat(sql("{\"geom\": {\"" + op[0] + "\": " + POLYGON + "}}")).startsWith("\"gis\".\"" + op[1] + "\"(");
        }
        SqlTemplate t = SqlRenderer.render(filter("{\"geom\": {\"_st_within\": " + POLYGON + "}}"));
        assertThat(t.slots()).singleElement().satisfies(s -> assertThat(((SqlTemplate.Constant) s).value())
                .isEqualTo(Json.parse(POLYGON).toJson()));
    }

    @Test
    void distanceIsRealAndGeographyPassesUseSpheroidDefaultingToTrue() {
        assertThat(sql("{\"geom\": {\"_st_d_within\": {\"distance\": 1.5, \"from\": " + POLYGON + "}}}")).isEqualTo(
                "\"gis\".\"st_dwithin\"(\"t\".\"geom\", (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geometry\","
                        + " ?::float4)");
        assertThat(sql("{\"geom\": {\"_st_3d_d_within\": {\"distance\": 2, \"from\": " + POLYGON + "}}}"))
                .startsWith("\"gis\".\"st_3ddwithin\"(");
        SqlTemplate geog = SqlRenderer.render(filter("{\"geog\": {\"_st_d_within\": {\"distance\": 10, \"from\": "
                + POLYGON + "}}}"));
        assertThat(geog.toSql("\"t\"", false)).isEqualTo("\"gis\".\"st_dwithin\"(\"t\".\"geog\","
                + " (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geography\", ?::float4, ?::bool)");
        assertThat(((SqlTemplate.Constant) geog.slots().get(2)).value()).isEqualTo(true);
        SqlTemplate off = SqlRenderer.render(filter("{\"geog\": {\"_st_d_within\": {\"distance\": 10, \"from\": "
                + POLYGON + ", \"use_spheroid\": false}}}"));
        assertThat(((SqlTemplate.Constant) off.slots().get(2)).value()).isEqualTo(false);
    }

    @Test
    void sessionValuesAreGeoJsonTextAndRealDistances() {
        SqlTemplate t = SqlRenderer.render(filter("{\"geom\": {\"_st_d_within\": {\"distance\": \"X-Hasura-Dist\","
                + " \"from\": \"X-Hasura-Geom\"}}}"));
        assertThat(t.toSql("\"t\"", false)).isEqualTo("\"gis\".\"st_dwithin\"(\"t\".\"geom\","
                + " (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geometry\", ?::float4)");
        Object[] bound = t.bind(dev.hasuraperms.session.Session.of("r", Map.of("x-hasura-dist", "1", "x-hasura-geom", POLYGON)));
        assertThat(Arrays.asList(bound)).containsExactly(POLYGON, 1.0f);
    }

    @Test
    void castBetweenGeometryAndGeographyTypesTheInnerConditions() {
        assertThat(sql("{\"geom\": {\"_cast\": {\"geography\": {\"_st_d_within\": {\"distance\": 5, \"from\": "
                + POLYGON + ", \"use_spheroid\": false}}}}}")).isEqualTo("\"gis\".\"st_dwithin\"((\"t\".\"geom\")::\"gis\".\"geography\","
                + " (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geography\", ?::float4, ?::bool)");
        assertThat(sql("{\"geog\": {\"_cast\": {\"geometry\": {\"_st_within\": " + POLYGON + "}}}}"))
                .isEqualTo("\"gis\".\"st_within\"((\"t\".\"geog\")::\"gis\".\"geometry\","
                        + " (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geometry\")");
        assertThat(codes("{\"name\": {\"_cast\": {\"geometry\": {\"_is_null\": true}}}}"))
                .containsExactly(DiagnosticCode.OPERATOR_TYPE_MISMATCH);
    }

    @Test
    void comparisonsOnPostgisColumnsBindGeoJsonToo() {
        assertThat(sql("{\"geom\": {\"_eq\": " + POLYGON + "}}")).isEqualTo("(\"t\".\"geom\" ="
                + " (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geometry\")");
        assertThat(sql("{\"geom\": {\"_is_null\": false}}")).isEqualTo("(\"t\".\"geom\" IS NOT NULL)");
        assertThat(codes("{\"geom\": {\"_in\": [" + POLYGON + "]}}")).containsExactly(DiagnosticCode.UNSUPPORTED_OPERATOR);
        assertThat(codes("{\"geom\": {\"_like\": \"x\"}}")).containsExactly(DiagnosticCode.OPERATOR_TYPE_MISMATCH);
        // PostGIS has no <> (PostgreSQL would refuse Hasura's SQL).
        assertThat(codes("{\"geom\": {\"_neq\": " + POLYGON + "}}")).containsExactly(DiagnosticCode.OPERATOR_TYPE_MISMATCH);
        assertThat(codes("{\"geog\": {\"_cne\": \"geog\"}}")).containsExactly(DiagnosticCode.OPERATOR_TYPE_MISMATCH);
    }

    @Test
    void operatorsAreRefusedOnTheTypesHasuraRefusesThemOn() {
        // Only _st_intersects and _st_d_within apply to geography (DDL/BoolExp.hs parseGeometryOrGeographyOp).
        assertThat(codes("{\"geog\": {\"_st_contains\": " + POLYGON + "}}")).containsExactly(DiagnosticCode.OPERATOR_TYPE_MISMATCH);
        assertThat(codes("{\"geog\": {\"_st_3d_d_within\": {\"distance\": 1, \"from\": " + POLYGON + "}}}"))
                .containsExactly(DiagnosticCode.OPERATOR_TYPE_MISMATCH);
        assertThat(codes("{\"geog\": {\"_st_intersects\": " + POLYGON + "}}")).isEmpty();
        assertThat(codes("{\"name\": {\"_st_intersects\": " + POLYGON + "}}")).containsExactly(DiagnosticCode.OPERATOR_TYPE_MISMATCH);
        // Permissions have no raster operator (Hasura: "Unknown operator").
        assertThat(codes("{\"rast\": {\"_st_intersects_rast\": \"0100\"}}")).containsExactly(DiagnosticCode.UNKNOWN_OPERATOR);
    }

    @Test
    void whatIsNotHonouredSaysSo() {
        assertThat(check("{\"_and\": [{\"geom\": {\"_in\": [" + POLYGON + "]}}, {\"rast\": {\"_eq\": \"0100\"}}]}")
                .diagnostics()).extracting(Diagnostic::message).containsExactly(
                "_in on gis.geometry is not supported by this library (use _or of _eq or _st_equals)",
                "_eq on raster is not supported by this library (only _is_null and the raster operators are)");
    }

    @Test
    void literalsMustBeGeoJsonGeometries() {
        assertThat(codes("{\"geom\": {\"_st_within\": {\"type\": \"Circle\", \"coordinates\": [0, 0]}}}"))
                .containsExactly(DiagnosticCode.LITERAL_TYPE_MISMATCH);
        assertThat(codes("{\"geom\": {\"_st_within\": {\"type\": \"Point\"}}}")).containsExactly(DiagnosticCode.LITERAL_TYPE_MISMATCH);
        assertThat(codes("{\"geom\": {\"_st_within\": \"POINT(1 2)\"}}")).containsExactly(DiagnosticCode.LITERAL_TYPE_MISMATCH);
        assertThat(codes("{\"geom\": {\"_st_within\": 3}}")).containsExactly(DiagnosticCode.LITERAL_TYPE_MISMATCH);
        // A string holding GeoJSON is passed to ST_GeomFromGeoJSON as it is, as Hasura does.
        assertThat(codes("{\"geom\": {\"_st_within\": \"{\\\"type\\\": \\\"Point\\\", \\\"coordinates\\\": [1, 2]}\"}}")).isEmpty();
        assertThat(codes("{\"geom\": {\"_st_d_within\": {\"distance\": \"far\", \"from\": " + POLYGON + "}}}"))
                .containsExactly(DiagnosticCode.INVALID_OPERAND);
    }

    @Test
    void rasterOperatorsWorkInACallersWhere() {
        CheckedPermissions p = check("{}").orThrow();
        String geom = "{\"type\": \"Point\", \"coordinates\": [1, 2]}";
        String rast = SqlRenderer.render(CallerFilters.compile(p, PLACES, "r", Json.parse(
                "{\"rast\": {\"_st_intersects_rast\": \"01000000\"}}"))).toSql("\"t\"", false);
        assertThat(rast).isEqualTo("\"gis\".\"st_intersects\"(\"t\".\"rast\","
                + " (\"gis\".\"st_rastfromhexwkb\"(?::text))::\"gis\".\"raster\")");
        String nbandGeom = SqlRenderer.render(CallerFilters.compile(p, PLACES, "r", Json.parse(
                "{\"rast\": {\"_st_intersects_nband_geom\": {\"nband\": 2, \"geommin\": " + geom + "}}}"))).toSql("\"t\"", false);
        assertThat(nbandGeom).isEqualTo("\"gis\".\"st_intersects\"(\"t\".\"rast\", ?::int4,"
                + " (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geometry\")");
        String geomNband = SqlRenderer.render(CallerFilters.compile(p, PLACES, "r", Json.parse(
                "{\"rast\": {\"_st_intersects_geom_nband\": {\"geommin\": " + geom + "}}}"))).toSql("\"t\"", false);
        assertThat(geomNband).isEqualTo("\"gis\".\"st_intersects\"(\"t\".\"rast\","
                + " (\"gis\".\"st_geomfromgeojson\"(?::text))::\"gis\".\"geometry\", NULL::int4)");
        assertThatThrownBy(() -> CallerFilters.compile(p, PLACES, "r", Json.parse(
                "{\"rast\": {\"_st_intersects_rast\": \"xyz\"}}")))
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class);
    }

    @Test
    void theInMemoryEvaluatorRefusesPostgisOperators() {
        for (String f : List.of("{\"geom\": {\"_st_within\": " + POLYGON + "}}", "{\"geom\": {\"_is_null\": true}}",
                "{\"geom\": {\"_eq\": " + POLYGON + "}}", "{\"geog\": {\"_cast\": {\"geometry\": {\"_st_within\": " + POLYGON + "}}}}")) {
            Predicate p = filter(f);
            assertThatThrownBy(() -> Evaluator.builder().build().checkSupported(p)).as(f)
                    .isInstanceOf(UnsupportedInMemoryException.class)
                    .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.UNSUPPORTED_IN_MEMORY));
        }
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import java.util.Optional;
import java.util.Set;

/**
 * GeoJSON literals of PostGIS operators, read as Hasura reads them (Hasura.SQL.GeoJSON {@code GeometryWithCRS}): a
 * geometry object whose {@code type} is one of the seven geometry types, with its {@code coordinates} (or
 * {@code geometries} for a collection) and an optional {@code crs}. A string holding such an object is accepted too
 * (Hasura passes a string through to {@code ST_GeomFromGeoJSON}). Coordinates are checked by PostGIS.
 */
final class GeoJson {

    private static final Set<String> TYPES = Set.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
            "MultiPolygon", "GeometryCollection");

    private GeoJson() {
    }

    /** The GeoJSON text to bind for {@code v}, or empty when {@code v} is not a GeoJSON geometry. */
    static Optional<String> text(JsonValue v) {
        return problem(v) == null ? Optional.of(v instanceof JsonString s ? s.value() : JsonWriter.compact(v))
                : Optional.empty();
    }

    /** Why {@code v} is not a GeoJSON geometry, or {@code null} when it is one. */
    static String problem(JsonValue v) {
        JsonValue g = v;
        if (v instanceof JsonString s) {
            try {
                g = Json.parse(s.value());
            } catch (RuntimeException e) {
                return "a string must hold a GeoJSON geometry object";
            }
        }
        if (!(g instanceof JsonObject o)) {
            return "expected a GeoJSON geometry object";
        }
        Optional<JsonValue> type = o.get("type");
        if (type.isEmpty() || !(type.get() instanceof JsonString t) || !TYPES.contains(t.value())) {
            return "a GeoJSON geometry needs \"type\", one of " + String.join(", ", TYPES.stream().sorted().toList());
        }
        String member = t.value().equals("GeometryCollection") ? "geometries" : "coordinates";
        if (o.get(member).isEmpty() || !(o.get(member).get() instanceof JsonArray)) {
            return "a GeoJSON " + t.value() + " needs \"" + member + "\", an array";
        }
        if (o.get("crs").isPresent() && !(o.get("crs").get() instanceof JsonObject)) {
            return "a GeoJSON \"crs\" must be an object";
        }
        return null;
    }
}

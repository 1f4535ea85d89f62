package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;

/** A JSON array. */
public record JsonArray(List<JsonValue> elements, Origin origin) implements JsonValue {

    public JsonArray {
        elements = List.copyOf(elements);
        Objects.requireNonNull(origin, "origin");
    }

    /** An array built in code. */
    public static JsonArray of(List<? extends JsonValue> elements) {
        return new JsonArray(List.copyOf(elements), Origin.UNKNOWN);
    }

    /** Number of elements. */
    public int size() {
        return elements.size();
    }

    /** Element {@code i}. */
    public JsonValue get(int i) {
        return elements.get(i);
    }

    @Override
    public String typeName() {
        return "array";
    }

    @Override
    public String toString() {
        return JsonWriter.compact(this);
    }
}

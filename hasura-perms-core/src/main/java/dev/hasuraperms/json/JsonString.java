package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;

/**
 * A JSON string.
 *
 * @param value the value
 * @param origin where the value was read
 */
public record JsonString(String value, Origin origin) implements JsonValue {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param value the value
     * @param origin where the value was read
     * @throws NullPointerException when a component is null
     */
    public JsonString {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * {@return a string built in code}
     *
     * @param value the value; never null
     */
    public static JsonString of(String value) {
        return new JsonString(value, Origin.UNKNOWN);
    }

    @Override
    public String typeName() {
        return "string";
    }

    @Override
    public String toString() {
        return JsonWriter.compact(this);
    }
}

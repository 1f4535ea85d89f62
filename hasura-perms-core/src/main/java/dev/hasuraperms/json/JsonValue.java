package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Optional;

/**
 * An immutable JSON value that remembers where it was read ({@link #origin()}). Equality is by content: origins,
 * object key order and the scale of numbers ({@code 1} vs {@code 1.0}) do not matter.
 *
 * <p>Values from YAML files are converted to this model on reading, so the rest of the library sees one kind of
 * tree whatever the file format.
 */
public sealed interface JsonValue permits JsonNull, JsonBoolean, JsonNumber, JsonString, JsonArray, JsonObject {

    /**
     * Where this value was read.
     *
     * @return the origin, never null
     */
    Origin origin();

    /** {@return the JSON type name: {@code null}, {@code boolean}, {@code number}, {@code string}, {@code array} or {@code object}} */
    String typeName();

    /** {@return this value as a string, if it is one} */
    default Optional<String> asString() {
        return this instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
    }

    /** {@return this value as an object, if it is one} */
    default Optional<JsonObject> asObject() {
        return this instanceof JsonObject o ? Optional.of(o) : Optional.empty();
    }

    /** {@return this value as an array, if it is one} */
    default Optional<JsonArray> asArray() {
        return this instanceof JsonArray a ? Optional.of(a) : Optional.empty();
    }

    /** {@return whether this is JSON {@code null}} */
    default boolean isNull() {
        return this instanceof JsonNull;
    }

    /**
     * Compact JSON text of this value.
     *
     * @return the JSON text, never null
     */
    default String toJson() {
        return JsonWriter.compact(this);
    }
}

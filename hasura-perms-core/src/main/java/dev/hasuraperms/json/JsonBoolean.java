package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;

/**
 * JSON {@code true} or {@code false}.
 *
 * @param value the value
 * @param origin where the value was read
 */
public record JsonBoolean(boolean value, Origin origin) implements JsonValue {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param value the value
     * @param origin where the value was read
     * @throws NullPointerException when a component is null
     */
    public JsonBoolean {
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * {@return a boolean built in code}
     *
     * @param value the value
     */
    public static JsonBoolean of(boolean value) {
        return new JsonBoolean(value, Origin.UNKNOWN);
    }

    @Override
    public String typeName() {
        return "boolean";
    }

    @Override
    public String toString() {
        return Boolean.toString(value);
    }
}

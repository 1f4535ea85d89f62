package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;

/**
 * JSON {@code null}.
 *
 * @param origin where the value was read
 */
public record JsonNull(Origin origin) implements JsonValue {

    /** A null built in code. */
    public static final JsonNull INSTANCE = new JsonNull(Origin.UNKNOWN);

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param origin where the value was read
     * @throws NullPointerException when a component is null
     */
    public JsonNull {
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String typeName() {
        return "null";
    }

    @Override
    public String toString() {
        return "null";
    }
}

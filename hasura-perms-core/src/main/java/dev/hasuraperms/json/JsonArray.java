package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A JSON array. Backed by an array; {@link #elements()} is a read-only view. */
public final class JsonArray implements JsonValue {

    private final JsonValue[] elements;
    private final Origin origin;
    private int objectDepth = -1; // computed on first use; racy but idempotent

    /**
     * An array of these elements.
     *
     * @param elements the elements (copied); never null
     * @param origin where the array was read; never null
     */
    public JsonArray(List<? extends JsonValue> elements, Origin origin) {
        this.elements = elements.toArray(new JsonValue[0]);
        for (JsonValue v : this.elements) {
            Objects.requireNonNull(v, "element");
        }
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    private JsonArray(JsonValue[] elements, Origin origin) {
        this.elements = elements;
        this.origin = origin;
    }

    /**
     * {@return an array owning {@code elements} from now on (used by the readers)}
     *
     * @param elements the elements, not copied; never null, not modified afterwards
     * @param origin where the array was read; never null
     */
    public static JsonArray ofArray(JsonValue[] elements, Origin origin) {
        return new JsonArray(elements, Objects.requireNonNull(origin, "origin"));
    }

    /**
     * {@return an array built in code}
     *
     * @param elements the elements; never null
     */
    public static JsonArray of(List<? extends JsonValue> elements) {
        return new JsonArray(elements, Origin.UNKNOWN);
    }

    /** {@return the elements (read-only)} */
    public List<JsonValue> elements() {
        return new ReadOnlyArrayList<>(elements);
    }

    /**
     * {@return how deeply objects nest inside this array: the largest {@link JsonObject#objectDepth()} of its elements, arrays
     * being transparent; 0 when no element holds an object}
     */
    public int objectDepth() {
        int d = objectDepth;
        if (d < 0) {
            d = JsonObject.maxObjectDepth(elements);
            objectDepth = d;
        }
        return d;
    }

    @Override
    public Origin origin() {
        return origin;
    }

    /** {@return number of elements} */
    public int size() {
        return elements.length;
    }

    /**
     * Element {@code i}.
     *
     * @param i the index, from 0
     * @return the element, never null
     * @throws IndexOutOfBoundsException when {@code i} is out of range
     */
    public JsonValue get(int i) {
        return elements[i];
    }

    @Override
    public String typeName() {
        return "array";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray a && Arrays.equals(elements, a.elements);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elements);
    }

    @Override
    public String toString() {
        return JsonWriter.compact(this);
    }
}

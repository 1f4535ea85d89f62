package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.internal.json.HashKeys;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object. Members keep the order in which they were read (for messages and output); equality ignores the
 * order. Keys are unique: the readers report a duplicate key as a diagnostic. Backed by arrays (objects in metadata
 * are many and small); {@link #members()} is a read-only ordered view.
 */
public final class JsonObject implements JsonValue {

    private static final int INDEX_THRESHOLD = 16;

    private final String[] keys;
    private final JsonValue[] values;
    /** Where each key was read: explicit origins, or null when {@link #keyLines} says (then built on demand). */
    private final Origin[] keyOrigins;
    /** Line in the high and column in the low 32 bits of each key's position (when {@link #keyOrigins} is null). */
    private final long[] keyPositions;
    private final Origin origin;
    /** Key index for larger objects, hashed with {@link HashKeys} (keys may be chosen to share a hash code). */
    private final Map<Object, Integer> index;
    private int objectDepth; // computed on first use (0 = not yet); racy but idempotent

    /**
     * An object with the given members (in their iteration order) and key origins (missing ones default to the
     * object's origin).
     *
     * @param members the members (copied); never null
     * @param keyOriginMap where each key was read; never null
     * @param origin where the object was read; never null
     */
    public JsonObject(Map<String, JsonValue> members, Map<String, Origin> keyOriginMap, Origin origin) {
        int n = members.size();
        this.keys = new String[n];
        this.values = new JsonValue[n];
        this.keyOrigins = new Origin[n];
        this.keyPositions = null;
        this.origin = Objects.requireNonNull(origin, "origin");
        int i = 0;
        for (Map.Entry<String, JsonValue> e : members.entrySet()) {
            keys[i] = Objects.requireNonNull(e.getKey(), "key");
            values[i] = Objects.requireNonNull(e.getValue(), "value");
            this.keyOrigins[i] = Objects.requireNonNullElse(keyOriginMap.get(e.getKey()), origin);
            i++;
        }
        this.index = buildIndex();
    }

    /**
     * {@return an object from parallel arrays, owned from now on by the object (used by the readers): each key was read in
     * the object's file at the given line and column}
     *
     * @param keys the keys in reading order; never null
     * @param values the values, parallel to {@code keys}; never null
     * @param keyPositions each key's line and column from {@link #position}, parallel to {@code keys}; never null
     * @param origin where the object was read; never null
     */
    public static JsonObject ofArrays(String[] keys, JsonValue[] values, long[] keyPositions, Origin origin) {
        if (keys.length != values.length || keys.length != keyPositions.length) {
            throw new IllegalArgumentException("keys, values and key positions must have the same length");
        }
        return new JsonObject(keys, values, keyPositions, origin);
    }

    /**
     * {@return a key position for {@link #ofArrays}}
     *
     * @param line the line, from 1
     * @param column the column, from 1
     */
    public static long position(int line, int column) {
        return ((long) line << 32) | (column & 0xffffffffL);
    }

    private JsonObject(String[] keys, JsonValue[] values, long[] keyPositions, Origin origin) {
        this.keys = keys;
        this.values = values;
        this.keyOrigins = null;
        this.keyPositions = keyPositions;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.index = buildIndex();
    }

    static int maxObjectDepth(JsonValue[] children) {
        int max = 0;
        for (JsonValue v : children) {
            int d = v instanceof JsonObject o ? o.objectDepth() : v instanceof JsonArray a ? a.objectDepth() : 0;
            if (d > max) {
                max = d;
            }
        }
        return max;
    }

    /**
     * {@return how many objects nest here, this one included, counting only objects (arrays are transparent): 1 for an object
     * whose members hold no object} Known at construction, so depth limits cost no walk.
     */
    public int objectDepth() {
        int d = objectDepth;
        if (d == 0) {
            d = 1 + maxObjectDepth(values);
            objectDepth = d;
        }
        return d;
    }

    private Map<Object, Integer> buildIndex() {
        if (keys.length <= INDEX_THRESHOLD) {
            return null;
        }
        Map<Object, Integer> m = new HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            m.put(HashKeys.of(keys[i]), i);
        }
        return m;
    }

    /**
     * {@return an object built in code}
     *
     * @param members the members in order; never null
     */
    public static JsonObject of(Map<String, ? extends JsonValue> members) {
        return new JsonObject(new LinkedHashMap<>(members), Map.of(), Origin.UNKNOWN);
    }

    /** {@return the empty object built in code} */
    public static JsonObject empty() {
        return new JsonObject(new String[0], new JsonValue[0], new long[0], Origin.UNKNOWN);
    }

    private int indexOf(String key) {
        if (index != null) {
            Integer i = index.get(HashKeys.of(key));
            return i == null ? -1 : i;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Origin origin() {
        return origin;
    }

    /** {@return the members, in reading order (a read-only view)} */
    public Map<String, JsonValue> members() {
        return new MembersView();
    }

    /**
     * Where each key was read (a read-only view).
     *
     * @return the key origins, never null
     */
    public Map<String, Origin> keyOrigins() {
        Map<String, Origin> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], keyOriginAt(i));
        }
        return m;
    }

    /**
     * {@return the member {@code key}, if present}
     *
     * @param key the key; never null
     */
    public Optional<JsonValue> get(String key) {
        int i = indexOf(key);
        return i < 0 ? Optional.empty() : Optional.of(values[i]);
    }

    /**
     * {@return whether the member {@code key} is present}
     *
     * @param key the key; never null
     */
    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /** {@return the keys, in reading order} */
    public Set<String> keys() {
        return members().keySet();
    }

    /**
     * {@return the position of {@code key} in reading order, or -1}
     *
     * @param key the key; never null
     */
    public int keyIndex(String key) {
        return indexOf(key);
    }

    /**
     * {@return the value at position {@code i} in reading order}
     *
     * @param i the position, from 0
     */
    public JsonValue valueAt(int i) {
        return values[i];
    }

    /**
     * {@return the key at position {@code i} in reading order}
     *
     * @param i the position, from 0
     */
    public String keyAt(int i) {
        return keys[i];
    }

    /** {@return the keys, in reading order, as a list} */
    public List<String> keyList() {
        return new ReadOnlyArrayList<>(keys);
    }

    /**
     * Where key {@code key} was read (the object's origin when unknown).
     *
     * @param key the key; never null
     * @return the key's origin, never null
     */
    public Origin keyOrigin(String key) {
        int i = indexOf(key);
        return i < 0 ? origin : keyOriginAt(i);
    }

    /**
     * Where the key at position {@code i} in reading order was read.
     *
     * @param i the position, from 0
     * @return the key's origin, never null
     */
    public Origin keyOriginAt(int i) {
        if (keyOrigins != null) {
            return keyOrigins[i];
        }
        return origin.memberAt(keys[i], (int) (keyPositions[i] >>> 32), (int) keyPositions[i]);
    }

    /** {@return number of members} */
    public int size() {
        return keys.length;
    }

    /** {@return whether the object has no members} */
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public String typeName() {
        return "object";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JsonObject other) || other.keys.length != keys.length) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            int j = other.indexOf(keys[i]);
            if (j < 0 || !values[i].equals(other.values[j])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += keys[i].hashCode() ^ values[i].hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return JsonWriter.compact(this);
    }

    /** An ordered, read-only map over the arrays. */
    private final class MembersView extends AbstractMap<String, JsonValue> {
        @Override
        public Set<Entry<String, JsonValue>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonValue>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < keys.length;
                        }

                        @Override
                        public Entry<String, JsonValue> next() {
                            if (i >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, JsonValue> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                            i++;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }

        @Override
        public JsonValue get(Object key) {
            int i = key instanceof String s ? indexOf(s) : -1;
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && indexOf(s) >= 0;
        }

        @Override
        public int size() {
            return keys.length;
        }
    }

}

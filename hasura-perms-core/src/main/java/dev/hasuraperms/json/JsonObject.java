package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object. Members keep the order in which they were read (for messages and output); equality ignores the
 * order. Keys are unique: the readers report a duplicate key as a diagnostic.
 *
 * @param members    the members, in reading order
 * @param keyOrigins where each key was read (for diagnostics about a key)
 * @param origin     where the object was read
 */
public record JsonObject(Map<String, JsonValue> members, Map<String, Origin> keyOrigins, Origin origin)
        implements JsonValue {

    public JsonObject {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        LinkedHashMap<String, Origin> ko = new LinkedHashMap<>();
        for (String k : members.keySet()) {
            ko.put(k, Objects.requireNonNullElse(keyOrigins.get(k), origin));
        }
        keyOrigins = Collections.unmodifiableMap(ko);
        Objects.requireNonNull(origin, "origin");
    }

    /** An object built in code. */
    public static JsonObject of(Map<String, ? extends JsonValue> members) {
        return new JsonObject(Collections.unmodifiableMap(members), Map.of(), Origin.UNKNOWN);
    }

    /** The empty object built in code. */
    public static JsonObject empty() {
        return of(Map.of());
    }

    /** The member {@code key}, if present. */
    public Optional<JsonValue> get(String key) {
        return Optional.ofNullable(members.get(key));
    }

    /** Whether the member {@code key} is present. */
    public boolean has(String key) {
        return members.containsKey(key);
    }

    /** The keys, in reading order. */
    public Set<String> keys() {
        return members.keySet();
    }

    /** The keys, in reading order, as a list. */
    public List<String> keyList() {
        return List.copyOf(members.keySet());
    }

    /** Where key {@code key} was read (the object's origin when unknown). */
    public Origin keyOrigin(String key) {
        return keyOrigins.getOrDefault(key, origin);
    }

    /** Number of members. */
    public int size() {
        return members.size();
    }

    /** Whether the object has no members. */
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public String typeName() {
        return "object";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return JsonWriter.compact(this);
    }
}

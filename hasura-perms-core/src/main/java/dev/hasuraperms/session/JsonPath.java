package dev.hasuraperms.session;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The small JSONPath subset Hasura's JWT configuration uses ({@code claims_namespace_path}, {@code claims_map}
 * paths): {@code $} (the root), then any number of {@code .key}, {@code ['key']}, {@code ["key"]} and {@code [0]}
 * steps. In dot notation a key is one or more letters, digits, {@code _}, {@code -} or {@code $}; any other key
 * (such as {@code https://hasura.io/jwt/claims}) needs the bracket notation, where a backslash escapes the next
 * character. No wildcards, slices, filters or recursive descent. Immutable.
 */
public final class JsonPath {

    /** The longest index accepted in {@code [n]}. */
    private static final int MAX_INDEX_DIGITS = 9;

    private final List<Object> steps;

    private JsonPath(List<Object> steps) {
        this.steps = List.copyOf(steps);
    }

    /** {@return the path {@code $}: the value itself} */
    public static JsonPath root() {
        return new JsonPath(List.of());
    }

    /**
     * Parses a path such as {@code $.hasura.claims}, {@code $['https://hasura.io/jwt/claims']} or
     * {@code $.user.roles[0]}.
     *
     * @param path the path text, starting with {@code $}; never null
     * @return the parsed path, never null
     * @throws IllegalArgumentException saying where and why the path is not valid
     */
    public static JsonPath parse(String path) {
        List<Object> steps = new ArrayList<>();
        if (!path.startsWith("$")) {
            throw invalid(path, "a path must start with $", 0);
        }
        int i = 1;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n) {
                    int cp = path.codePointAt(i);
                    if (!(Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '$')) {
                        break;
                    }
                    i += Character.charCount(cp);
                }
                if (i == start) {
                    throw invalid(path, i < n ? "a key after '.' must be letters, digits, _, - or $ (write other keys as ['...'])"
                            : "a key must follow '.'", i);
                }
                steps.add(path.substring(start, i));
            } else if (c == '[') {
                i++;
                if (i >= n) {
                    throw invalid(path, "unexpected end after '['", i);
                }
                char q = path.charAt(i);
                if (q == '\'' || q == '"') {
                    StringBuilder key = new StringBuilder();
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw invalid(path, "unterminated quoted key", i);
                        }
                        char k = path.charAt(i++);
                        if (k == '\\') {
                            if (i >= n) {
                                throw invalid(path, "unterminated quoted key", i);
                            }
                            key.append(path.charAt(i++));
                        } else if (k == q) {
                            break;
                        } else {
                            key.append(k);
                        }
                    }
                    steps.add(key.toString());
                } else if (q >= '0' && q <= '9') {
                    int start = i;
                    while (i < n && path.charAt(i) >= '0' && path.charAt(i) <= '9') {
                        i++;
                    }
                    if (i - start > MAX_INDEX_DIGITS) {
                        throw invalid(path, "array index too large", start);
                    }
                    steps.add(Integer.parseInt(path.substring(start, i)));
                } else {
                    throw invalid(path, "expected a quoted key or an array index after '['", i);
                }
                if (i >= n || path.charAt(i) != ']') {
                    throw invalid(path, "expected ']'", i);
                }
                i++;
            } else {
                throw invalid(path, "expected '.' or '['", i);
            }
        }
        return new JsonPath(steps);
    }

    private static IllegalArgumentException invalid(String path, String why, int position) {
        return new IllegalArgumentException("invalid JSON path " + Messages.quote(path) + ": " + why + " at position "
                + position);
    }

    /**
     * {@return the value at this path in {@code root}, or empty when a step finds nothing: a key that is absent or applied to
     * a non-object, an index that is out of range or applied to a non-array} A JSON {@code null} that is there is
     * found (it is not "nothing").
     *
     * @param root the JSON value to search; never null
     */
    public Optional<JsonValue> find(JsonValue root) {
        JsonValue v = root;
        for (Object step : steps) {
            if (step instanceof String key) {
                if (!(v instanceof JsonObject o)) {
                    return Optional.empty();
                }
                Optional<JsonValue> next = o.get(key);
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                v = next.get();
            } else {
                int index = (Integer) step;
                if (!(v instanceof JsonArray a) || index >= a.size()) {
                    return Optional.empty();
                }
                v = a.get(index);
            }
        }
        return Optional.of(v);
    }

    /** {@return whether this is {@code $}} */
    public boolean isRoot() {
        return steps.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath p && steps.equals(p.steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    /**
     * The path in a canonical spelling that {@link #parse} reads back: {@code .key} for keys made of ASCII letters,
     * digits, {@code _} and {@code -} that do not start with a digit, {@code ['key']} for the others.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("$");
        for (Object step : steps) {
            if (step instanceof String key) {
                if (key.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                    sb.append('.').append(key);
                } else {
                    sb.append("['");
                    for (int i = 0; i < key.length(); i++) {
                        char c = key.charAt(i);
                        if (c == '\'' || c == '\\') {
                            sb.append('\\');
                        }
                        sb.append(c);
                    }
                    sb.append("']");
                }
            } else {
                sb.append('[').append(step).append(']');
            }
        }
        return sb.toString();
    }
}

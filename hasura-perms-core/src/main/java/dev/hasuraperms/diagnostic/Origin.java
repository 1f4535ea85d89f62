package dev.hasuraperms.diagnostic;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a model node came from: its JSON path in the (assembled) metadata document and its place in a file.
 *
 * <p><b>Origins never take part in equality.</b> Every {@code Origin} equals every other, and all have the same
 * hash code, so records that carry one compare by their content alone: the same metadata loaded from an exported
 * JSON file, from a CLI directory and from metadata-API calls gives equal models, although every node was read from a
 * different place.
 */
public final class Origin {

    /** The origin of something built in code. */
    public static final Origin UNKNOWN = new Origin("$", SourceLocation.UNKNOWN);

    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String jsonPath;
    private final SourceLocation location;

    private Origin(String jsonPath, SourceLocation location) {
        this.jsonPath = jsonPath;
        this.location = location;
    }

    /** An origin with the given JSON path and location. */
    public static Origin of(String jsonPath, SourceLocation location) {
        return new Origin(Objects.requireNonNull(jsonPath, "jsonPath"), Objects.requireNonNull(location, "location"));
    }

    /** The JSON path, starting with {@code $}, e.g. {@code $.sources[0].tables[1].select_permissions[0]}. */
    public String jsonPath() {
        return jsonPath;
    }

    /** The file, line and column. */
    public SourceLocation location() {
        return location;
    }

    /** The JSON path of the member {@code key} of the object at this path. */
    public static String childPath(String parentPath, String key) {
        if (SIMPLE_KEY.matcher(key).matches()) {
            return parentPath + "." + key;
        }
        return parentPath + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** The JSON path of element {@code index} of the array at this path. */
    public static String elementPath(String parentPath, int index) {
        return parentPath + "[" + index + "]";
    }

    /** This origin's location with another JSON path. */
    public Origin withPath(String path) {
        return new Origin(path, location);
    }

    /** Always true for another {@code Origin}: see the class comment. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return location.isKnown() ? jsonPath + " (" + location + ")" : jsonPath;
    }
}

package dev.hasuraperms.diagnostic;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a model node came from: its JSON path in the (assembled) metadata document and its place in a file.
 *
 * <p><b>Origins never take part in equality.</b> Every {@code Origin} equals every other, and all have the same
 * hash code, so records that carry one compare by their content alone: the same metadata loaded from an exported
 * JSON file, from a CLI directory and from metadata-API calls gives equal models, although every node was read from a
 * different place.
 *
 * <p>Origins are compact: a node's origin points at its parent's and holds its own key or index, and the JSON path
 * string is only built when asked for (diagnostics are rare; nodes are many).
 */
public sealed class Origin permits Origin.InFile {

    /** The origin of something built in code. */
    public static final Origin UNKNOWN = new InFile(null, "$", -1, "", 0, 0);

    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The parent origin; null for a root, whose {@link #segment} is its whole path. */
    private final Origin parent;
    /** A member key, or the whole path of a root. Null for array elements. */
    private final String segment;
    /** An array index, or -1. */
    private final int index;
    private final int line;
    private final int column;

    // The file is stored only where it changes (roots and !include boundaries, in InFile); every other origin has the
    // file of its parent. That keeps an origin at 32 bytes: a large metadata holds millions of them.
    private Origin(Origin parent, String segment, int index, int line, int column) {
        this.parent = parent;
        this.segment = segment;
        this.index = index;
        this.line = line;
        this.column = column;
    }

    private static Origin create(Origin parent, String segment, int index, String file, int line, int column) {
        if (parent != null && file.equals(parent.file())) {
            return new Origin(parent, segment, index, line, column);
        }
        return new InFile(parent, segment, index, file, line, column);
    }

    /** The file this origin was read from ("" when unknown). */
    String file() {
        Origin o = this;
        while (!(o instanceof InFile f)) {
            o = o.parent;
        }
        return f.file;
    }

    /**
     * {@return an immutable list equal to {@code origins}, stored compactly when they are the consecutive elements of one array
     * read from one file (a column list, say): then only their lines and columns are kept, and each origin is rebuilt
     * when asked for} A large metadata holds hundreds of thousands of such lists.
     *
     * @param origins the origins to store; never null
     */
    public static java.util.List<Origin> compactList(java.util.List<Origin> origins) {
        if (origins instanceof ElementOrigins) {
            return origins;
        }
        int n = origins.size();
        if (n == 0) {
            return java.util.List.of();
        }
        Origin parent = origins.get(0).parent;
        if (parent == null) {
            return java.util.List.copyOf(origins);
        }
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            Origin o = origins.get(i);
            if (o.parent != parent || o.segment != null || o.index != i || o instanceof InFile) {
                return java.util.List.copyOf(origins);
            }
            positions[i] = ((long) o.line << 32) | (o.column & 0xffffffffL);
        }
        return new ElementOrigins(parent, positions);
    }

    private static final class ElementOrigins extends java.util.AbstractList<Origin> implements java.util.RandomAccess {
        private final Origin parent;
        private final long[] positions;

        ElementOrigins(Origin parent, long[] positions) {
            this.parent = parent;
            this.positions = positions;
        }

        @Override
        public Origin get(int i) {
            long p = positions[i];
            return new Origin(parent, null, i, (int) (p >>> 32), (int) p);
        }

        @Override
        public int size() {
            return positions.length;
        }
    }

    /** An origin that names its file: a root, or the first node read from another file. */
    static final class InFile extends Origin {
        private final String file;

        private InFile(Origin parent, String segment, int index, String file, int line, int column) {
            super(parent, segment, index, line, column);
            this.file = Objects.requireNonNull(file, "file");
        }
    }

    /**
     * {@return an origin with the given JSON path and location}
     *
     * @param jsonPath the JSON path, starting with {@code $}; never null
     * @param location the place in a file; never null
     */
    public static Origin of(String jsonPath, SourceLocation location) {
        Objects.requireNonNull(jsonPath, "jsonPath");
        Objects.requireNonNull(location, "location");
        return new InFile(null, jsonPath, -1, location.file(), location.line(), location.column());
    }

    /**
     * {@return the origin of member {@code key} of the object at this origin, read at the given place}
     *
     * @param key the member's key; never null
     * @param file the file the member was read from; never null
     * @param line the member's line, from 1
     * @param column the member's column, from 1
     */
    public Origin member(String key, String file, int line, int column) {
        return create(this, Objects.requireNonNull(key, "key"), -1, file, line, column);
    }

    /**
     * {@return the origin of member {@code key} of the object at this origin, read from the same file at the given
     * place}
     *
     * @param key the member's key; never null
     * @param line the member's line, from 1
     * @param column the member's column, from 1
     */
    public Origin memberAt(String key, int line, int column) {
        return new Origin(this, Objects.requireNonNull(key, "key"), -1, line, column);
    }

    /**
     * {@return the origin of element {@code index} of the array at this origin, read from the same file at the given
     * place}
     *
     * @param index the element's index, from 0
     * @param line the element's line, from 1
     * @param column the element's column, from 1
     */
    public Origin elementAt(int index, int line, int column) {
        return new Origin(this, null, index, line, column);
    }

    /**
     * {@return the origin of member {@code key} of the object at this origin, at this origin's place}
     *
     * @param key the member's key; never null
     */
    public Origin member(String key) {
        return new Origin(this, Objects.requireNonNull(key, "key"), -1, line, column);
    }

    /**
     * {@return the origin of element {@code index} of the array at this origin, read at the given place}
     *
     * @param index the element's index, from 0
     * @param file the file the element was read from; never null
     * @param line the element's line, from 1
     * @param column the element's column, from 1
     */
    public Origin element(int index, String file, int line, int column) {
        return create(this, null, index, file, line, column);
    }

    /** {@return the JSON path, starting with {@code $}, e.g. {@code $.sources[0].tables[1].select_permissions[0]}} */
    public String jsonPath() {
        if (parent == null) {
            return segment;
        }
        Deque<Origin> chain = new ArrayDeque<>();
        Origin o = this;
        while (o.parent != null) {
            chain.push(o);
            o = o.parent;
        }
        StringBuilder sb = new StringBuilder(o.segment);
        for (Origin c : chain) {
            if (c.segment != null) {
                appendKey(sb, c.segment);
            } else {
                sb.append('[').append(c.index).append(']');
            }
        }
        return sb.toString();
    }

    /** {@return the file, line and column} */
    public SourceLocation location() {
        return new SourceLocation(file(), line, column);
    }

    /**
     * {@return the JSON path of the member {@code key} of the object at this path}
     *
     * @param parentPath the object's JSON path; never null
     * @param key the member's key; never null
     */
    public static String childPath(String parentPath, String key) {
        StringBuilder sb = new StringBuilder(parentPath);
        appendKey(sb, key);
        return sb.toString();
    }

    /**
     * {@return the JSON path of element {@code index} of the array at this path}
     *
     * @param parentPath the array's JSON path; never null
     * @param index the element's index, from 0
     */
    public static String elementPath(String parentPath, int index) {
        return parentPath + "[" + index + "]";
    }

    private static void appendKey(StringBuilder sb, String key) {
        if (SIMPLE_KEY.matcher(key).matches()) {
            sb.append('.').append(key);
        } else {
            sb.append("['").append(key.replace("\\", "\\\\").replace("'", "\\'")).append("']");
        }
    }

    /**
     * {@return this origin's location with another JSON path}
     *
     * @param path the new JSON path; never null
     */
    public Origin withPath(String path) {
        return new InFile(null, path, -1, file(), line, column);
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
        SourceLocation l = location();
        return l.isKnown() ? jsonPath() + " (" + l + ")" : jsonPath();
    }
}

package dev.hasuraperms.names;

import java.util.Objects;

/**
 * A schema-qualified name of a table, view or function. Names are case-sensitive, exactly as in Hasura metadata
 * (and quoted in SQL). A bare name means schema {@code public}.
 *
 * @param schema the schema, e.g. {@code public}
 * @param name   the object name, e.g. {@code events}
 */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {

    /** The schema a bare name belongs to. */
    public static final String DEFAULT_SCHEMA = "public";

    /**
     * Checks both parts.
     *
     * @param schema the schema; not empty
     * @param name the object name; not empty
     * @throws NullPointerException when a part is null
     * @throws IllegalArgumentException when a part is empty
     */
    public QualifiedName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (schema.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("schema and name must not be empty");
        }
    }

    /**
     * {@code schema.name}.
     *
     * @param schema the schema; not empty
     * @param name the object name; not empty
     * @return the name {@code schema.name}, never null
     */
    public static QualifiedName of(String schema, String name) {
        return new QualifiedName(schema, name);
    }

    /**
     * A name in schema {@code public}. A dot is refused, so that {@code of("public.events")} does not silently name a
     * table called {@code public.events}: use {@link #parse} for {@code schema.name} text, or
     * {@link #of(String, String)} for a table whose name contains a dot ({@code of("public", "a.b")}).
     *
     * @param name the table name, without a dot
     * @return {@code public.name}
     * @throws IllegalArgumentException when {@code name} contains a dot
     */
    public static QualifiedName of(String name) {
        Objects.requireNonNull(name, "name");
        if (name.indexOf('.') >= 0) {
            throw new IllegalArgumentException("QualifiedName.of(\"" + name + "\"): a single name must not contain a dot;"
                    + " use QualifiedName.parse(\"" + name + "\") for schema.name, or QualifiedName.of(\""
                    + DEFAULT_SCHEMA + "\", \"" + name + "\") for a table named with a dot");
        }
        return new QualifiedName(DEFAULT_SCHEMA, name);
    }

    /**
     * Parses {@code name} or {@code schema.name} as written on a command line. The first unquoted dot separates
     * schema and name; double quotes keep dots and are removed ({@code "my.schema"."my.table"}).
     *
     * @param text the name as written, e.g. {@code public.events} or {@code "my.schema".events}; never null
     * @return the parsed name, never null
     */
    public static QualifiedName parse(String text) {
        Objects.requireNonNull(text, "text");
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted && parts.isEmpty()) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quotes in table name: " + text);
        }
        parts.add(cur.toString());
        return parts.size() == 1 ? of(DEFAULT_SCHEMA, parts.get(0)) : of(parts.get(0), parts.get(1));
    }

    /** {@return the name quoted for PostgreSQL: {@code "schema"."name"}} */
    public String toSql() {
        return quote(schema) + "." + quote(name);
    }

    /**
     * Quotes a PostgreSQL identifier, doubling embedded quotes.
     *
     * @param identifier the identifier, unquoted; never null
     * @return {@code identifier} in double quotes, embedded double quotes doubled
     */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public int compareTo(QualifiedName o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    /** {@code schema.name}, quoted only where needed to read it back with {@link #parse}. */
    @Override
    public String toString() {
        return part(schema) + "." + part(name);
    }

    private static String part(String s) {
        return s.indexOf('.') >= 0 || s.indexOf('"') >= 0 ? quote(s) : s;
    }
}

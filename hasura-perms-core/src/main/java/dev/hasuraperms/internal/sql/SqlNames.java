package dev.hasuraperms.internal.sql;

import dev.hasuraperms.names.QualifiedName;
import java.util.Objects;

/**
 * Quoting of PostgreSQL identifiers. Every identifier the backends write into SQL goes through here; values never do
 * (they are bind parameters).
 */
public final class SqlNames {

    private SqlNames() {
    }

    /**
     * {@code "name"}, with embedded double quotes doubled. NUL characters are rejected (PostgreSQL cannot store them).
     *
     * @param identifier the identifier, not empty
     * @return the quoted identifier
     * @throws IllegalArgumentException when it is empty or contains NUL
     */
    public static String quote(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a valid identifier: \"" + identifier.replace("\0", "\\0") + "\"");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * {@code "schema"."name"}.
     *
     * @param name the qualified name
     * @return the quoted name
     */
    public static String quote(QualifiedName name) {
        return quote(name.schema()) + "." + quote(name.name());
    }
}

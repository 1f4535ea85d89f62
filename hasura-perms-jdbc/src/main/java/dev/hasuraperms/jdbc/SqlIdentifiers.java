package dev.hasuraperms.jdbc;

import dev.hasuraperms.internal.sql.SqlNames;
import dev.hasuraperms.names.QualifiedName;

/**
 * Quoting of PostgreSQL identifiers. Every identifier this backend writes into SQL goes through here; values never
 * do (they are bind parameters).
 */
public final class SqlIdentifiers {

    private SqlIdentifiers() {
    }

    /**
     * {@code "name"}, with embedded double quotes doubled. NUL characters are rejected (PostgreSQL cannot store them).
     *
     * @param identifier the identifier, as stored in the catalog
     * @return the quoted identifier
     * @throws IllegalArgumentException when the identifier is empty or contains a NUL character
     */
    public static String quote(String identifier) {
        return SqlNames.quote(identifier);
    }

    /**
     * {@code "schema"."name"}.
     *
     * @param name the schema-qualified name
     * @return the quoted, qualified name
     */
    public static String quote(QualifiedName name) {
        return SqlNames.quote(name);
    }
}

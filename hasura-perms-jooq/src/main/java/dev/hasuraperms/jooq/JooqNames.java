package dev.hasuraperms.jooq;

import dev.hasuraperms.names.QualifiedName;
import org.jooq.Name;
import org.jooq.impl.DSL;

/** Conversions between hasura-perms names and jOOQ {@link Name}s (always quoted, case kept). */
public final class JooqNames {

    private JooqNames() {
    }

    /**
     * The quoted jOOQ name {@code "schema"."name"}.
     *
     * @param name the schema-qualified name
     * @return the jOOQ name, quoted
     */
    public static Name of(QualifiedName name) {
        return DSL.quotedName(name.schema(), name.name());
    }

    /**
     * The table a jOOQ name denotes: the last part is the table, the one before it the schema (default public).
     *
     * @param name a jOOQ name of one or more parts (only the last two are read)
     * @return the qualified table name
     * @throws IllegalArgumentException for a name without parts
     */
    public static QualifiedName toQualifiedName(Name name) {
        String[] parts = name.getName();
        if (parts.length == 0) {
            throw new IllegalArgumentException("empty name");
        }
        String table = parts[parts.length - 1];
        return parts.length >= 2 ? QualifiedName.of(parts[parts.length - 2], table) : QualifiedName.of(QualifiedName.DEFAULT_SCHEMA, table);
    }
}

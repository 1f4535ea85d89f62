package dev.hasuraperms.jdbc;

/**
 * The catalog queries of {@link CatalogReader}: one per kind of object, each set-based (its cost does not grow with a
 * query per table). Every catalog object is qualified with {@code pg_catalog}, so the caller's {@code search_path}
 * does not matter. Requires PostgreSQL 12 or later ({@code attgenerated}, {@code prokind}).
 */
final class CatalogQueries {

    private CatalogQueries() {
    }

    /**
     * Which schemas are read, for a {@code pg_namespace} aliased {@code n}: never PostgreSQL's own ({@code pg_catalog},
     * {@code pg_toast}, the {@code pg_temp_N} and {@code pg_toast_temp_N} schemas of temporary objects: users cannot
     * create schemas whose names start with {@code pg_}), nor {@code information_schema}, nor Hasura's
     * {@code hdb_catalog}. (A regular expression rather than {@code LIKE 'pg\_%'}: it needs no backslash, so it
     * means the same whatever {@code standard_conforming_strings} is.)
     */
    private static final String SCHEMA_FILTER = """
            n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'hdb_catalog')""";

    /** Further restricts {@link #SCHEMA_FILTER} to the schemas of a text-array parameter. */
    private static final String SCHEMA_PARAMETER = " AND n.nspname::pg_catalog.text = ANY (?::pg_catalog.text[])";

    /** The relation kinds read (ordinary, view, materialized view, foreign, partitioned). */
    private static final String RELATION_KINDS = "c.relkind IN ('r', 'v', 'm', 'f', 'p')";

    /** Excludes objects of {@code pg_class} aliased {@code c} that belong to an extension. */
    private static final String NOT_EXTENSION_RELATION = """
            NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                          AND d.deptype = 'e')""";

    /** Every type. Columns: oid, schema, name, typtype, typcategory, typelem, typbasetype, typnotnull, typtypmod. */
    static final String TYPES = """
            SELECT t.oid, n.nspname, t.typname, t.typtype, t.typcategory, t.typelem, t.typbasetype, t.typnotnull,
                   t.typtypmod
            FROM pg_catalog.pg_type t
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace""";

    /** Every enum label, in sort order. Columns: enum type oid, label. */
    static final String ENUM_LABELS = """
            SELECT e.enumtypid, e.enumlabel
            FROM pg_catalog.pg_enum e
            ORDER BY e.enumtypid, e.enumsortorder""";

    /**
     * The relations with their columns (one row per column, in {@code attnum} order; one row with a NULL column for
     * a relation without columns). Columns: relation oid, schema, name, relkind, column name, type oid, atttypmod,
     * attnotnull, has a default (a default expression, identity or generated), and the writes PostgreSQL allows on
     * the relation ({@code pg_relation_is_updatable} with triggers counted: a bit mask of 1 &lt;&lt; CMD_UPDATE (4),
     * CMD_INSERT (8) and CMD_DELETE (16)).
     */
    static String relations(boolean restricted) {
        return """
                SELECT c.oid, n.nspname, c.relname, c.relkind,
                       a.attname, a.atttypid, a.atttypmod, a.attnotnull,
                       (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS has_default,
                       pg_catalog.pg_relation_is_updatable(c.oid::pg_catalog.regclass, true) AS updatable
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE %s AND %s%s AND %s
                ORDER BY c.oid, a.attnum""".formatted(RELATION_KINDS, SCHEMA_FILTER,
                restricted ? SCHEMA_PARAMETER : "", NOT_EXTENSION_RELATION);
    }

    /**
     * Primary keys, UNIQUE constraints and foreign keys of the relations, with their column names in constraint
     * order ({@code conkey} / {@code confkey} order, pair by pair for foreign keys). Columns: relation oid, name,
     * contype, referenced schema, referenced relation, columns (text[]), referenced columns (text[], NULL unless a
     * foreign key).
     *
     * <p>A foreign key that references a partitioned table is stored as one constraint plus one hidden constraint
     * per partition of the referenced table, on the same referencing table and with {@code conparentid} pointing to
     * the first; the hidden ones are left out. (A partition's own copy of its parent's foreign key is on another
     * relation and is kept: the partition has that key.)
     */
    static String constraints(boolean restricted) {
        return """
                SELECT con.conrelid, con.conname, con.contype, fn.nspname, fc.relname,
                       pg_catalog.array_agg(a.attname::pg_catalog.text ORDER BY k.ord) AS columns,
                       pg_catalog.array_agg(fa.attname::pg_catalog.text ORDER BY k.ord)
                           FILTER (WHERE con.contype = 'f') AS referenced_columns
                FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(con.conkey), pg_catalog.unnest(con.confkey))
                    WITH ORDINALITY AS k(attnum, referenced_attnum, ord)
                JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                LEFT JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.referenced_attnum
                LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
                LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
                WHERE con.contype IN ('p', 'u', 'f') AND %s AND %s%s
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint parent
                                  WHERE con.contype = 'f' AND parent.oid = con.conparentid
                                    AND parent.conrelid = con.conrelid)
                GROUP BY con.oid, con.conrelid, con.conname, con.contype, fn.nspname, fc.relname
                ORDER BY con.conrelid, con.conname""".formatted(RELATION_KINDS, SCHEMA_FILTER,
                restricted ? SCHEMA_PARAMETER : "");
    }

    /**
     * Normal functions ({@code prokind 'f'}: no procedures, aggregates or window functions) that do not belong to an
     * extension, one row per declared parameter of any mode (one row with NULL parameter columns for a function
     * without parameters), parameters in declaration order. Columns: function oid, schema, name, return type oid,
     * proretset, pronargdefaults, parameter type oid, mode (NULL when every parameter is IN), name (NULL or empty
     * when unnamed), provolatile ({@code i}, {@code s} or {@code v}).
     */
    static String functions(boolean restricted) {
        return """
                SELECT p.oid, n.nspname, p.proname, p.prorettype, p.proretset, p.pronargdefaults,
                       a.type, a.mode, a.name, p.provolatile
                FROM pg_catalog.pg_proc p
                JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                LEFT JOIN LATERAL ROWS FROM (
                        pg_catalog.unnest(coalesce(p.proallargtypes, p.proargtypes::pg_catalog.oid[])),
                        pg_catalog.unnest(p.proargmodes),
                        pg_catalog.unnest(p.proargnames)) WITH ORDINALITY AS a(type, mode, name, ord) ON true
                WHERE p.prokind = 'f' AND %s%s
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                  WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid
                                    AND d.deptype = 'e')
                ORDER BY p.oid, a.ord""".formatted(SCHEMA_FILTER, restricted ? SCHEMA_PARAMETER : "");
    }
}

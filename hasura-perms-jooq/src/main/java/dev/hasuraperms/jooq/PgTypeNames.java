package dev.hasuraperms.jooq;

import java.util.Map;
import java.util.Set;

/** Names of PostgreSQL's built-in types and of the types that common extensions add. */
final class PgTypeNames {

    private PgTypeNames() {
    }

    /**
     * The internal names ({@code pg_type.typname}) of the types in {@code pg_catalog} that a column, argument or result
     * can have (base, pseudo, range and multirange types of PostgreSQL 12 to 18; array types are {@code _name}).
     */
    static final Set<String> BUILTIN = Set.of(
            "bool", "bytea", "char", "name", "int8", "int2", "int2vector", "int4", "regproc", "text", "oid", "tid",
            "xid", "cid", "oidvector", "json", "xml", "pg_node_tree", "pg_ndistinct", "pg_dependencies",
            "pg_mcv_list", "pg_ddl_command", "pg_snapshot", "xid8", "point", "lseg", "path", "box", "polygon", "line",
            "float4", "float8", "unknown", "circle", "money", "macaddr", "inet", "cidr", "macaddr8", "aclitem",
            "bpchar", "varchar", "date", "time", "timestamp", "timestamptz", "interval", "timetz", "bit", "varbit",
            "numeric", "refcursor", "regprocedure", "regoper", "regoperator", "regclass", "regcollation", "regtype",
            "regrole", "regnamespace", "regconfig", "regdictionary", "uuid", "pg_lsn", "tsvector", "gtsvector",
            "tsquery", "jsonb", "jsonpath", "txid_snapshot", "int4range", "numrange", "tsrange", "tstzrange",
            "daterange", "int8range", "int4multirange", "nummultirange", "tsmultirange", "tstzmultirange",
            "datemultirange", "int8multirange", "record", "cstring", "any", "anyarray", "void", "trigger",
            "event_trigger", "language_handler", "internal", "anyelement", "anynonarray", "anyenum", "fdw_handler",
            "index_am_handler", "tsm_handler", "table_am_handler", "anyrange", "anycompatible", "anycompatiblearray",
            "anycompatiblenonarray", "anycompatiblerange", "anymultirange", "anycompatiblemultirange",
            "pg_brin_bloom_summary", "pg_brin_minmax_multi_summary");

    /** Types of well-known extensions, by type name: the extension that creates them. */
    static final Map<String, String> EXTENSION_TYPES = Map.ofEntries(
            Map.entry("citext", "citext"),
            Map.entry("ltree", "ltree"), Map.entry("lquery", "ltree"), Map.entry("ltxtquery", "ltree"),
            Map.entry("hstore", "hstore"),
            Map.entry("geometry", "postgis"), Map.entry("geography", "postgis"), Map.entry("box2d", "postgis"),
            Map.entry("box3d", "postgis"), Map.entry("raster", "postgis_raster"),
            Map.entry("vector", "vector"), Map.entry("halfvec", "vector"), Map.entry("sparsevec", "vector"),
            Map.entry("cube", "cube"), Map.entry("seg", "seg"),
            Map.entry("isbn", "isn"), Map.entry("isbn13", "isn"), Map.entry("ismn", "isn"), Map.entry("ismn13", "isn"),
            Map.entry("issn", "isn"), Map.entry("issn13", "isn"), Map.entry("ean13", "isn"), Map.entry("upc", "isn"),
            Map.entry("lo", "lo"));
}

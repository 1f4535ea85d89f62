package dev.hasuraperms.boolexp;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every column operator of Hasura's permission grammar (reference §4.3). Each is also accepted with a {@code $}
 * instead of the leading {@code _}. The parser accepts all of them; the type checker decides which a column type
 * allows (PostGIS operators on geometry/geography, raster operators only in a caller's {@code where}; see
 * docs/semantics.md, "PostGIS").
 */
public enum Operator {
    /** Equal to the value ({@code =}). */
    EQ("_eq", Category.EQUALITY, OperandKind.VALUE),
    /** Not equal to the value ({@code <>}); also spelled {@code _ne}. */
    NEQ("_neq", Category.EQUALITY, OperandKind.VALUE, "_ne"),
    /** Greater than the value ({@code >}). */
    GT("_gt", Category.ORDERING, OperandKind.VALUE),
    /** Less than the value ({@code <}). */
    LT("_lt", Category.ORDERING, OperandKind.VALUE),
    /** Greater than or equal to the value ({@code >=}). */
    GTE("_gte", Category.ORDERING, OperandKind.VALUE),
    /** Less than or equal to the value ({@code <=}). */
    LTE("_lte", Category.ORDERING, OperandKind.VALUE),
    /** Equal to one of the listed values ({@code = ANY}). */
    IN("_in", Category.MEMBERSHIP, OperandKind.LIST),
    /** Equal to none of the listed values ({@code <> ALL}). */
    NIN("_nin", Category.MEMBERSHIP, OperandKind.LIST),
    /** {@code IS NULL} when the value is {@code true}, {@code IS NOT NULL} when it is {@code false}. */
    IS_NULL("_is_null", Category.NULLNESS, OperandKind.BOOLEAN),

    /** Matches a {@code LIKE} pattern (case-sensitive). */
    LIKE("_like", Category.TEXT, OperandKind.VALUE),
    /** Does not match a {@code LIKE} pattern ({@code NOT LIKE}). */
    NLIKE("_nlike", Category.TEXT, OperandKind.VALUE),
    /** Matches a {@code LIKE} pattern ignoring case ({@code ILIKE}). */
    ILIKE("_ilike", Category.TEXT, OperandKind.VALUE),
    /** Does not match a {@code LIKE} pattern ignoring case ({@code NOT ILIKE}). */
    NILIKE("_nilike", Category.TEXT, OperandKind.VALUE),
    /** Matches an SQL regular expression ({@code SIMILAR TO}). */
    SIMILAR("_similar", Category.TEXT, OperandKind.VALUE),
    /** Does not match an SQL regular expression ({@code NOT SIMILAR TO}). */
    NSIMILAR("_nsimilar", Category.TEXT, OperandKind.VALUE),
    /** Matches a POSIX regular expression, case-sensitive ({@code ~}). */
    REGEX("_regex", Category.TEXT, OperandKind.VALUE),
    /** Does not match a POSIX regular expression, case-sensitive ({@code !~}). */
    NREGEX("_nregex", Category.TEXT, OperandKind.VALUE),
    /** Matches a POSIX regular expression ignoring case ({@code ~*}). */
    IREGEX("_iregex", Category.TEXT, OperandKind.VALUE),
    /** Does not match a POSIX regular expression ignoring case ({@code !~*}). */
    NIREGEX("_niregex", Category.TEXT, OperandKind.VALUE),

    /** The jsonb value (or array) contains the given one ({@code @>}). */
    CONTAINS("_contains", Category.CONTAINMENT, OperandKind.VALUE),
    /** The jsonb value (or array) is contained in the given one ({@code <@}). */
    CONTAINED_IN("_contained_in", Category.CONTAINMENT, OperandKind.VALUE),
    /** The jsonb object has the given top-level key ({@code ?}). */
    HAS_KEY("_has_key", Category.JSONB_KEYS, OperandKind.VALUE),
    /** The jsonb object has any of the given top-level keys ({@code ?|}). */
    HAS_KEYS_ANY("_has_keys_any", Category.JSONB_KEYS, OperandKind.LIST),
    /** The jsonb object has all of the given top-level keys ({@code ?&}). */
    HAS_KEYS_ALL("_has_keys_all", Category.JSONB_KEYS, OperandKind.LIST),

    /** The ltree is an ancestor of (or equal to) the given path ({@code @>}). */
    ANCESTOR("_ancestor", Category.LTREE, OperandKind.VALUE),
    /** The ltree is an ancestor of (or equal to) any of the given paths. */
    ANCESTOR_ANY("_ancestor_any", Category.LTREE, OperandKind.LIST),
    /** The ltree is a descendant of (or equal to) the given path ({@code <@}). */
    DESCENDANT("_descendant", Category.LTREE, OperandKind.VALUE),
    /** The ltree is a descendant of (or equal to) any of the given paths. */
    DESCENDANT_ANY("_descendant_any", Category.LTREE, OperandKind.LIST),
    /** The ltree matches the given lquery ({@code ~}). */
    MATCHES("_matches", Category.LTREE, OperandKind.VALUE),
    /** The ltree matches any of the given lqueries ({@code ?}). */
    MATCHES_ANY("_matches_any", Category.LTREE, OperandKind.LIST),
    /** The ltree matches the given ltxtquery ({@code @}). */
    MATCHES_FULLTEXT("_matches_fulltext", Category.LTREE, OperandKind.VALUE),

    /** PostGIS {@code ST_Contains(column, value)}. */
    ST_CONTAINS("_st_contains", Category.POSTGIS, OperandKind.VALUE),
    /** PostGIS {@code ST_Crosses(column, value)}. */
    ST_CROSSES("_st_crosses", Category.POSTGIS, OperandKind.VALUE),
    /** PostGIS {@code ST_Equals(column, value)}. */
    ST_EQUALS("_st_equals", Category.POSTGIS, OperandKind.VALUE),
    /** PostGIS {@code ST_Overlaps(column, value)}. */
    ST_OVERLAPS("_st_overlaps", Category.POSTGIS, OperandKind.VALUE),
    /** PostGIS {@code ST_Touches(column, value)}. */
    ST_TOUCHES("_st_touches", Category.POSTGIS, OperandKind.VALUE),
    /** PostGIS {@code ST_Within(column, value)}. */
    ST_WITHIN("_st_within", Category.POSTGIS, OperandKind.VALUE),
    /** PostGIS {@code ST_Intersects(column, value)}. */
    ST_INTERSECTS("_st_intersects", Category.POSTGIS, OperandKind.VALUE),
    /** PostGIS {@code ST_3DIntersects(column, value)}. */
    ST_3D_INTERSECTS("_st_3d_intersects", Category.POSTGIS, OperandKind.VALUE),
    /** PostGIS {@code ST_DWithin(column, from, distance)} (geography: with {@code use_spheroid}). */
    ST_D_WITHIN("_st_d_within", Category.POSTGIS, OperandKind.DISTANCE),
    /** PostGIS {@code ST_3DDWithin(column, from, distance)}. */
    ST_3D_D_WITHIN("_st_3d_d_within", Category.POSTGIS, OperandKind.DISTANCE),
    /** PostGIS raster {@code ST_Intersects(column, raster)}; only in a caller's {@code where}. */
    ST_INTERSECTS_RAST("_st_intersects_rast", Category.RASTER, OperandKind.VALUE),
    /** PostGIS raster {@code ST_Intersects(column, geommin, nband)}; only in a caller's {@code where}. */
    ST_INTERSECTS_GEOM_NBAND("_st_intersects_geom_nband", Category.RASTER, OperandKind.RASTER_BAND),
    /** PostGIS raster {@code ST_Intersects(column, nband, geommin)}; only in a caller's {@code where}. */
    ST_INTERSECTS_NBAND_GEOM("_st_intersects_nband_geom", Category.RASTER, OperandKind.RASTER_BAND),

    /** Casts the column to another type and applies column conditions to the result. */
    CAST("_cast", Category.CAST, OperandKind.CAST),

    /** Equal to another column of the same row ({@code =}). */
    CEQ("_ceq", Category.COLUMN_COMPARISON, OperandKind.COLUMN),
    /** Not equal to another column of the same row; also spelled {@code _cneq}. */
    CNE("_cne", Category.COLUMN_COMPARISON, OperandKind.COLUMN, "_cneq"),
    /** Greater than another column of the same row. */
    CGT("_cgt", Category.COLUMN_COMPARISON, OperandKind.COLUMN),
    /** Less than another column of the same row. */
    CLT("_clt", Category.COLUMN_COMPARISON, OperandKind.COLUMN),
    /** Greater than or equal to another column of the same row. */
    CGTE("_cgte", Category.COLUMN_COMPARISON, OperandKind.COLUMN),
    /** Less than or equal to another column of the same row. */
    CLTE("_clte", Category.COLUMN_COMPARISON, OperandKind.COLUMN);

    /** What kind of column an operator applies to. */
    public enum Category {
        /** {@code _eq}, {@code _neq}: any type with equality. */
        EQUALITY,
        /** {@code _gt}, {@code _lt}, {@code _gte}, {@code _lte}: ordered types. */
        ORDERING,
        /** {@code _in}, {@code _nin}. */
        MEMBERSHIP,
        /** {@code _is_null}: every type. */
        NULLNESS,
        /** Pattern and regular-expression matching: string types. */
        TEXT,
        /** {@code _contains}, {@code _contained_in}: jsonb (and arrays). */
        CONTAINMENT,
        /** {@code _has_key}, {@code _has_keys_any}, {@code _has_keys_all}: jsonb. */
        JSONB_KEYS,
        /** Path operators of the ltree extension. */
        LTREE,
        /** Spatial predicates on geometry and geography. */
        POSTGIS,
        /** Spatial predicates on raster (caller filters only). */
        RASTER,
        /** {@code _cast}: conditions on the column cast to another type. */
        CAST,
        /** {@code _ceq} ... {@code _clte}: comparisons with another column. */
        COLUMN_COMPARISON
    }

    /** The JSON shape an operator's value takes. */
    public enum OperandKind {
        /** One value of the column's type (a literal, possibly JSON for jsonb), or a session variable. */
        VALUE,
        /** A JSON array of values, or a session variable holding a PostgreSQL array literal. */
        LIST,
        /** A JSON boolean. */
        BOOLEAN,
        /** A column reference: {@code "col"}, {@code ["col"]} or {@code ["$", "col"]}. */
        COLUMN,
        /** {@code {"<type>": {column conditions}}}. */
        CAST,
        /** {@code {"distance": n, "from": geojson, "use_spheroid": bool}}. */
        DISTANCE,
        /** {@code {"geommin": geojson, "nband": n}}. */
        RASTER_BAND
    }

    private static final Map<String, Operator> BY_KEY;

    static {
        Map<String, Operator> m = new HashMap<>();
        for (Operator op : values()) {
            for (String k : op.keys) {
                m.put(k, op);
                m.put("$" + k.substring(1), op);
            }
        }
        BY_KEY = Collections.unmodifiableMap(m);
    }

    private final String key;
    private final List<String> keys;
    private final Category category;
    private final OperandKind operandKind;

    Operator(String key, Category category, OperandKind operandKind, String... aliases) {
        this.key = key;
        this.category = category;
        this.operandKind = operandKind;
        java.util.ArrayList<String> ks = new java.util.ArrayList<>();
        ks.add(key);
        ks.addAll(List.of(aliases));
        this.keys = List.copyOf(ks);
    }

    /** {@return the canonical JSON key, e.g. {@code _eq}} */
    public String key() {
        return key;
    }

    /** {@return every accepted spelling with a leading underscore (the {@code $} forms are accepted too)} */
    public List<String> keys() {
        return keys;
    }

    /** {@return what kind of column this operator is for} */
    public Category category() {
        return category;
    }

    /** {@return the shape of this operator's value} */
    public OperandKind operandKind() {
        return operandKind;
    }

    /**
     * {@return the operator spelled {@code key} ({@code _eq}, {@code $eq}, {@code _ne}, ...)}
     *
     * @param key the JSON key; never null
     */
    public static Optional<Operator> fromKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /**
     * {@return whether {@code key} spells an operator}
     *
     * @param key the JSON key; never null
     */
    public static boolean isOperatorKey(String key) {
        return BY_KEY.containsKey(key);
    }
}

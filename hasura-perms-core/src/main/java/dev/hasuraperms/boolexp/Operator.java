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
    EQ("_eq", Category.EQUALITY, OperandKind.VALUE),
    NEQ("_neq", Category.EQUALITY, OperandKind.VALUE, "_ne"),
    GT("_gt", Category.ORDERING, OperandKind.VALUE),
    LT("_lt", Category.ORDERING, OperandKind.VALUE),
    GTE("_gte", Category.ORDERING, OperandKind.VALUE),
    LTE("_lte", Category.ORDERING, OperandKind.VALUE),
    IN("_in", Category.MEMBERSHIP, OperandKind.LIST),
    NIN("_nin", Category.MEMBERSHIP, OperandKind.LIST),
    IS_NULL("_is_null", Category.NULLNESS, OperandKind.BOOLEAN),

    LIKE("_like", Category.TEXT, OperandKind.VALUE),
    NLIKE("_nlike", Category.TEXT, OperandKind.VALUE),
    ILIKE("_ilike", Category.TEXT, OperandKind.VALUE),
    NILIKE("_nilike", Category.TEXT, OperandKind.VALUE),
    SIMILAR("_similar", Category.TEXT, OperandKind.VALUE),
    NSIMILAR("_nsimilar", Category.TEXT, OperandKind.VALUE),
    REGEX("_regex", Category.TEXT, OperandKind.VALUE),
    NREGEX("_nregex", Category.TEXT, OperandKind.VALUE),
    IREGEX("_iregex", Category.TEXT, OperandKind.VALUE),
    NIREGEX("_niregex", Category.TEXT, OperandKind.VALUE),

    CONTAINS("_contains", Category.CONTAINMENT, OperandKind.VALUE),
    CONTAINED_IN("_contained_in", Category.CONTAINMENT, OperandKind.VALUE),
    HAS_KEY("_has_key", Category.JSONB_KEYS, OperandKind.VALUE),
    HAS_KEYS_ANY("_has_keys_any", Category.JSONB_KEYS, OperandKind.LIST),
    HAS_KEYS_ALL("_has_keys_all", Category.JSONB_KEYS, OperandKind.LIST),

    ANCESTOR("_ancestor", Category.LTREE, OperandKind.VALUE),
    ANCESTOR_ANY("_ancestor_any", Category.LTREE, OperandKind.LIST),
    DESCENDANT("_descendant", Category.LTREE, OperandKind.VALUE),
    DESCENDANT_ANY("_descendant_any", Category.LTREE, OperandKind.LIST),
    MATCHES("_matches", Category.LTREE, OperandKind.VALUE),
    MATCHES_ANY("_matches_any", Category.LTREE, OperandKind.LIST),
    MATCHES_FULLTEXT("_matches_fulltext", Category.LTREE, OperandKind.VALUE),

    ST_CONTAINS("_st_contains", Category.POSTGIS, OperandKind.VALUE),
    ST_CROSSES("_st_crosses", Category.POSTGIS, OperandKind.VALUE),
    ST_EQUALS("_st_equals", Category.POSTGIS, OperandKind.VALUE),
    ST_OVERLAPS("_st_overlaps", Category.POSTGIS, OperandKind.VALUE),
    ST_TOUCHES("_st_touches", Category.POSTGIS, OperandKind.VALUE),
    ST_WITHIN("_st_within", Category.POSTGIS, OperandKind.VALUE),
    ST_INTERSECTS("_st_intersects", Category.POSTGIS, OperandKind.VALUE),
    ST_3D_INTERSECTS("_st_3d_intersects", Category.POSTGIS, OperandKind.VALUE),
    ST_D_WITHIN("_st_d_within", Category.POSTGIS, OperandKind.DISTANCE),
    ST_3D_D_WITHIN("_st_3d_d_within", Category.POSTGIS, OperandKind.DISTANCE),
    ST_INTERSECTS_RAST("_st_intersects_rast", Category.RASTER, OperandKind.VALUE),
    ST_INTERSECTS_GEOM_NBAND("_st_intersects_geom_nband", Category.RASTER, OperandKind.RASTER_BAND),
    ST_INTERSECTS_NBAND_GEOM("_st_intersects_nband_geom", Category.RASTER, OperandKind.RASTER_BAND),

    CAST("_cast", Category.CAST, OperandKind.CAST),

    CEQ("_ceq", Category.COLUMN_COMPARISON, OperandKind.COLUMN),
    CNE("_cne", Category.COLUMN_COMPARISON, OperandKind.COLUMN, "_cneq"),
    CGT("_cgt", Category.COLUMN_COMPARISON, OperandKind.COLUMN),
    CLT("_clt", Category.COLUMN_COMPARISON, OperandKind.COLUMN),
    CGTE("_cgte", Category.COLUMN_COMPARISON, OperandKind.COLUMN),
    CLTE("_clte", Category.COLUMN_COMPARISON, OperandKind.COLUMN);

    /** What kind of column an operator applies to. */
    public enum Category {
        EQUALITY, ORDERING, MEMBERSHIP, NULLNESS, TEXT, CONTAINMENT, JSONB_KEYS, LTREE, POSTGIS, RASTER, CAST,
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

    /** {@return the operator spelled {@code key} ({@code _eq}, {@code $eq}, {@code _ne}, ...)} */
    public static Optional<Operator> fromKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** {@return whether {@code key} spells an operator} */
    public static boolean isOperatorKey(String key) {
        return BY_KEY.containsKey(key);
    }
}

package dev.hasuraperms.types;

/** How the type checker and evaluator treat a PostgreSQL type. */
public enum TypeCategory {
    /** int2, int4, int8. */
    INTEGER,
    /** numeric. */
    NUMERIC,
    /** float4, float8. */
    FLOAT,
    /** bool. */
    BOOLEAN,
    /** text, varchar, bpchar (char), name, citext. */
    STRING,
    /** uuid. */
    UUID,
    /** date. */
    DATE,
    /** time without time zone. */
    TIME,
    /** time with time zone. */
    TIMETZ,
    /** timestamp without time zone. */
    TIMESTAMP,
    /** timestamp with time zone. */
    TIMESTAMPTZ,
    /** interval. */
    INTERVAL,
    /** json: cannot appear in boolean expressions. */
    JSON,
    /** jsonb. */
    JSONB,
    /** ltree (extension). */
    LTREE,
    /** lquery (extension). */
    LQUERY,
    /** ltxtquery (extension). */
    LTXTQUERY,
    /** PostGIS geometry. */
    GEOMETRY,
    /** PostGIS geography. */
    GEOGRAPHY,
    /** PostGIS raster. */
    RASTER,
    /** A user-defined enum. */
    ENUM,
    /** An array of another type. */
    ARRAY,
    /** A row type (of a table or a composite type). */
    COMPOSITE,
    /** bytea. */
    BYTEA,
    /** Anything else (inet, money, tsvector, ...): compared by PostgreSQL, not typed here. */
    OTHER;

    /** {@return whether values of this category are ordered and support {@code _gt}/{@code _lt}} */
    public boolean isOrdered() {
        return this != JSON && this != GEOMETRY && this != GEOGRAPHY && this != RASTER && this != COMPOSITE
                && this != LQUERY && this != LTXTQUERY;
    }

    /** {@return whether this is a number} */
    public boolean isNumeric() {
        return this == INTEGER || this == NUMERIC || this == FLOAT;
    }
}

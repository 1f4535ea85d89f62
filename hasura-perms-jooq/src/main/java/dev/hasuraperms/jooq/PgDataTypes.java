package dev.hasuraperms.jooq;

import dev.hasuraperms.types.PgType;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;

/**
 * The jOOQ data type a column of a PostgreSQL type is read as, when the caller gives no field for it (there are no
 * generated classes): the usual jOOQ types for PostgreSQL's built-in scalar types and their arrays, strings for enums
 * and citext, {@link SQLDataType#OTHER} (the driver's value) for the rest.
 */
final class PgDataTypes {

    private PgDataTypes() {
    }

    static DataType<?> of(PgType type) {
        if (type instanceof PgType.Array a) {
            DataType<?> element = scalar(a.element());
            return element == null ? SQLDataType.OTHER : element.getArrayDataType();
        }
        DataType<?> d = scalar(type);
        return d == null ? SQLDataType.OTHER : d;
    }

    private static DataType<?> scalar(PgType type) {
        if (type instanceof PgType.Enum) {
            return SQLDataType.VARCHAR;
        }
        if (!(type instanceof PgType.Base b)) {
            return null;
        }
        if (!b.name().schema().equals(PgType.PG_CATALOG)) {
            return b.name().name().equals("citext") ? SQLDataType.VARCHAR : null;
        }
        return switch (b.name().name()) {
            case "int2" -> SQLDataType.SMALLINT;
            case "int4" -> SQLDataType.INTEGER;
            case "int8" -> SQLDataType.BIGINT;
            case "numeric" -> SQLDataType.NUMERIC;
            case "float4" -> SQLDataType.REAL;
            case "float8" -> SQLDataType.DOUBLE;
            case "bool" -> SQLDataType.BOOLEAN;
            case "text", "varchar", "bpchar", "name" -> SQLDataType.VARCHAR;
            case "uuid" -> SQLDataType.UUID;
            case "date" -> SQLDataType.LOCALDATE;
            case "time" -> SQLDataType.LOCALTIME;
            case "timetz" -> SQLDataType.OFFSETTIME;
            case "timestamp" -> SQLDataType.LOCALDATETIME;
            case "timestamptz" -> SQLDataType.OFFSETDATETIME;
            case "json" -> SQLDataType.JSON;
            case "jsonb" -> SQLDataType.JSONB;
            case "bytea" -> SQLDataType.BLOB;
            default -> null;
        };
    }
}

package dev.hasuraperms.enforce;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.TypeCategory;
import dev.hasuraperms.types.ValueParseException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the values a caller gives for columns in a write as the columns' types, by PostgreSQL's input rules, before
 * any SQL runs. The result is the canonical Java value {@link PgValues} produces for the type (or
 * {@link SqlNull#INSTANCE}), which the backends bind with a cast to the column's type.
 *
 * <p>Accepted: {@code null}; a {@link String} (parsed as PostgreSQL parses input for the type: {@code "42"} for an
 * integer, {@code "{1,2}"} for an array); a {@link JsonValue} (read as Hasura reads JSON literals); the Java value
 * types of {@link PgValues} and their obvious relatives (any integral or decimal number for numeric types,
 * {@code java.time} and {@code java.sql} dates and times, {@code UUID}); a {@link List} or Java array for an array
 * column; a {@link Map}, {@link List}, number, boolean or string for a json or jsonb column (as its JSON).
 */
public final class ColumnValues {

    private ColumnValues() {
    }

    /**
     * {@code value} read as {@code column}'s type.
     *
     * @param table the table, for the message; never null
     * @param column the column; never null
     * @param value the value given (see the class comment for the Java types accepted); never null
     * @return the value as the Java type of the column's PostgreSQL type ({@link dev.hasuraperms.types.PgValues}),
     *     never null
     * @throws InvalidColumnValueException when it is not valid input for the type
     */
    public static Object read(QualifiedName table, Column column, Object value) {
        try {
            return read(column.type(), value);
        } catch (ValueParseException e) {
            throw new InvalidColumnValueException(table, column.name(), column.type(), value, e.getMessage());
        }
    }

    static Object read(PgType type, Object value) {
        if (value == null || value == SqlNull.INSTANCE) {
            return SqlNull.INSTANCE;
        }
        if (value instanceof JsonValue j) {
            return PgValues.fromJson(type, j);
        }
        TypeCategory category = type.category();
        if ((category == TypeCategory.JSON || category == TypeCategory.JSONB) && !(value instanceof String)) {
            return PgValues.fromJson(type, json(value));
        }
        if (type instanceof PgType.Array a && !(value instanceof String)) {
            List<Object> elements = new ArrayList<>();
            if (value instanceof List<?> l) {
                for (Object e : l) {
                    elements.add(read(a.element(), e));
                }
            } else if (value instanceof Object[] arr) {
                for (Object e : arr) {
                    elements.add(read(a.element(), e));
                }
            } else {
                throw new ValueParseException("an array column takes a List, a Java array or an array literal");
            }
            return elements;
        }
        return PgValues.parseText(type, text(value));
    }

    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal b) {
            // Checked first: toPlainString of 1E+100000000 would build 100 million digits.
            return PgValues.numericInRange(b).toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof java.util.UUID || v instanceof Character) {
            return v.toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (v instanceof java.time.temporal.TemporalAccessor) {
            return v.toString();
        }
        if (v instanceof dev.hasuraperms.types.PgInterval i) {
            return i.toIso();
        }
        throw new ValueParseException("a " + v.getClass().getName() + " cannot be read as a column value");
    }

    /** A Java value as JSON: maps, lists, arrays, numbers, booleans, strings and null. */
    static JsonValue json(Object v) {
        if (v == null || v == SqlNull.INSTANCE) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonValue j) {
            return j;
        }
        if (v instanceof String s) {
            return JsonString.of(s);
        }
        if (v instanceof Boolean b) {
            return JsonBoolean.of(b);
        }
        if (v instanceof BigDecimal b) {
            return JsonNumber.of(b);
        }
        if (v instanceof BigInteger || v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return JsonNumber.of(new BigDecimal(v.toString()));
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ValueParseException(d + " has no JSON form");
            }
            return JsonNumber.of(BigDecimal.valueOf(d));
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, JsonValue> members = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new ValueParseException("a JSON object needs string keys, found " + e.getKey());
                }
                members.put(k, json(e.getValue()));
            }
            return JsonObject.of(members);
        }
        if (v instanceof List<?> l) {
            List<JsonValue> elements = new ArrayList<>();
            for (Object e : l) {
                elements.add(json(e));
            }
            return JsonArray.of(elements);
        }
        if (v instanceof Object[] a) {
            return json(java.util.Arrays.asList(a));
        }
        throw new ValueParseException("a " + v.getClass().getName() + " has no JSON form");
    }
}

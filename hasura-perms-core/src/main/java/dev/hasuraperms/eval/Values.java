package dev.hasuraperms.eval;

import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgInterval;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.TypeCategory;
import dev.hasuraperms.types.ValueParseException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Normalising input values to the canonical Java types of {@link PgValues}, comparing them as PostgreSQL does (C
 * collation) and printing them for explanations.
 *
 * <p>One deviation from {@link PgValues}: bytea values are kept as their PostgreSQL hex output ({@code \x0aff},
 * lower-case), whose string order is PostgreSQL's byte order.
 */
final class Values {

    private Values() {
    }

    // ============================================================================================ normalising

    /**
     * {@code v} as the canonical Java value for {@code type} ({@link SqlNull#INSTANCE} for NULL).
     *
     * @param what what the value is, for messages ({@code column user_id})
     */
    static Object normalise(Object v, PgType type, String what) {
        if (v == null || v == SqlNull.INSTANCE) {
            return SqlNull.INSTANCE;
        }
        try {
            return normaliseNonNull(v, type, what);
        } catch (ValueParseException e) {
            throw EvaluationException.invalidValue("cannot read " + what + " as " + type.displayName() + ": " + e.getMessage(), e);
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
            throw EvaluationException.invalidValue("cannot read " + what + " as " + type.displayName() + ": "
                    + abbreviate(String.valueOf(v)) + " (" + e.getMessage() + ")", e);
        }
    }

    private static Object normaliseNonNull(Object v, PgType type, String what) {
        switch (type.category()) {
            case INTEGER:
                return integer(v, internalName(type), type, what);
            case NUMERIC:
                return numeric(v, type, what);
            case FLOAT:
                return floating(v, "float4".equals(internalName(type)), type, what);
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                return PgValues.parseText(type, text(v));
            case STRING:
                if (v instanceof String) {
                    return v;
                }
                if (v instanceof Character || v instanceof CharSequence) {
                    return v.toString();
                }
                return text(v);
            case UUID:
                if (v instanceof UUID) {
                    return v;
                }
                return PgValues.parseText(type, text(v));
            case DATE:
                if (v instanceof LocalDate) {
                    return v;
                }
                if (v instanceof java.sql.Date d) {
                    return d.toLocalDate();
                }
                return PgValues.parseText(type, textNotTime(v, type, what));
            case TIME:
                if (v instanceof LocalTime) {
                    return v;
                }
                if (v instanceof java.sql.Time t) {
                    return sqlTime(t);
                }
                return PgValues.parseText(type, textNotTime(v, type, what));
            case TIMETZ:
                if (v instanceof OffsetTime) {
                    return v;
                }
                return PgValues.parseText(type, textNotTime(v, type, what));
            case TIMESTAMP:
                if (v instanceof LocalDateTime) {
                    return v;
                }
                if (v instanceof java.sql.Timestamp ts) {
                    return ts.toLocalDateTime();
                }
                return PgValues.parseText(type, textNotTime(v, type, what));
            case TIMESTAMPTZ:
                if (v instanceof OffsetDateTime o) {
                    return o.getOffset().equals(ZoneOffset.UTC) ? o : o.withOffsetSameInstant(ZoneOffset.UTC);
                }
                if (v instanceof ZonedDateTime z) {
                    return z.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
                }
                if (v instanceof Instant i) {
                    return i.atOffset(ZoneOffset.UTC);
                }
                if (v instanceof java.sql.Timestamp ts) {
                    return ts.toInstant().atOffset(ZoneOffset.UTC);
                }
                return PgValues.parseText(type, textNotTime(v, type, what));
            case INTERVAL:
                if (v instanceof PgInterval) {
                    return v;
                }
                if (v instanceof Duration d) {
                    return new PgInterval(0, 0, d.getSeconds() * 1_000_000L + d.getNano() / 1000);
                }
                return PgValues.parseText(type, text(v));
            case JSON:
            case JSONB:
            case GEOMETRY:
            case GEOGRAPHY:
                if (v instanceof JsonValue) {
                    return v;
                }
                return PgValues.parseText(type, text(v));
            case ENUM:
            case LTREE:
            case LQUERY:
            case LTXTQUERY:
                return PgValues.parseText(type, text(v));
            case BYTEA:
                if (v instanceof byte[] b) {
                    return Bytea.hex(b);
                }
                return Bytea.canonical(text(v));
            case ARRAY:
                return array(v, (PgType.Array) type, what);
            default:
                return v;
        }
    }

    private static String internalName(PgType type) {
        return ((PgType.Base) type).name().name();
    }

    /** The PostgreSQL text of a value given in some other form (a String, or any object whose toString() is it). */
    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof java.sql.Array || v instanceof Collection || v.getClass().isArray()) {
            throw new ValueParseException("a list is not a single value");
        }
        return String.valueOf(v);
    }

    private static String textNotTime(Object v, PgType type, String what) {
        if (v instanceof java.time.temporal.Temporal || v instanceof java.util.Date) {
            throw new ValueParseException("a " + v.getClass().getSimpleName() + " is not a value of this type");
        }
        return text(v);
    }

    @SuppressWarnings("deprecation")
    private static LocalTime sqlTime(java.sql.Time t) {
        int millis = (int) Math.floorMod(t.getTime(), 1000L);
        return LocalTime.of(t.getHours(), t.getMinutes(), t.getSeconds(), millis * 1_000_000);
    }

    private static Object integer(Object v, String internal, PgType type, String what) {
        BigInteger value;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            switch (internal) {
                case "int2":
                    if (l == (short) l) {
                        return (short) l;
                    }
                    break;
                case "int4":
                    if (l == (int) l) {
                        return (int) l;
                    }
                    break;
                default:
                    return l;
            }
            throw new ValueParseException("value " + l + " is out of range for type " + type.displayName());
        }
        if (v instanceof BigInteger b) {
            value = b;
        } else if (v instanceof BigDecimal d) {
            if (d.signum() != 0 && (long) d.precision() - d.scale() > 19) {
                // out of range of every integer type; refused before toBigIntegerExact expands the digits
                throw new ValueParseException("value " + PgValues.numberText(d) + " is out of range for type "
                        + type.displayName());
            }
            value = d.toBigIntegerExact();
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
                throw new ValueParseException("value " + v + " is not a whole number");
            }
            value = new BigDecimal(d).toBigIntegerExact();
        } else {
            return PgValues.parseText(type, text(v));
        }
        if (value.bitLength() >= 64) {
            throw new ValueParseException("value " + value + " is out of range for type " + type.displayName());
        }
        return integer(value.longValue(), internal, type, what);
    }

    private static Object numeric(Object v, PgType type, String what) {
        if (v instanceof BigDecimal d) {
            return PgValues.numericInRange(d);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return PgValues.numericInRange(new BigDecimal(b));
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d; // numeric's NaN and infinities are kept as the Double ones (see PgValues)
            }
            return v instanceof Float ? new BigDecimal(Float.toString((Float) v)) : BigDecimal.valueOf(d);
        }
        return PgValues.parseText(type, text(v));
    }

    private static Object floating(Object v, boolean float4, PgType type, String what) {
        if (v instanceof Number n && !(v instanceof BigDecimal) && !(v instanceof BigInteger)) {
            return float4 ? (Object) n.floatValue() : (Object) n.doubleValue();
        }
        if (v instanceof BigDecimal || v instanceof BigInteger) {
            double d = ((Number) v).doubleValue();
            return float4 ? (Object) (float) d : (Object) d;
        }
        return PgValues.parseText(type, text(v));
    }

    private static List<Object> array(Object v, PgType.Array type, String what) {
        if (v instanceof String s) {
            return normaliseList(PgValues.parseArrayLiteral(type.element(), s), type, what);
        }
        if (v instanceof java.sql.Array a) {
            Object inner;
            try {
                inner = a.getArray();
            } catch (java.sql.SQLException e) {
                throw EvaluationException.invalidValue("cannot read " + what + " (java.sql.Array): " + e.getMessage(), e);
            }
            return array(inner, type, what);
        }
        List<Object> items;
        if (v instanceof List<?> l) {
            items = new ArrayList<>(l);
        } else if (v instanceof Collection<?> c) {
            items = new ArrayList<>(c);
        } else if (v.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(java.lang.reflect.Array.get(v, i));
            }
        } else {
            return normaliseList(PgValues.parseArrayLiteral(type.element(), text(v)), type, what);
        }
        return normaliseList(items, type, what);
    }

    private static List<Object> normaliseList(List<?> items, PgType.Array type, String what) {
        List<Object> out = null;
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            Object n;
            if (item != null && isNested(item, type.element())) {
                n = array(item, type, what);
            } else {
                n = normalise(item, type.element(), what + " (an element)");
            }
            if (out == null && n != item) {
                out = new ArrayList<>(items.size());
                for (int j = 0; j < i; j++) {
                    out.add(items.get(j));
                }
            }
            if (out != null) {
                out.add(n);
            }
        }
        if (out == null) {
            return items instanceof List<?> && isUnmodifiable(items) ? castList(items) : Collections.unmodifiableList(new ArrayList<>(items));
        }
        return Collections.unmodifiableList(out);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> l) {
        return (List<Object>) l;
    }

    private static final Class<?> UNMODIFIABLE = Collections.unmodifiableList(new ArrayList<>()).getClass();
    private static final Class<?> UNMODIFIABLE_RA = Collections.unmodifiableList(new ArrayList<>(List.of(1))).getClass();
    private static final Class<?> IMMUTABLE_N = List.of(1, 2, 3).getClass();
    private static final Class<?> IMMUTABLE_12 = List.of(1).getClass();

    private static boolean isUnmodifiable(List<?> l) {
        Class<?> c = l.getClass();
        return c == UNMODIFIABLE || c == UNMODIFIABLE_RA || c == IMMUTABLE_N || c == IMMUTABLE_12;
    }

    private static boolean isNested(Object item, PgType element) {
        if (item instanceof List || item instanceof Collection || item instanceof java.sql.Array) {
            return true;
        }
        return item.getClass().isArray() && !(item instanceof byte[] && element.category() == TypeCategory.BYTEA);
    }

    // ============================================================================================ comparing

    /** Whether a type's values can be compared here (equality and order). */
    static boolean comparable(PgType t) {
        switch (t.category()) {
            case INTEGER: case NUMERIC: case FLOAT: case BOOLEAN: case STRING: case UUID: case DATE: case TIME:
            case TIMETZ: case TIMESTAMP: case TIMESTAMPTZ: case INTERVAL: case JSONB: case LTREE: case ENUM:
            case BYTEA:
                return true;
            case ARRAY:
                return comparable(((PgType.Array) t).element());
            default:
                return false;
        }
    }

    /** Whether values of the two types compare with each other here (same family; enums and arrays alike). */
    static boolean compatible(PgType a, PgType b) {
        TypeCategory ca = a.category();
        TypeCategory cb = b.category();
        if (ca.isNumeric() && cb.isNumeric()) {
            return true;
        }
        if (ca != cb) {
            return false;
        }
        if (ca == TypeCategory.ENUM) {
            return a.equals(b);
        }
        if (ca == TypeCategory.ARRAY) {
            return compatible(((PgType.Array) a).element(), ((PgType.Array) b).element());
        }
        return true;
    }

    /**
     * PostgreSQL's comparison of two non-NULL canonical values ({@code a} of type {@code ta}, {@code b} of type
     * {@code tb}; the types are equal or both numeric or both text).
     */
    static int compare(Object a, PgType ta, Object b, PgType tb) {
        TypeCategory ca = ta.category();
        if (ca.isNumeric() && tb.category().isNumeric()) {
            return compareNumbers((Number) a, (Number) b);
        }
        switch (ca) {
            case STRING:
                return compareStrings((String) a, ta, (String) b, tb);
            case BOOLEAN:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case UUID: {
                UUID x = (UUID) a;
                UUID y = (UUID) b;
                int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
                return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
            }
            case DATE:
                return ((LocalDate) a).compareTo((LocalDate) b);
            case TIME:
                return ((LocalTime) a).compareTo((LocalTime) b);
            case TIMETZ:
                return compareTimeTz((OffsetTime) a, (OffsetTime) b);
            case TIMESTAMP:
                return ((LocalDateTime) a).compareTo((LocalDateTime) b);
            case TIMESTAMPTZ:
                return ((OffsetDateTime) a).toInstant().compareTo(((OffsetDateTime) b).toInstant());
            case INTERVAL:
                return ((PgInterval) a).compareTo((PgInterval) b);
            case JSONB:
                return Jsonb.compare((JsonValue) a, (JsonValue) b);
            case LTREE:
                return Ltree.compare((String) a, (String) b);
            case ENUM: {
                if (ta instanceof PgType.Enum e && e.storage().isPresent()) {
                    // An enum-table reference is stored as text: it orders as its text does.
                    return compare(a, e.storage().get(), b, e.storage().get());
                }
                List<String> labels = ((PgType.Enum) ta).labels();
                return Integer.compare(labels.indexOf(a), labels.indexOf(b));
            }
            case BYTEA:
                return ((String) a).compareTo((String) b);
            case ARRAY:
                return compareArrays((List<?>) a, ((PgType.Array) ta).element(), (List<?>) b,
                        tb instanceof PgType.Array arr ? arr.element() : ((PgType.Array) ta).element());
            default:
                throw new UnsupportedInMemoryException("values of type " + ta.displayName() + " cannot be compared in memory");
        }
    }

    /** Numbers of any Java number type: exactly, unless one is a float (then as double precision, as PostgreSQL casts). */
    static int compareNumbers(Number a, Number b) {
        if (nonFinite(a) || nonFinite(b)) {
            // numeric and float order alike: -Infinity < every number < Infinity < NaN, NaN = NaN; a finite value
            // (of any size, so never rounded to an infinity) only takes part as "some finite number"
            return compareDoubles(nonFinite(a) ? a.doubleValue() : 0.0, nonFinite(b) ? b.doubleValue() : 0.0);
        }
        if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
            return compareDoubles(a.doubleValue(), b.doubleValue());
        }
        if (isSmallInteger(a) && isSmallInteger(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    private static boolean nonFinite(Number n) {
        return (n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue());
    }

    private static boolean isSmallInteger(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (isSmallInteger(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (nonFinite(n)) {
            throw new UnsupportedInMemoryException("arithmetic on a NaN or Infinity");
        }
        return BigDecimal.valueOf(n.doubleValue());
    }

    /** float8 order: NaN equals NaN and is greater than everything; -0 equals 0. */
    static int compareDoubles(double x, double y) {
        boolean nx = Double.isNaN(x);
        boolean ny = Double.isNaN(y);
        if (nx || ny) {
            return nx && ny ? 0 : nx ? 1 : -1;
        }
        return x < y ? -1 : x > y ? 1 : 0;
    }

    static boolean isBpchar(PgType t) {
        return t instanceof PgType.Base b && b.name().schema().equals(PgType.PG_CATALOG) && b.name().name().equals("bpchar");
    }

    static boolean isCitext(PgType t) {
        return t instanceof PgType.Base b && !b.name().schema().equals(PgType.PG_CATALOG) && b.name().name().equals("citext");
    }

    /** C collation (code point order); bpchar ignores trailing spaces; citext compares ASCII-lower-cased text. */
    static int compareStrings(String a, PgType ta, String b, PgType tb) {
        String x = isBpchar(ta) ? rtrimSpaces(a) : a;
        String y = isBpchar(tb) ? rtrimSpaces(b) : b;
        if (isCitext(ta) || isCitext(tb)) {
            return compareCodePoints(lowerAscii(x), lowerAscii(y));
        }
        return compareCodePoints(x, y);
    }

    /** Strips trailing spaces (only U+0020), as bpchar comparison and the bpchar-to-text cast do. */
    static String rtrimSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /** {@code lower()} in the C locale: only A-Z change. */
    static String lowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] cs = s.toCharArray();
                for (int j = i; j < cs.length; j++) {
                    if (cs[j] >= 'A' && cs[j] <= 'Z') {
                        cs[j] = (char) (cs[j] + 32);
                    }
                }
                return new String(cs);
            }
        }
        return s;
    }

    /** Unicode code point order, which is UTF-8 byte order (String.compareTo is UTF-16 order, which differs). */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** PostgreSQL's timetz order: by the UTC-adjusted time (without wrapping), then by zone (west of UTC first). */
    static int compareTimeTz(OffsetTime a, OffsetTime b) {
        long ta = a.toLocalTime().toNanoOfDay() / 1000 - a.getOffset().getTotalSeconds() * 1_000_000L;
        long tb = b.toLocalTime().toNanoOfDay() / 1000 - b.getOffset().getTotalSeconds() * 1_000_000L;
        if (ta != tb) {
            return ta < tb ? -1 : 1;
        }
        // PostgreSQL stores the zone as seconds west of UTC (the negated offset) and orders by it.
        return Integer.compare(-a.getOffset().getTotalSeconds(), -b.getOffset().getTotalSeconds());
    }

    /**
     * array_cmp: element by element in storage (row-major) order, two NULLs equal and NULL greater than any value;
     * then the number of elements, the number of dimensions and the dimensions.
     */
    static int compareArrays(List<?> a, PgType ea, List<?> b, PgType eb) {
        List<Object> fa = flatten(a);
        List<Object> fb = flatten(b);
        int n = Math.min(fa.size(), fb.size());
        for (int i = 0; i < n; i++) {
            Object x = fa.get(i);
            Object y = fb.get(i);
            boolean nx = x == SqlNull.INSTANCE;
            boolean ny = y == SqlNull.INSTANCE;
            if (nx && ny) {
                continue;
            }
            if (nx || ny) {
                return nx ? 1 : -1;
            }
            int c = compare(x, ea, y, eb);
            if (c != 0) {
                return c < 0 ? -1 : 1;
            }
        }
        if (fa.size() != fb.size()) {
            return fa.size() < fb.size() ? -1 : 1;
        }
        List<Integer> da = dims(a);
        List<Integer> db = dims(b);
        if (da.size() != db.size()) {
            return da.size() < db.size() ? -1 : 1;
        }
        for (int i = 0; i < da.size(); i++) {
            int c = Integer.compare(da.get(i), db.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The elements of a (possibly multi-dimensional) array in storage order. */
    static List<Object> flatten(List<?> a) {
        boolean nested = false;
        for (Object o : a) {
            if (o instanceof List) {
                nested = true;
                break;
            }
        }
        if (!nested) {
            return castList(a);
        }
        List<Object> out = new ArrayList<>();
        flattenInto(a, out);
        return out;
    }

    private static void flattenInto(List<?> a, List<Object> out) {
        for (Object o : a) {
            if (o instanceof List<?> l) {
                flattenInto(l, out);
            } else {
                out.add(o);
            }
        }
    }

    /** The dimensions of an array ({@code []} for the empty array, which has none). */
    static List<Integer> dims(List<?> a) {
        List<Integer> d = new ArrayList<>();
        Object cur = a;
        while (cur instanceof List<?> l) {
            if (l.isEmpty()) {
                break;
            }
            d.add(l.size());
            cur = l.get(0);
        }
        return d;
    }

    // ============================================================================================ printing

    /** A value as PostgreSQL would print it (strings quoted), for explanations. */
    static String render(Object v, PgType type) {
        if (v == SqlNull.INSTANCE) {
            return "NULL";
        }
        if (v instanceof List<?> l) {
            PgType element = type instanceof PgType.Array a ? a.element() : type;
            return "'" + arrayBody(l, element).replace("'", "''") + "'";
        }
        String s = plain(v, type);
        if (v instanceof Number || v instanceof Boolean) {
            return s;
        }
        return "'" + s.replace("'", "''") + "'";
    }

    private static String arrayBody(List<?> l, PgType element) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = l.get(i);
            sb.append(e instanceof List<?> inner ? arrayBody(inner, element) : arrayElement(e, element));
        }
        return sb.append('}').toString();
    }

    private static String arrayElement(Object e, PgType element) {
        if (e == SqlNull.INSTANCE) {
            return "NULL";
        }
        String s = plain(e, element);
        if (s.isEmpty() || s.equalsIgnoreCase("NULL") || s.chars().anyMatch(c -> c == ',' || c == '{' || c == '}' || c == '"'
                || c == '\\' || Character.isWhitespace(c))) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return s;
    }

    /** The unquoted text of a non-NULL scalar value. */
    static String plain(Object v, PgType type) {
        if (v instanceof JsonValue j) {
            return Jsonb.toText(j);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d.toString();
        }
        if (v instanceof Float f) {
            return f.isNaN() ? "NaN" : f.isInfinite() ? (f > 0 ? "Infinity" : "-Infinity") : f.toString();
        }
        return String.valueOf(v);
    }

    static String abbreviate(String s) {
        String clean = s.replace("\n", "\\n").replace("\r", "\\r");
        return clean.length() <= 60 ? clean : clean.substring(0, 57) + "...";
    }
}

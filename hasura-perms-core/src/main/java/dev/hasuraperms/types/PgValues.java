package dev.hasuraperms.types;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses values for PostgreSQL types, the way PostgreSQL's input functions read text, into Java values:
 *
 * <table>
 *   <caption>Java representation by category</caption>
 *   <tr><td>int2 / int4 / int8</td><td>{@link Short} / {@link Integer} / {@link Long}</td></tr>
 *   <tr><td>numeric</td><td>{@link BigDecimal}; {@code NaN}, {@code Infinity}, {@code -Infinity} as {@link Double}</td></tr>
 *   <tr><td>float4 / float8</td><td>{@link Float} / {@link Double}</td></tr>
 *   <tr><td>bool</td><td>{@link Boolean}</td></tr>
 *   <tr><td>text types, enums, ltree, lquery, ltxtquery, other</td><td>{@link String}</td></tr>
 *   <tr><td>uuid</td><td>{@link UUID}</td></tr>
 *   <tr><td>date / time / timetz / timestamp / timestamptz</td><td>{@link LocalDate} / {@link LocalTime} /
 *   {@link OffsetTime} / {@link LocalDateTime} / {@link OffsetDateTime} (UTC)</td></tr>
 *   <tr><td>interval</td><td>{@link PgInterval}</td></tr>
 *   <tr><td>json, jsonb, geometry, geography</td><td>{@link JsonValue}</td></tr>
 *   <tr><td>arrays</td><td>unmodifiable {@link List} (nested for more dimensions; NULL as {@link SqlNull})</td></tr>
 * </table>
 *
 * <p>Integer, numeric, float, boolean, uuid, text and array input follow PostgreSQL exactly, for the server's major
 * version ({@link #parseText(PgType, String, int)}): the {@code 0x}/{@code 0o}/{@code 0b} prefixes and underscores
 * between digits of integers and numerics are read from PostgreSQL 16 on and refused before, as those servers refuse
 * them. {@link #parseText(PgType, String)} reads with the newest rules (16 and later). Dates and times accept the ISO 8601
 * forms ({@code 2024-05-01}, {@code 2024-05-01 12:30:00.5+02}, {@code 2024-05-01T12:30Z}) and the month-name forms
 * that do not depend on {@code DateStyle} ({@code January 2, 2025 00:00 UTC}, {@code 2 Jan 2025},
 * {@code 2025-Jan-02}); the numeric styles that depend on {@code DateStyle} ({@code 01/02/2025}), {@code infinity}
 * and special words such as {@code now} are refused.
 * A timestamptz without an offset is read as UTC. Intervals accept ISO 8601 durations and PostgreSQL's
 * {@code 1 day 02:00:00} style. numeric {@code NaN} (and {@code Infinity}/{@code -Infinity} from PostgreSQL 14) are
 * the {@link Double} NaN and infinities.
 */
public final class PgValues {

    private static final JsonFactory JSON = JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

    /**
     * The major version whose input rules apply when the server's is unknown: 13, the oldest this library models.
     * Every form it accepts is read the same way by every later major (it refuses the integer forms of 16).
     */
    public static final int OLDEST_SUPPORTED_MAJOR = 13;

    /** The first major that reads {@code 0x}/{@code 0o}/{@code 0b} prefixes and {@code _} between digits. */
    public static final int NON_DECIMAL_INTEGERS_MAJOR = 16;

    /** The newest rules: what {@link #parseText(PgType, String)} applies. */
    private static final int NEWEST = Integer.MAX_VALUE;

    private PgValues() {
    }

    // =============================================================================================== text input

    /**
     * Parses {@code text} as input for {@code type}.
     *
     * @param type the type; never null
     * @param text the input text; never null
     * @return the value as the type's Java type (see the class comment), never null
     * @throws ValueParseException when PostgreSQL would refuse it (or this library does not read that form)
     */
    public static Object parseText(PgType type, String text) {
        return parseText(type, text, NEWEST);
    }

    /**
     * Parses {@code text} as input for {@code type} as a server of major version {@code serverMajor} reads it (e.g.
     * {@code 0x1F} is 31 for an {@code int4} on PostgreSQL 16 and later, and invalid input before).
     *
     * @param type the type; never null
     * @param text the input text; never null
     * @param serverMajor the PostgreSQL server's major version, e.g. {@code 17}
     * @return the value as the type's Java type (see the class comment), never null
     * @throws ValueParseException when that server would refuse it (or this library does not read that form)
     */
    public static Object parseText(PgType type, String text, int serverMajor) {
        if (text.indexOf('\0') >= 0) {
            throw new ValueParseException("contains a NUL character, which PostgreSQL cannot store");
        }
        checkNoLoneSurrogate(text);
        switch (type.category()) {
            case INTEGER:
                return parseInteger(((PgType.Base) type).name().name(), text, serverMajor);
            case NUMERIC:
                return parseNumeric(text, serverMajor);
            case FLOAT:
                return "float4".equals(((PgType.Base) type).name().name()) ? (Object) parseFloat4(text) : parseFloat8(text);
            case BOOLEAN:
                return parseBoolean(text);
            case STRING:
            case LTREE:
            case LQUERY:
            case LTXTQUERY:
            case BYTEA:
            case OTHER:
                if (type.category() == TypeCategory.LTREE) {
                    validateLtree(text);
                }
                return text;
            case UUID:
                return parseUuid(text);
            case DATE:
                return parseDate(text);
            case TIME:
                return parseTime(text);
            case TIMETZ:
                return parseTimeTz(text);
            case TIMESTAMP:
                return parseTimestamp(text);
            case TIMESTAMPTZ:
                return parseTimestampTz(text);
            case INTERVAL:
                return parseInterval(text);
            case JSON:
            case JSONB:
            case GEOMETRY:
            case GEOGRAPHY:
                return parseJsonText(text, type.category() == TypeCategory.JSONB);
            case ENUM: {
                PgType.Enum e = (PgType.Enum) type;
                if (!e.labels().contains(text)) {
                    throw new ValueParseException("\"" + abbreviate(text) + "\" is not " + (e.enumTable()
                            ? "a value of enum table " : "a label of enum ") + e.displayName() + " " + abbreviate(e.labels()));
                }
                return text;
            }
            case ARRAY:
                return parseArrayLiteral(((PgType.Array) type).element(), text, serverMajor);
            case RASTER:
                return text;
            default:
                throw new ValueParseException("values of type " + type.displayName() + " cannot be read");
        }
    }

    // ============================================================================================ JSON literals

    /**
     * Types a JSON literal from metadata for {@code type}, as Hasura does: numbers for numeric types, booleans for
     * bool, any JSON for json/jsonb and GeoJSON for PostGIS types, arrays for arrays; a string is read with
     * PostgreSQL's input rules for any type ({@code "42"} for an integer, {@code "{1,2}"} for an array). JSON
     * {@code null} is SQL NULL and returns {@link SqlNull#INSTANCE}.
     *
     * @param type the type; never null
     * @param v the JSON literal; never null
     * @return the value as the type's Java type (see the class comment), never null
     */
    public static Object fromJson(PgType type, JsonValue v) {
        if (v instanceof JsonNull) {
            return SqlNull.INSTANCE;
        }
        TypeCategory c = type.category();
        if (c == TypeCategory.JSON || c == TypeCategory.JSONB || c == TypeCategory.GEOMETRY || c == TypeCategory.GEOGRAPHY) {
            return checkJsonForPostgres(v);
        }
        if (v instanceof JsonString s) {
            return parseText(type, s.value());
        }
        switch (c) {
            case INTEGER: {
                if (v instanceof JsonNumber n && n.isIntegral()) {
                    String name = ((PgType.Base) type).name().name();
                    BigDecimal d = n.value();
                    // More than 19 digits before the point is out of range of every integer type: refuse before
                    // toBigIntegerExact expands 1e100000000 into 100 million digits.
                    if (d.signum() != 0 && (long) d.precision() - d.scale() > 19) {
                        throw new ValueParseException("value \"" + numberText(d) + "\" is out of range for type "
                                + PgType.builtin(name).displayName());
                    }
                    return integerInRange(name, d.toBigIntegerExact(), numberText(d));
                }
                break;
            }
            case NUMERIC: {
                if (v instanceof JsonNumber n) {
                    return numericInRange(n.value());
                }
                break;
            }
            case FLOAT: {
                if (v instanceof JsonNumber n) {
                    return "float4".equals(((PgType.Base) type).name().name())
                            ? (Object) parseFloat4(n.value().toString()) : parseFloat8(n.value().toString());
                }
                break;
            }
            case BOOLEAN: {
                if (v instanceof JsonBoolean b) {
                    return b.value();
                }
                break;
            }
            case ARRAY: {
                if (v instanceof JsonArray a) {
                    PgType element = ((PgType.Array) type).element();
                    List<Object> out = new ArrayList<>(a.size());
                    for (JsonValue el : a.elements()) {
                        out.add(el instanceof JsonArray ? fromJson(type, el) : fromJson(element, el));
                    }
                    return Collections.unmodifiableList(out);
                }
                break;
            }
            default:
                break;
        }
        throw new ValueParseException("expected " + expectedJson(type) + " for type " + type.displayName()
                + ", found " + v.typeName() + " " + abbreviate(v.toJson()));
    }

    private static String expectedJson(PgType type) {
        switch (type.category()) {
            case INTEGER:
                return "a whole number";
            case NUMERIC:
            case FLOAT:
                return "a number";
            case BOOLEAN:
                return "true or false";
            case ARRAY:
                return "a list";
            default:
                return "a string";
        }
    }

    // ================================================================================================ integers

    /** {@code pg_strtoint16/32/64}: whitespace, sign, decimal or 0x/0o/0b digits, underscores between digits. */
    static Object parseInteger(String internalName, String text) {
        return parseInteger(internalName, text, NEWEST);
    }

    /** As {@link #parseInteger(String, String)}; before PostgreSQL 16 only decimal digits without underscores. */
    static Object parseInteger(String internalName, String text, int serverMajor) {
        Object fast = fastDecimal(internalName, text);
        if (fast != null) {
            return fast;
        }
        return integerInRange(internalName, scanInteger(internalName, text, serverMajor, 64), text);
    }

    /**
     * The integer {@code text} spells (sign, decimal or prefixed digits, underscores), refused when it has more than
     * {@code maxSignificant} significant digits (out of range for {@code internalName}, or numeric's format).
     */
    private static BigInteger scanInteger(String internalName, String text, int serverMajor, int maxSignificant) {
        boolean modern = serverMajor >= NON_DECIMAL_INTEGERS_MAJOR;
        int i = 0;
        int n = text.length();
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int base = 10;
        boolean prefixed = false;
        if (i + 1 < n && text.charAt(i) == '0') {
            char p = text.charAt(i + 1);
            if (p == 'x' || p == 'X') {
                base = 16;
            } else if (p == 'o' || p == 'O') {
                base = 8;
            } else if (p == 'b' || p == 'B') {
                base = 2;
            }
            if (base != 10) {
                if (!modern) {
                    throw invalidInteger(internalName, text);
                }
                i += 2;
                prefixed = true;
            }
        }
        int first = i;
        StringBuilder digits = new StringBuilder();
        while (i < n) {
            char ch = text.charAt(i);
            if (Character.digit(ch, base) >= 0 && ch < 128) {
                digits.append(ch);
                i++;
            } else if (ch == '_') {
                if (!modern || (!prefixed && i == first)) {
                    throw invalidInteger(internalName, text);
                }
                i++;
                if (i >= n || Character.digit(text.charAt(i), base) < 0 || text.charAt(i) >= 128) {
                    throw invalidInteger(internalName, text);
                }
            } else {
                break;
            }
        }
        if (digits.length() == 0) {
            throw invalidInteger(internalName, text);
        }
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        if (i != n) {
            throw invalidInteger(internalName, text);
        }
        int significant = 0;
        while (significant < digits.length() - 1 && digits.charAt(significant) == '0') {
            significant++;
        }
        if (digits.length() - significant > maxSignificant) {
            // More than 64 significant digits in any base exceeds 64 bits: out of range without building a number.
            throw new ValueParseException(internalName.equals("numeric")
                    ? "value overflows numeric format (at most " + maxSignificant + " digits after 0x, 0o or 0b)"
                    : "value \"" + abbreviate(text) + "\" is out of range for type "
                    + PgType.builtin(internalName).displayName());
        }
        BigInteger value = new BigInteger(digits.substring(significant), base);
        return negative ? value.negate() : value;
    }

    /** Plain decimal digits with an optional minus sign and at most 18 digits: the common case, parsed directly. */
    private static Object fastDecimal(String internalName, String text) {
        int n = text.length();
        if (n == 0 || n > 19) {
            return null;
        }
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == n || n - start > 18) {
            return null;
        }
        long v = 0;
        for (int i = start; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        if (start == 1) {
            v = -v;
        }
        switch (internalName) {
            case "int2":
                return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? (Object) (short) v : null;
            case "int4":
                return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : null;
            default:
                return v;
        }
    }

    private static Object integerInRange(String internalName, BigInteger value, String text) {
        switch (internalName) {
            case "int2":
                if (value.bitLength() < 16) {
                    return value.shortValue();
                }
                break;
            case "int4":
                if (value.bitLength() < 32) {
                    return value.intValue();
                }
                break;
            default:
                if (value.bitLength() < 64) {
                    return value.longValue();
                }
                break;
        }
        throw new ValueParseException("value \"" + abbreviate(text) + "\" is out of range for type "
                + PgType.builtin(internalName).displayName());
    }

    private static ValueParseException invalidInteger(String internalName, String text) {
        return new ValueParseException("invalid input syntax for type " + PgType.builtin(internalName).displayName()
                + ": \"" + abbreviate(text) + "\"");
    }

    // ================================================================================================= numeric

    /** The most significant digits PostgreSQL's numeric takes (131,072 before the point, 16,383 after). */
    private static final int NUMERIC_MAX_DIGITS = 131_072 + 16_383;
    /** The most significant digits read after a {@code 0x}/{@code 0o}/{@code 0b} prefix of a numeric. */
    private static final int NUMERIC_MAX_PREFIXED_DIGITS = 1000;

    /** The most digits before the decimal point of a PostgreSQL numeric (weight 32767 in base-10000 digits). */
    public static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;
    /** The most digits after the decimal point of a PostgreSQL numeric ({@code NUMERIC_DSCALE_MAX}). */
    public static final int NUMERIC_MAX_SCALE = 16_383;
    /** PostgreSQL refuses any exponent from {@code INT_MAX / 2} on before looking at the digits. */
    private static final long NUMERIC_MAX_EXPONENT = Integer.MAX_VALUE / 2;

    /**
     * {@code d} if PostgreSQL's numeric can hold it (at most {@value #NUMERIC_MAX_INTEGER_DIGITS} digits before the
     * point and a display scale of at most {@value #NUMERIC_MAX_SCALE}, trailing zeros included, as
     * {@code numeric_in} counts them). Costs O(digits of d), never O(magnitude): {@code 1E+100000000} is refused at
     * once.
     *
     * @param d the number; never null
     * @return {@code d}
     * @throws ValueParseException "value overflows numeric format", as PostgreSQL says
     */
    public static BigDecimal numericInRange(BigDecimal d) {
        if (d.scale() > NUMERIC_MAX_SCALE
                || (d.signum() != 0 && (long) d.precision() - d.scale() > NUMERIC_MAX_INTEGER_DIGITS)) {
            throw new ValueParseException("value overflows numeric format");
        }
        return d;
    }

    /**
     * {@return a number for a message: plain when that is short, else scientific notation ({@link BigDecimal#toString()}),
     * never more than about 60 characters} Unlike {@link BigDecimal#toPlainString()} it never expands an exponent.
     *
     * @param d the number; never null
     */
    public static String numberText(BigDecimal d) {
        long intDigits = (long) d.precision() - d.scale();
        String s = intDigits <= 40 && d.scale() <= 40 ? d.toPlainString() : d.toString();
        return abbreviate(s);
    }

    /** The first PostgreSQL major whose numeric takes {@code Infinity} and {@code -Infinity} ({@code NaN}: every one). */
    public static final int NUMERIC_INFINITY_MAJOR = 14;

    static Number parseNumeric(String text) {
        return parseNumeric(text, NEWEST);
    }

    /**
     * As {@link #parseNumeric(String)}; before PostgreSQL 16 no {@code 0x} prefixes or underscores. The non-finite
     * values ({@code NaN} on every version, {@code Infinity}/{@code -Infinity} from PostgreSQL 14, spelt as
     * {@code numeric_in} takes them, case-insensitively) are the {@link Double} NaN and infinities; every finite
     * value is a {@link BigDecimal}.
     */
    static Number parseNumeric(String text, int serverMajor) {
        boolean modern = serverMajor >= NON_DECIMAL_INTEGERS_MAJOR;
        String t = trimSpace(text);
        String lower = t.length() <= 12 ? t.toLowerCase(Locale.ROOT) : "";
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        if (lower.matches("[+-]?(inf|infinity)")) {
            if (serverMajor < NUMERIC_INFINITY_MAJOR) {
                throw invalidNumeric(text);
            }
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int i = 0;
        int n = t.length();
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        if (i + 1 < n && t.charAt(i) == '0' && "xXoObB".indexOf(t.charAt(i + 1)) >= 0) {
            if (!modern) {
                throw invalidNumeric(text);
            }
            // numeric_in reads prefixed digits of any length; more than NUMERIC_MAX_PREFIXED_DIGITS is refused here
            // so that building the number stays cheap (0x followed by a thousand digits is already beyond 10^1000).
            return numericInRange(new BigDecimal(scanInteger("numeric", t, serverMajor, NUMERIC_MAX_PREFIXED_DIGITS)));
        }
        if (!modern && t.indexOf('_') >= 0) {
            throw invalidNumeric(text);
        }
        StringBuilder clean = new StringBuilder(Math.min(n, 64));
        clean.append(t, 0, i);
        long scan = scanDigits(t, i, clean);
        int intDigits = (int) (scan >>> 32);
        i += (int) scan;
        boolean point = false;
        int fracDigits = 0;
        if (i < n && t.charAt(i) == '.') {
            point = true;
            clean.append('.');
            i++;
            scan = scanDigits(t, i, clean);
            fracDigits = (int) (scan >>> 32);
            i += (int) scan;
        }
        if (intDigits == 0 && fracDigits == 0) {
            throw invalidNumeric(text);
        }
        // The exponent as strtol reads it (saturating), so 1e0000000001 is 10 and a 20-digit exponent overflows.
        long exponent = 0;
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                negativeExponent = t.charAt(i++) == '-';
            }
            int expStart = i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                if (exponent < NUMERIC_MAX_EXPONENT) {
                    exponent = exponent * 10 + (t.charAt(i) - '0');
                }
                i++;
            }
            if (i == expStart) {
                throw invalidNumeric(text);
            }
            if (exponent >= NUMERIC_MAX_EXPONENT) {
                throw new ValueParseException("value overflows numeric format");
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != n) {
            throw invalidNumeric(text);
        }
        if (intDigits + fracDigits > NUMERIC_MAX_DIGITS) {
            throw new ValueParseException("value overflows numeric format");
        }
        BigDecimal mantissa;
        try {
            mantissa = new BigDecimal(point && fracDigits == 0 && intDigits > 0 ? clean.substring(0, clean.length() - 1)
                    : clean.toString());
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalidNumeric(text);
        }
        // |exponent| < 2^30 and the mantissa's scale is at most NUMERIC_MAX_DIGITS: the new scale fits an int.
        // scaleByPowerOfTen only moves the scale; the digits are never expanded.
        return numericInRange(exponent == 0 ? mantissa : mantissa.scaleByPowerOfTen((int) exponent));
    }

    /**
     * Appends the digits at {@code from} to {@code out} (underscores allowed between digits, as PostgreSQL 16 reads
     * them). Returns the number of digits in the high 32 bits and the characters consumed in the low 32 bits.
     */
    private static long scanDigits(String t, int from, StringBuilder out) {
        int i = from;
        int digits = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
                digits++;
                i++;
            } else if (c == '_' && digits > 0 && i + 1 < t.length() && t.charAt(i + 1) >= '0' && t.charAt(i + 1) <= '9') {
                i++;
            } else {
                break;
            }
        }
        return ((long) digits << 32) | (i - from);
    }

    private static ValueParseException invalidNumeric(String text) {
        return new ValueParseException("invalid input syntax for type numeric: \"" + abbreviate(text) + "\"");
    }

    // =================================================================================================== float

    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    static Double parseFloat8(String text) {
        String t = trimSpace(text);
        Double special = specialFloat(t);
        if (special != null) {
            return special;
        }
        if (!FLOAT.matcher(t).matches()) {
            throw new ValueParseException("invalid input syntax for type double precision: \"" + abbreviate(text) + "\"");
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d) || (d == 0.0 && hasNonZeroMantissa(t))) {
            throw new ValueParseException("\"" + abbreviate(text) + "\" is out of range for type double precision");
        }
        return d;
    }

    static Float parseFloat4(String text) {
        String t = trimSpace(text);
        Double special = specialFloat(t);
        if (special != null) {
            return special.floatValue();
        }
        if (!FLOAT.matcher(t).matches()) {
            throw new ValueParseException("invalid input syntax for type real: \"" + abbreviate(text) + "\"");
        }
        double d = Double.parseDouble(t);
        float f = (float) d;
        if (Float.isInfinite(f) || (f == 0.0f && hasNonZeroMantissa(t))) {
            throw new ValueParseException("\"" + abbreviate(text) + "\" is out of range for type real");
        }
        return f;
    }

    private static boolean hasNonZeroMantissa(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static Double specialFloat(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        switch (l) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return null;
        }
    }

    // ================================================================================================= boolean

    /** {@code boolin}: t/true/y/yes/on/1, f/false/n/no/off/0, any case, unique prefixes, surrounding white space. */
    static Boolean parseBoolean(String text) {
        String t = trimSpace(text).toLowerCase(Locale.ROOT);
        int len = t.length();
        if (len > 0) {
            switch (t.charAt(0)) {
                case 't':
                    if ("true".startsWith(t)) {
                        return true;
                    }
                    break;
                case 'f':
                    if ("false".startsWith(t)) {
                        return false;
                    }
                    break;
                case 'y':
                    if ("yes".startsWith(t)) {
                        return true;
                    }
                    break;
                case 'n':
                    if ("no".startsWith(t)) {
                        return false;
                    }
                    break;
                case 'o':
                    if (len >= 2 && "on".startsWith(t)) {
                        return true;
                    }
                    if (len >= 2 && "off".startsWith(t)) {
                        return false;
                    }
                    break;
                case '1':
                    if (len == 1) {
                        return true;
                    }
                    break;
                case '0':
                    if (len == 1) {
                        return false;
                    }
                    break;
                default:
                    break;
            }
        }
        throw new ValueParseException("invalid input syntax for type boolean: \"" + abbreviate(text) + "\"");
    }

    // ==================================================================================================== uuid

    /** {@code uuid_in}: 32 hex digits, optional braces, optional hyphen after any group of four digits. */
    static UUID parseUuid(String text) {
        int i = 0;
        int n = text.length();
        boolean braces = n > 0 && text.charAt(0) == '{';
        if (braces) {
            i++;
        }
        byte[] bytes = new byte[16];
        for (int b = 0; b < 16; b++) {
            if (i + 1 >= n || !isHex(text.charAt(i)) || !isHex(text.charAt(i + 1))) {
                throw invalidUuid(text);
            }
            bytes[b] = (byte) (Character.digit(text.charAt(i), 16) * 16 + Character.digit(text.charAt(i + 1), 16));
            i += 2;
            if (i < n && text.charAt(i) == '-' && b % 2 == 1 && b < 15) {
                i++;
            }
        }
        if (braces) {
            if (i >= n || text.charAt(i) != '}') {
                throw invalidUuid(text);
            }
            i++;
        }
        if (i != n) {
            throw invalidUuid(text);
        }
        long msb = 0;
        long lsb = 0;
        for (int b = 0; b < 8; b++) {
            msb = (msb << 8) | (bytes[b] & 0xff);
            lsb = (lsb << 8) | (bytes[b + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static boolean isHex(char c) {
        return c < 128 && Character.digit(c, 16) >= 0;
    }

    private static ValueParseException invalidUuid(String text) {
        return new ValueParseException("invalid input syntax for type uuid: \"" + abbreviate(text) + "\"");
    }

    // ========================================================================================== dates and times

    private static final Pattern DATE = Pattern.compile("(\\d{4,})-(\\d{1,2})-(\\d{1,2})|(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?");
    private static final Pattern ZONE = Pattern.compile(
            "(?i)(z|utc|gmt|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?|[A-Za-z_]+/[A-Za-z_/+-]+)");
    private static final Pattern DATETIME = Pattern.compile(
            "(?<date>\\d{4,}-\\d{1,2}-\\d{1,2}|\\d{8})(?:(?:[Tt]|\\s+)(?<time>\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?))?"
                    + "\\s*(?<zone>(?i:z|utc|gmt)|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?|[A-Za-z_]+/[A-Za-z_/+-]+)?");
    private static final Pattern TIME_WITH_ZONE = Pattern.compile(
            "(?<time>\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)\\s*(?<zone>(?i:z|utc|gmt)|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?)?");

    /**
     * A date with its month as a word, which PostgreSQL reads the same whatever {@code DateStyle} says, as long as the
     * year has four digits: {@code January 2, 2025}, {@code Jan 2 2025}, {@code 2 January 2025}, {@code 02-Jan-2025},
     * {@code Jan-02-2025}, {@code 2025-Jan-02} (full English month names, three-letter abbreviations, {@code Sept},
     * any case; PostgreSQL refuses a dot after an abbreviation, and so do we).
     */
    private static final Pattern MONTH_NAME_DATE = Pattern.compile(
            "(?i)(?:(?<m1>[a-z]+)(?:\\s+|-)(?<d1>\\d{1,2})(?:,\\s*|\\s+|-)(?<y1>\\d{4})"
                    + "|(?<d2>\\d{1,2})(?:\\s+|-)(?<m2>[a-z]+)(?:\\s+|-)(?<y2>\\d{4})"
                    + "|(?<y3>\\d{4})-(?<m3>[a-z]+)-(?<d3>\\d{1,2}))(?=$|\\s)");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    /**
     * {@code t} with a leading month-name date ({@link #MONTH_NAME_DATE}) rewritten as {@code YYYY-MM-DD}; unchanged
     * when it has none (numeric forms such as {@code 01/02/2025} depend on {@code DateStyle} and stay refused).
     */
    private static String monthNameDate(String t) {
        if (t.length() > 200) {
            return t;
        }
        Matcher m = MONTH_NAME_DATE.matcher(t);
        if (!m.lookingAt()) {
            return t;
        }
        int k = m.group("m1") != null ? 1 : m.group("m2") != null ? 2 : 3;
        int month = month(m.group("m" + k));
        if (month == 0) {
            return t;
        }
        String day = m.group("d" + k);
        return m.group("y" + k) + "-" + (month < 10 ? "0" : "") + month + "-" + (day.length() == 1 ? "0" : "") + day
                + t.substring(m.end());
    }

    /** 1 to 12 for a month's English name or PostgreSQL's abbreviation of it, 0 otherwise. */
    private static int month(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.equals("sept")) {
            return 9;
        }
        for (int i = 0; i < MONTHS.size(); i++) {
            String full = MONTHS.get(i);
            if (w.equals(full) || w.equals(full.substring(0, 3))) {
                return i + 1;
            }
        }
        return 0;
    }

    static LocalDate parseDate(String text) {
        String t = monthNameDate(trimSpace(text));
        Matcher m = DATE.matcher(t);
        if (!m.matches()) {
            throw unsupportedDateTime("date", text);
        }
        return date(m.group(1) != null ? m.group(1) : m.group(4), m.group(1) != null ? m.group(2) : m.group(5),
                m.group(1) != null ? m.group(3) : m.group(6), text, "date");
    }

    private static LocalDate date(String y, String mo, String d, String text, String type) {
        try {
            return LocalDate.of(Integer.parseInt(y), Integer.parseInt(mo), Integer.parseInt(d));
        } catch (DateTimeException | NumberFormatException e) {
            throw new ValueParseException("date/time field value out of range: \"" + abbreviate(text) + "\" (type " + type + ")");
        }
    }

    static LocalTime parseTime(String text) {
        String t = trimSpace(text);
        Matcher m = TIME_WITH_ZONE.matcher(t);
        if (!m.matches()) {
            throw unsupportedDateTime("time without time zone", text);
        }
        // PostgreSQL reads and ignores a zone given to a time without time zone.
        return time(m.group("time"), text);
    }

    static OffsetTime parseTimeTz(String text) {
        String t = trimSpace(text);
        Matcher m = TIME_WITH_ZONE.matcher(t);
        if (!m.matches()) {
            throw unsupportedDateTime("time with time zone", text);
        }
        LocalTime lt = time(m.group("time"), text);
        ZoneOffset off = m.group("zone") == null ? ZoneOffset.UTC : fixedOffset(m.group("zone"), text);
        return OffsetTime.of(lt, off);
    }

    private static LocalTime time(String s, String text) {
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            throw unsupportedDateTime("time", text);
        }
        int h = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        int sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        long micros = m.group(4) == null ? 0 : fractionMicros(m.group(4));
        if (h > 23 || mi > 59 || sec > 60) {
            throw new ValueParseException("date/time field value out of range: \"" + abbreviate(text) + "\"");
        }
        if (sec == 60) {
            sec = 59;
            micros += 1_000_000;
        }
        LocalTime base = LocalTime.of(h, mi, sec);
        if (micros >= 1_000_000) {
            if (base.plusSeconds(1).equals(LocalTime.MIDNIGHT)) {
                throw new ValueParseException("time \"" + abbreviate(text) + "\" rounds to 24:00, which is not supported");
            }
            return base.plusSeconds(1).plusNanos((micros - 1_000_000) * 1000);
        }
        return base.plusNanos(micros * 1000);
    }

    static LocalDateTime parseTimestamp(String text) {
        Matcher m = DATETIME.matcher(monthNameDate(trimSpace(text)));
        if (!m.matches()) {
            throw unsupportedDateTime("timestamp without time zone", text);
        }
        // PostgreSQL reads and ignores a zone given to a timestamp without time zone.
        return localDateTime(m, text);
    }

    static OffsetDateTime parseTimestampTz(String text) {
        Matcher m = DATETIME.matcher(monthNameDate(trimSpace(text)));
        if (!m.matches()) {
            throw unsupportedDateTime("timestamp with time zone", text);
        }
        LocalDateTime ldt = localDateTime(m, text);
        String zone = m.group("zone");
        if (zone == null) {
            return ldt.atOffset(ZoneOffset.UTC);
        }
        if (zone.contains("/")) {
            try {
                return ldt.atZone(ZoneId.of(zone)).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw new ValueParseException("time zone \"" + abbreviate(zone) + "\" not recognized");
            }
        }
        return ldt.atOffset(fixedOffset(zone, text)).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime localDateTime(Matcher m, String text) {
        String d = m.group("date");
        LocalDate date = d.length() == 8 && !d.contains("-")
                ? date(d.substring(0, 4), d.substring(4, 6), d.substring(6, 8), text, "timestamp")
                : parseDate(d);
        if (m.group("time") == null) {
            return date.atStartOfDay();
        }
        Matcher tm = TIME.matcher(m.group("time"));
        tm.matches();
        int sec = tm.group(3) == null ? 0 : Integer.parseInt(tm.group(3));
        long micros = tm.group(4) == null ? 0 : fractionMicros(tm.group(4));
        int h = Integer.parseInt(tm.group(1));
        int mi = Integer.parseInt(tm.group(2));
        if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi > 0 || sec > 0 || micros > 0))) {
            throw new ValueParseException("date/time field value out of range: \"" + abbreviate(text) + "\"");
        }
        return date.atStartOfDay().plusHours(h).plusMinutes(mi).plusSeconds(sec).plusNanos(micros * 1000);
    }

    /** Fractional-second digits to microseconds, rounded half to even, reading at most what the rounding needs. */
    private static long fractionMicros(String digits) {
        String head = digits.length() > 7 ? digits.substring(0, 7) : digits;
        boolean tail = false;
        for (int i = 7; i < digits.length() && !tail; i++) {
            tail = digits.charAt(i) != '0';
        }
        BigDecimal v = new BigDecimal("0." + head + (tail ? "1" : ""));
        return v.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    private static ZoneOffset fixedOffset(String zone, String text) {
        String z = zone.toUpperCase(Locale.ROOT);
        if (z.equals("Z") || z.equals("UTC") || z.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = z.substring(1).replace(":", "");
        int h;
        int m = 0;
        int s = 0;
        if (digits.length() <= 2) {
            h = Integer.parseInt(digits);
        } else if (digits.length() == 3 || digits.length() == 4) {
            h = Integer.parseInt(digits.substring(0, digits.length() - 2));
            m = Integer.parseInt(digits.substring(digits.length() - 2));
        } else {
            h = Integer.parseInt(digits.substring(0, digits.length() - 4));
            m = Integer.parseInt(digits.substring(digits.length() - 4, digits.length() - 2));
            s = Integer.parseInt(digits.substring(digits.length() - 2));
        }
        int total = h * 3600 + m * 60 + s;
        if (h > 15 || m > 59 || s > 59) {
            throw new ValueParseException("time zone displacement out of range: \"" + abbreviate(text) + "\"");
        }
        return ZoneOffset.ofTotalSeconds(z.startsWith("-") ? -total : total);
    }

    private static ValueParseException unsupportedDateTime(String type, String text) {
        return new ValueParseException("invalid input for type " + type + ": \"" + abbreviate(text)
                + "\" (use ISO 8601, e.g. 2024-05-01, 13:45:00, 2024-05-01T13:45:00Z)");
    }

    // ================================================================================================ interval

    private static final Pattern ISO_DURATION = Pattern.compile(
            "P(?:(?<y>[+-]?\\d{1,9})Y)?(?:(?<mo>[+-]?\\d{1,9})M)?(?:(?<w>[+-]?\\d{1,9})W)?(?:(?<d>[+-]?\\d{1,9})D)?"
                    + "(?:T(?:(?<h>[+-]?\\d{1,12})H)?(?:(?<mi>[+-]?\\d{1,12})M)?(?:(?<s>[+-]?\\d{1,15}(?:\\.\\d{1,18})?)S)?)?");
    private static final Pattern VERBOSE_PART = Pattern.compile(
            "([+-]?\\d{1,18}(?:\\.\\d{1,18})?)\\s*(years?|y|mons?|months?|weeks?|w|days?|d|hours?|h|mins?|minutes?|m|secs?|seconds?|s"
                    + "|milliseconds?|ms|microseconds?|us)\\b");
    private static final Pattern CLOCK = Pattern.compile("([+-])?(\\d{1,9}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,18}))?)?");

    static PgInterval parseInterval(String text) {
        String t = trimSpace(text);
        if (t.startsWith("P") || t.startsWith("p")) {
            Matcher m = ISO_DURATION.matcher(t.toUpperCase(Locale.ROOT));
            if (!m.matches() || t.length() == 1 || t.toUpperCase(Locale.ROOT).endsWith("T")) {
                throw invalidInterval(text);
            }
            long months = 12L * num(m.group("y")) + num(m.group("mo"));
            long days = 7L * num(m.group("w")) + num(m.group("d"));
            BigDecimal secs = m.group("s") == null ? BigDecimal.ZERO : new BigDecimal(m.group("s"));
            long micros = num(m.group("h")) * 3_600_000_000L + num(m.group("mi")) * 60_000_000L
                    + secs.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            return interval(months, days, micros, text);
        }
        String rest = t.toLowerCase(Locale.ROOT);
        if (rest.startsWith("@")) {
            rest = rest.substring(1).trim();
        }
        boolean ago = false;
        if (rest.endsWith(" ago")) {
            ago = true;
            rest = rest.substring(0, rest.length() - 4).trim();
        }
        BigDecimal months = BigDecimal.ZERO;
        BigDecimal days = BigDecimal.ZERO;
        BigDecimal micros = BigDecimal.ZERO;
        boolean any = false;
        int pos = 0;
        int parts = 0;
        Matcher vm = VERBOSE_PART.matcher(rest);
        Matcher cm = CLOCK.matcher(rest);
        while (pos < rest.length()) {
            if (++parts > 32) {
                throw invalidInterval(text);
            }
            vm.region(pos, rest.length());
            cm.region(pos, rest.length());
            if (vm.lookingAt()) {
                BigDecimal q = new BigDecimal(vm.group(1));
                String unit = vm.group(2);
                if (unit.startsWith("y")) {
                    months = months.add(q.multiply(BigDecimal.valueOf(12)));
                } else if (unit.startsWith("mon")) {
                    months = months.add(q);
                } else if (unit.startsWith("w")) {
                    days = days.add(q.multiply(BigDecimal.valueOf(7)));
                } else if (unit.startsWith("d")) {
                    days = days.add(q);
                } else if (unit.startsWith("h")) {
                    micros = micros.add(q.multiply(BigDecimal.valueOf(3_600_000_000L)));
                } else if (unit.equals("m") || unit.startsWith("min")) {
                    micros = micros.add(q.multiply(BigDecimal.valueOf(60_000_000L)));
                } else if (unit.startsWith("ms") || unit.startsWith("milli")) {
                    micros = micros.add(q.multiply(BigDecimal.valueOf(1000)));
                } else if (unit.startsWith("us") || unit.startsWith("micro")) {
                    micros = micros.add(q);
                } else {
                    micros = micros.add(q.multiply(BigDecimal.valueOf(1_000_000L)));
                }
                pos = skipSpaces(rest, vm.end());
                any = true;
            } else if (cm.lookingAt()) {
                long sign = "-".equals(cm.group(1)) ? -1 : 1;
                BigDecimal v = BigDecimal.valueOf(Long.parseLong(cm.group(2)) * 3_600_000_000L
                        + Long.parseLong(cm.group(3)) * 60_000_000L
                        + (cm.group(4) == null ? 0 : Long.parseLong(cm.group(4)) * 1_000_000L));
                if (cm.group(5) != null) {
                    v = v.add(new BigDecimal("0." + cm.group(5)).movePointRight(6));
                }
                micros = micros.add(v.multiply(BigDecimal.valueOf(sign)));
                pos = skipSpaces(rest, cm.end());
                any = true;
            } else {
                throw invalidInterval(text);
            }
        }
        if (!any) {
            throw invalidInterval(text);
        }
        // Fractional months and days cascade down, as PostgreSQL does (1.5 months = 1 month 15 days).
        BigDecimal wholeMonths = months.setScale(0, RoundingMode.DOWN);
        days = days.add(months.subtract(wholeMonths).multiply(BigDecimal.valueOf(30)));
        BigDecimal wholeDays = days.setScale(0, RoundingMode.DOWN);
        micros = micros.add(days.subtract(wholeDays).multiply(BigDecimal.valueOf(86_400_000_000L)));
        long m = wholeMonths.longValueExact();
        long d = wholeDays.longValueExact();
        long us = micros.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        return ago ? interval(-m, -d, -us, text) : interval(m, d, us, text);
    }

    private static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static long num(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    private static PgInterval interval(long months, long days, long micros, String text) {
        if (months != (int) months || days != (int) days) {
            throw new ValueParseException("interval out of range: \"" + abbreviate(text) + "\"");
        }
        return new PgInterval((int) months, (int) days, micros);
    }

    private static ValueParseException invalidInterval(String text) {
        return new ValueParseException("invalid input syntax for type interval: \"" + abbreviate(text)
                + "\" (use ISO 8601 such as P1DT2H, or 1 day 02:00:00)");
    }

    // ==================================================================================================== json

    /** JSON text, as {@code jsonb_in} reads it: duplicate keys keep the last value (for jsonb), no NUL escapes. */
    static JsonValue parseJsonText(String text, boolean jsonb) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ValueParseException("invalid input syntax for type json: the input is empty");
            }
            JsonValue v = readJson(p, 0);
            if (p.nextToken() != null) {
                throw new ValueParseException("invalid input syntax for type json: content after the value");
            }
            return checkJsonForPostgres(v);
        } catch (IOException e) {
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ValueParseException("invalid input syntax for type " + (jsonb ? "jsonb" : "json") + ": "
                    + abbreviate(String.valueOf(detail).replaceAll("\\s*\\R.*", "")));
        }
    }

    private static JsonValue readJson(JsonParser p, int depth) throws IOException {
        if (depth > 6400) {
            throw new ValueParseException("JSON value nests too deeply");
        }
        Origin o = Origin.UNKNOWN;
        switch (p.currentToken()) {
            case VALUE_NULL:
                return new JsonNull(o);
            case VALUE_TRUE:
                return new JsonBoolean(true, o);
            case VALUE_FALSE:
                return new JsonBoolean(false, o);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                BigDecimal d = dev.hasuraperms.internal.json.TreeReaders.jsonNumber(p);
                if (d == null) {
                    throw new ValueParseException("value overflows numeric format");
                }
                return new JsonNumber(d, o);
            }
            case VALUE_STRING: {
                String s = p.getText();
                if (s.indexOf('\0') >= 0) {
                    throw new ValueParseException("unsupported Unicode escape sequence: \\u0000 cannot be converted to text");
                }
                checkNoLoneSurrogate(s);
                return new JsonString(s, o);
            }
            case START_ARRAY: {
                List<JsonValue> out = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(readJson(p, depth + 1));
                }
                return new JsonArray(out, o);
            }
            case START_OBJECT: {
                Map<String, JsonValue> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    if (k.indexOf('\0') >= 0) {
                        throw new ValueParseException("unsupported Unicode escape sequence: \\u0000 cannot be converted to text");
                    }
                    p.nextToken();
                    m.remove(k);
                    m.put(k, readJson(p, depth + 1));
                }
                return new JsonObject(m, Map.of(), o);
            }
            default:
                throw new ValueParseException("invalid JSON token " + p.currentToken());
        }
    }

    // =================================================================================================== ltree

    private static final Pattern LTREE = Pattern.compile("(?:[\\p{L}\\p{N}_-]+(?:\\.[\\p{L}\\p{N}_-]+)*)?");

    private static void validateLtree(String text) {
        if (!LTREE.matcher(text).matches()) {
            throw new ValueParseException("invalid input syntax for type ltree: \"" + abbreviate(text) + "\"");
        }
    }

    // ================================================================================================== arrays

    /**
     * {@code array_in}: {@code {a,"b c",NULL,{nested}}}, with an optional {@code [1:3]=} dimension prefix. Unquoted
     * elements are trimmed; {@code NULL} in any case is SQL NULL; backslash escapes any character.
     *
     * @param element the element type; never null
     * @param text the array literal; never null
     * @return the elements (nested lists for more dimensions, SqlNull for NULL), never null
     */
    public static List<Object> parseArrayLiteral(PgType element, String text) {
        return parseArrayLiteral(element, text, NEWEST);
    }

    /**
     * As {@link #parseArrayLiteral(PgType, String)}, elements read as a server of major {@code serverMajor} would.
     *
     * @param element the element type; never null
     * @param text the array literal; never null
     * @param serverMajor the PostgreSQL server's major version, e.g. {@code 17}
     * @return the elements (nested lists for more dimensions, SqlNull for NULL), never null
     */
    public static List<Object> parseArrayLiteral(PgType element, String text, int serverMajor) {
        String t = trimSpace(text);
        int start = 0;
        if (t.startsWith("[")) {
            int eq = t.indexOf('=');
            if (eq < 0 || !t.substring(0, eq).trim().matches("(\\[\\s*[+-]?\\d+\\s*(:\\s*[+-]?\\d+\\s*)?\\])+")) {
                throw invalidArray(text, "bad dimension decoration");
            }
            start = eq + 1;
        }
        ArrayReader r = new ArrayReader(t, start, element, text, serverMajor);
        r.skipSpace();
        List<Object> result = r.readArray(0);
        r.skipSpace();
        if (r.pos != t.length()) {
            throw invalidArray(text, "junk after closing right brace");
        }
        return result;
    }

    private static final class ArrayReader {
        final String s;
        int pos;
        final PgType element;
        final String original;
        final int serverMajor;

        ArrayReader(String s, int pos, PgType element, String original, int serverMajor) {
            this.serverMajor = serverMajor;
            this.s = s;
            this.pos = pos;
            this.element = element;
            this.original = original;
        }

        void skipSpace() {
            while (pos < s.length() && isSpace(s.charAt(pos))) {
                pos++;
            }
        }

        List<Object> readArray(int depth) {
            if (depth >= 6) {
                throw invalidArray(original, "number of array dimensions exceeds the maximum allowed (6)");
            }
            if (pos >= s.length() || s.charAt(pos) != '{') {
                throw invalidArray(original, "array value must start with \"{\" or dimension information");
            }
            pos++;
            List<Object> out = new ArrayList<>();
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return Collections.unmodifiableList(out);
            }
            Boolean nested = null;
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    throw invalidArray(original, "unexpected end of input");
                }
                char c = s.charAt(pos);
                boolean isNested = c == '{';
                if (nested != null && nested != isNested) {
                    throw invalidArray(original, "multidimensional arrays must have sub-arrays with matching dimensions");
                }
                nested = isNested;
                if (isNested) {
                    out.add(readArray(depth + 1));
                } else {
                    out.add(readElement());
                }
                skipSpace();
                if (pos >= s.length()) {
                    throw invalidArray(original, "unexpected end of input");
                }
                char d = s.charAt(pos++);
                if (d == '}') {
                    break;
                }
                if (d != ',') {
                    throw invalidArray(original, "unexpected \"" + d + "\" character");
                }
            }
            if (Boolean.TRUE.equals(nested)) {
                int size = -1;
                for (Object o : out) {
                    int n = ((List<?>) o).size();
                    if (size >= 0 && n != size) {
                        throw invalidArray(original, "multidimensional arrays must have sub-arrays with matching dimensions");
                    }
                    size = n;
                }
            }
            return Collections.unmodifiableList(out);
        }

        Object readElement() {
            if (s.charAt(pos) == '"') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) {
                        throw invalidArray(original, "unexpected end of input");
                    }
                    char c = s.charAt(pos++);
                    if (c == '\\') {
                        if (pos >= s.length()) {
                            throw invalidArray(original, "unexpected end of input");
                        }
                        sb.append(s.charAt(pos++));
                    } else if (c == '"') {
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                return elementValue(sb.toString());
            }
            StringBuilder sb = new StringBuilder();
            int lastNonSpace = 0;
            boolean escaped = false;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\') {
                    pos++;
                    if (pos >= s.length()) {
                        throw invalidArray(original, "unexpected end of input");
                    }
                    sb.append(s.charAt(pos++));
                    lastNonSpace = sb.length();
                    escaped = true;
                    continue;
                }
                if (c == ',' || c == '}') {
                    break;
                }
                if (c == '{' || c == '"') {
                    throw invalidArray(original, "unexpected \"" + c + "\" character");
                }
                sb.append(c);
                if (!isSpace(c)) {
                    lastNonSpace = sb.length();
                }
                pos++;
            }
            String v = sb.substring(0, lastNonSpace);
            if (v.isEmpty()) {
                throw invalidArray(original, "unexpected \"" + (pos < s.length() ? s.charAt(pos) : ' ') + "\" character");
            }
            if (!escaped && v.equalsIgnoreCase("NULL")) {
                return SqlNull.INSTANCE;
            }
            return elementValue(v);
        }

        Object elementValue(String v) {
            try {
                return parseText(element, v, serverMajor);
            } catch (ValueParseException e) {
                throw new ValueParseException("array element: " + e.getMessage());
            }
        }
    }

    private static ValueParseException invalidArray(String text, String detail) {
        return new ValueParseException("malformed array literal: \"" + abbreviate(text) + "\" (" + detail + ")");
    }

    // ================================================================================================= helpers

    /** PostgreSQL's {@code isspace}: space, tab, newline, carriage return, vertical tab, form feed. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    static String trimSpace(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && isSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    /** A value cut to 60 characters for messages. */
    /**
     * Refuses text with a UTF-16 surrogate that is not half of a pair ({@code "\\ud800"} in JSON): it has no UTF-8
     * form, so PostgreSQL cannot store it (the driver would send {@code ?} in its place).
     */
    static void checkNoLoneSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new ValueParseException(String.format("contains a lone UTF-16 surrogate (U+%04X at character %d),"
                        + " which PostgreSQL cannot store", (int) c, i));
            }
        }
    }

    /**
     * A JSON value for a json, jsonb or PostGIS column, refused where PostgreSQL would refuse it (or store it
     * altered): a number outside numeric's range ({@code jsonb_in} reads numbers with {@code numeric_in}), a string or
     * key with NUL or a lone surrogate. Walks the tree without recursion.
     */
    static JsonValue checkJsonForPostgres(JsonValue root) {
        java.util.ArrayDeque<JsonValue> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonValue v = todo.pop();
            if (v instanceof JsonNumber n) {
                numericInRange(n.value());
            } else if (v instanceof JsonString s) {
                checkJsonText(s.value());
            } else if (v instanceof JsonArray a) {
                for (JsonValue e : a.elements()) {
                    todo.push(e);
                }
            } else if (v instanceof JsonObject o) {
                for (int i = 0; i < o.size(); i++) {
                    checkJsonText(o.keyAt(i));
                    todo.push(o.valueAt(i));
                }
            }
        }
        return root;
    }

    private static void checkJsonText(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new ValueParseException("unsupported Unicode escape sequence: \\u0000 cannot be converted to text");
        }
        checkNoLoneSurrogate(s);
    }

    /** At most the first 20 labels, then how many more. */
    private static String abbreviate(List<String> labels) {
        return labels.size() <= 20 ? labels.toString()
                : labels.subList(0, 20).toString().replaceFirst("]$", ", ... (" + (labels.size() - 20) + " more)]");
    }

    static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length() && sb.length() < 57) {
            int cp = s.codePointAt(i);
            if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return i < s.length() ? sb + "... (" + s.length() + " characters)" : sb.toString();
    }
}

package dev.hasuraperms.eval;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * jsonb semantics, following PostgreSQL's {@code jsonb_util.c}: storage order of object keys, the btree order
 * ({@code compareJsonbContainers}), containment ({@code JsonbDeepContains}), key existence and the text output
 * ({@code JsonbToCString}).
 */
final class Jsonb {

    private Jsonb() {
    }

    // ---------------------------------------------------------------------------------------------- key order

    /** The keys of {@code o} in jsonb storage order: shorter (in UTF-8 bytes) first, then byte-wise. */
    static List<String> storageOrder(JsonObject o) {
        String[] keys = o.keyList().toArray(new String[0]);
        if (keys.length > 1) {
            Arrays.sort(keys, Jsonb::compareKeysForStorage);
        }
        return Arrays.asList(keys);
    }

    private static int compareKeysForStorage(String a, String b) {
        int la = utf8Length(a);
        int lb = utf8Length(b);
        if (la != lb) {
            return la < lb ? -1 : 1;
        }
        return Values.compareCodePoints(a, b);
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------- ordering

    private static boolean isScalar(JsonValue v) {
        return !(v instanceof JsonArray) && !(v instanceof JsonObject);
    }

    /** jbvNull < jbvString < jbvNumeric < jbvBool < jbvArray < jbvObject. */
    private static int rank(JsonValue v) {
        if (v instanceof JsonNull) {
            return 0;
        }
        if (v instanceof JsonString) {
            return 1;
        }
        if (v instanceof JsonNumber) {
            return 2;
        }
        if (v instanceof JsonBoolean) {
            return 3;
        }
        return v instanceof JsonArray ? 16 : 17;
    }

    /**
     * The jsonb btree order ({@code compareJsonbContainers}). A top-level scalar is stored as a one-element "raw
     * scalar" array: against an object it is smaller (array before object); against an array it is smaller unless
     * that array is empty (PostgreSQL compares the element counts after the raw-scalar flag, and the count wins).
     */
    static int compare(JsonValue a, JsonValue b) {
        boolean ra = isScalar(a);
        boolean rb = isScalar(b);
        if (ra != rb) {
            JsonValue container = ra ? b : a;
            if (container instanceof JsonObject) {
                return ra ? -1 : 1;
            }
            int res = ra ? -1 : 1;
            int na = ra ? 1 : ((JsonArray) a).size();
            int nb = rb ? 1 : ((JsonArray) b).size();
            if (na != nb) {
                res = na > nb ? 1 : -1;
            }
            return res;
        }
        return compareValues(a, b);
    }

    private static int compareValues(JsonValue a, JsonValue b) {
        int ta = rank(a);
        int tb = rank(b);
        if (ta != tb) {
            return ta < tb ? -1 : 1;
        }
        if (a instanceof JsonArray x) {
            JsonArray y = (JsonArray) b;
            if (x.size() != y.size()) {
                return x.size() > y.size() ? 1 : -1;
            }
            for (int i = 0; i < x.size(); i++) {
                int c = compareValues(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
        if (a instanceof JsonObject x) {
            JsonObject y = (JsonObject) b;
            if (x.size() != y.size()) {
                return x.size() > y.size() ? 1 : -1;
            }
            List<String> kx = storageOrder(x);
            List<String> ky = storageOrder(y);
            for (int i = 0; i < kx.size(); i++) {
                // Keys are compared as strings (collation order), not in storage order.
                int c = Values.compareCodePoints(kx.get(i), ky.get(i));
                if (c != 0) {
                    return c < 0 ? -1 : 1;
                }
                c = compareValues(x.get(kx.get(i)).orElseThrow(), y.get(ky.get(i)).orElseThrow());
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
        return compareScalars(a, b);
    }

    private static int compareScalars(JsonValue a, JsonValue b) {
        if (a instanceof JsonString x) {
            int c = Values.compareCodePoints(x.value(), ((JsonString) b).value());
            return Integer.signum(c);
        }
        if (a instanceof JsonNumber x) {
            return x.value().compareTo(((JsonNumber) b).value());
        }
        if (a instanceof JsonBoolean x) {
            return Boolean.compare(x.value(), ((JsonBoolean) b).value());
        }
        return 0;
    }

    /** Scalars of one type and equal value (numbers by value). */
    private static boolean scalarEquals(JsonValue a, JsonValue b) {
        return rank(a) == rank(b) && compareScalars(a, b) == 0;
    }

    // ---------------------------------------------------------------------------------------------- containment

    /** {@code a @> b} ({@code JsonbDeepContains} on the top-level containers). */
    static boolean contains(JsonValue a, JsonValue b) {
        // Top-level scalars are raw-scalar pseudo arrays of one element.
        boolean rawA = isScalar(a);
        boolean rawB = isScalar(b);
        JsonValue ca = rawA ? JsonArray.of(List.of(a)) : a;
        JsonValue cb = rawB ? JsonArray.of(List.of(b)) : b;
        if (ca instanceof JsonArray && cb instanceof JsonArray && rawA && !rawB) {
            // A raw scalar may contain another raw scalar, and an array may contain a raw scalar, but a raw scalar
            // may not contain an array.
            return false;
        }
        return deepContains(ca, cb);
    }

    private static boolean deepContains(JsonValue a, JsonValue b) {
        if (a instanceof JsonObject x) {
            if (!(b instanceof JsonObject y)) {
                return false;
            }
            if (x.size() < y.size()) {
                return false;
            }
            for (String k : y.keyList()) {
                JsonValue lhs = x.get(k).orElse(null);
                if (lhs == null) {
                    return false;
                }
                JsonValue rhs = y.get(k).orElseThrow();
                boolean ls = isScalar(lhs);
                boolean rs = isScalar(rhs);
                if (ls != rs) {
                    return false;
                }
                if (ls) {
                    if (!scalarEquals(lhs, rhs)) {
                        return false;
                    }
                } else if (!deepContains(lhs, rhs)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof JsonArray x) {
            if (!(b instanceof JsonArray y)) {
                return false;
            }
            List<JsonValue> lhsContainers = null;
            for (JsonValue e : y.elements()) {
                if (isScalar(e)) {
                    boolean found = false;
                    for (JsonValue l : x.elements()) {
                        if (isScalar(l) && scalarEquals(l, e)) {
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        return false;
                    }
                } else {
                    if (lhsContainers == null) {
                        lhsContainers = new ArrayList<>();
                        for (JsonValue l : x.elements()) {
                            if (!isScalar(l)) {
                                lhsContainers.add(l);
                            }
                        }
                    }
                    boolean found = false;
                    for (JsonValue l : lhsContainers) {
                        if (deepContains(l, e)) {
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }

    /**
     * {@code j ? key}: a key of a top-level object, a string element of a top-level array, or a top-level string
     * equal to {@code key}.
     */
    static boolean hasKey(JsonValue j, String key) {
        if (j instanceof JsonObject o) {
            return o.has(key);
        }
        if (j instanceof JsonArray a) {
            for (JsonValue e : a.elements()) {
                if (e instanceof JsonString s && s.value().equals(key)) {
                    return true;
                }
            }
            return false;
        }
        return j instanceof JsonString s && s.value().equals(key);
    }

    // ---------------------------------------------------------------------------------------------- text output

    /** jsonb's text output: {@code {"a": 1, "b": [1, 2]}}, keys in storage order, numbers as numeric prints them. */
    static String toText(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void write(JsonValue v, StringBuilder sb) {
        if (v instanceof JsonObject o) {
            sb.append('{');
            boolean first = true;
            for (String k : storageOrder(o)) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                escape(k, sb);
                sb.append(": ");
                write(o.get(k).orElseThrow(), sb);
            }
            sb.append('}');
        } else if (v instanceof JsonArray a) {
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(a.get(i), sb);
            }
            sb.append(']');
        } else if (v instanceof JsonString s) {
            escape(s.value(), sb);
        } else if (v instanceof JsonNumber n) {
            sb.append(numericText(n.value()));
        } else if (v instanceof JsonBoolean b) {
            sb.append(b.value() ? "true" : "false");
        } else {
            sb.append("null");
        }
    }

    /** numeric_out: plain notation with the display scale the input had (never negative). */
    static String numericText(BigDecimal d) {
        BigDecimal x = d.scale() < 0 ? d.setScale(0) : d;
        return x.toPlainString();
    }

    /** escape_json. */
    static void escape(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                default:
                    if (c < ' ') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

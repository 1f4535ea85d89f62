package dev.hasuraperms.types;

import dev.hasuraperms.json.JsonValue;
import java.math.BigDecimal;
import java.util.List;

/**
 * The PostgreSQL text form of Java values (as {@link PgValues} produces them): what the type's input function reads
 * back as the same value. Backends bind values in this form where JDBC has no exact type (arrays, intervals, jsonb).
 */
public final class PgText {

    private PgText() {
    }

    /** Text PostgreSQL's input function for the value's type reads back as the same value. */
    public static String of(Object v) {
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d.toString();
        }
        if (v instanceof Float f) {
            return f.isNaN() ? "NaN" : f.isInfinite() ? (f > 0 ? "Infinity" : "-Infinity") : f.toString();
        }
        if (v instanceof JsonValue j) {
            return j.toJson();
        }
        if (v instanceof PgInterval i) {
            return i.toIso();
        }
        if (v instanceof List<?> l) {
            return arrayLiteral(l);
        }
        return String.valueOf(v);
    }

    /** A PostgreSQL array literal: every element quoted, NULL for SQL NULL, nested braces for more dimensions. */
    public static String arrayLiteral(List<?> elements) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = elements.get(i);
            if (e == SqlNull.INSTANCE) {
                sb.append("NULL");
            } else if (e instanceof List<?> inner) {
                sb.append(arrayLiteral(inner));
            } else {
                String t = of(e);
                sb.append('"');
                for (int k = 0; k < t.length(); k++) {
                    char c = t.charAt(k);
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append('"');
            }
        }
        return sb.append('}').toString();
    }
}

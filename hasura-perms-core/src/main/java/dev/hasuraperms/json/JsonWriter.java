package dev.hasuraperms.json;

import java.util.Map;

/** Writes {@link JsonValue}s as JSON text. Deterministic: object members in their stored order. */
public final class JsonWriter {

    private JsonWriter() {
    }

    /**
     * Compact JSON, no white space.
     *
     * @param value the value; never null
     * @return the JSON text, never null
     */
    public static String compact(JsonValue value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, -1, 0);
        return sb.toString();
    }

    /**
     * Pretty JSON, two-space indentation, a trailing newline.
     *
     * @param value the value; never null
     * @return the JSON text, never null
     */
    public static String pretty(JsonValue value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, 2, 0);
        return sb.append('\n').toString();
    }

    private static void write(JsonValue value, StringBuilder sb, int indent, int level) {
        if (value instanceof JsonNull) {
            sb.append("null");
        } else if (value instanceof JsonBoolean b) {
            sb.append(b.value());
        } else if (value instanceof JsonNumber n) {
            sb.append(n.value().toString());
        } else if (value instanceof JsonString s) {
            quote(s.value(), sb);
        } else if (value instanceof JsonArray a) {
            if (a.elements().isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(sb, indent, level + 1);
                write(a.get(i), sb, indent, level + 1);
            }
            newline(sb, indent, level);
            sb.append(']');
        } else {
            JsonObject o = (JsonObject) value;
            if (o.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(sb, indent, level + 1);
                quote(e.getKey(), sb);
                sb.append(indent >= 0 ? ": " : ":");
                write(e.getValue(), sb, indent, level + 1);
            }
            newline(sb, indent, level);
            sb.append('}');
        }
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        if (indent >= 0) {
            sb.append('\n');
            sb.append(" ".repeat(indent * level));
        }
    }

    /**
     * Appends {@code s} as a JSON string literal.
     *
     * @param s the string; never null
     * @param sb where the literal is appended; never null
     */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

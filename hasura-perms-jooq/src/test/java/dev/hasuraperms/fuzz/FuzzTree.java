package dev.hasuraperms.fuzz;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A mutable JSON tree for the fuzzer: unlike {@link JsonValue} it can hold duplicate keys and number tokens of any
 * spelling ({@code 1e999999999}), and it writes itself as JSON or as block YAML.
 */
final class FuzzTree {

    private FuzzTree() {
    }

    sealed interface Node permits Obj, Arr, Raw {
        Node copy();
    }

    /** A member of an object; keys may repeat. */
    static final class Member {
        String key;
        Node value;

        Member(String key, Node value) {
            this.key = key;
            this.value = value;
        }
    }

    static final class Obj implements Node {
        final List<Member> members = new ArrayList<>();

        @Override
        public Obj copy() {
            Obj o = new Obj();
            for (Member m : members) {
                o.members.add(new Member(m.key, m.value.copy()));
            }
            return o;
        }
    }

    static final class Arr implements Node {
        final List<Node> elements = new ArrayList<>();

        @Override
        public Arr copy() {
            Arr a = new Arr();
            for (Node n : elements) {
                a.elements.add(n.copy());
            }
            return a;
        }
    }

    /** A scalar as the JSON token that spells it: {@code "text"} (already quoted), {@code 1e5}, {@code true}, {@code null}. */
    record Raw(String token) implements Node {
        @Override
        public Raw copy() {
            return this;
        }

        static Raw string(String s) {
            return new Raw(quote(s));
        }

        boolean isString() {
            return token.startsWith("\"");
        }
    }

    static Node of(JsonValue v) {
        if (v instanceof JsonObject o) {
            Obj r = new Obj();
            for (int i = 0; i < o.size(); i++) {
                r.members.add(new Member(o.keyAt(i), of(o.valueAt(i))));
            }
            return r;
        }
        if (v instanceof JsonArray a) {
            Arr r = new Arr();
            for (JsonValue e : a.elements()) {
                r.elements.add(of(e));
            }
            return r;
        }
        if (v instanceof JsonString s) {
            return Raw.string(s.value());
        }
        if (v instanceof JsonNumber n) {
            return new Raw(n.value().toString());
        }
        if (v instanceof JsonBoolean b) {
            return new Raw(b.toString());
        }
        if (v instanceof JsonNull) {
            return new Raw("null");
        }
        throw new IllegalArgumentException(v.getClass().getName());
    }

    /** JSON string literal; every non-ASCII or control character (including lone surrogates) is a {@code \\u} escape. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String toJson(Node n) {
        StringBuilder b = new StringBuilder();
        writeJson(n, b);
        return b.toString();
    }

    private static void writeJson(Node n, StringBuilder b) {
        // iterative over depth would be nicer; the fuzzer's deep nesting stays within a few thousand levels
        if (n instanceof Obj o) {
            b.append('{');
            for (int i = 0; i < o.members.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                Member m = o.members.get(i);
                b.append(quote(m.key)).append(':');
                writeJson(m.value, b);
            }
            b.append('}');
        } else if (n instanceof Arr a) {
            b.append('[');
            for (int i = 0; i < a.elements.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                writeJson(a.elements.get(i), b);
            }
            b.append(']');
        } else {
            b.append(((Raw) n).token());
        }
    }

    /** Block-style YAML: objects and arrays indented, empty ones and very deep ones in flow (JSON) style. */
    static String toYaml(Node n) {
        StringBuilder b = new StringBuilder();
        if (n instanceof Raw || isEmpty(n)) {
            b.append(toJson(n)).append('\n');
        } else {
            writeYaml(n, b, 0);
        }
        return b.toString();
    }

    private static boolean isEmpty(Node n) {
        return n instanceof Obj o && o.members.isEmpty() || n instanceof Arr a && a.elements.isEmpty();
    }

    private static void writeYaml(Node n, StringBuilder b, int indent) {
        String pad = " ".repeat(indent);
        if (n instanceof Obj o) {
            for (Member m : o.members) {
                b.append(pad).append(yamlKey(m.key)).append(':');
                inline(m.value, b, indent);
            }
        } else if (n instanceof Arr a) {
            for (Node e : a.elements) {
                b.append(pad).append('-');
                inline(e, b, indent);
            }
        }
    }

    private static void inline(Node v, StringBuilder b, int indent) {
        if (v instanceof Raw || isEmpty(v) || indent > 200) {
            b.append(' ').append(toJson(v)).append('\n');
        } else {
            b.append('\n');
            writeYaml(v, b, indent + 2);
        }
    }

    private static String yamlKey(String k) {
        if (k.matches("[A-Za-z_][A-Za-z0-9_]*") && !k.equals("true") && !k.equals("false") && !k.equals("null")
                && !k.equals("yes") && !k.equals("no") && !k.equals("on") && !k.equals("off") && !k.equals("y")
                && !k.equals("n")) {
            return k;
        }
        return quote(k);
    }
}

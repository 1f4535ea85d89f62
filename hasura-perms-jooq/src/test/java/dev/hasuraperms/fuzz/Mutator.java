package dev.hasuraperms.fuzz;

import dev.hasuraperms.fuzz.FuzzTree.Arr;
import dev.hasuraperms.fuzz.FuzzTree.Member;
import dev.hasuraperms.fuzz.FuzzTree.Node;
import dev.hasuraperms.fuzz.FuzzTree.Obj;
import dev.hasuraperms.fuzz.FuzzTree.Raw;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Seeded structural and textual mutations of metadata documents, with hostile values. Every choice comes from the
 * one {@link SplittableRandom} given, so a (seed, index) pair replays exactly.
 */
final class Mutator {

    /** Number tokens that have hurt parsers: out-of-range exponents, very long digit strings, negative zero. */
    static final List<String> NUMBERS = List.of("1e999999999", "-1e999999999", "1e-2147483648", "1e2147483647",
            "-1e-999999999", "1e100000000", "1E+400", "-0", "0.0", "1.5", "-1", "0", "1", "2147483648", "-2147483649",
            "9223372036854775808", "-9223372036854775809", "1.7976931348623157e309", "4.9e-325",
            "123456789012345678901234567890123456789", "1" + "0".repeat(2000), "0." + "0".repeat(2000) + "1",
            "1e-400", "99999999999999999999e-99999999");

    /** Strings for names, values and keys: new lines, NUL, lone surrogates, SQL and regex metacharacters, long text. */
    static final List<String> STRINGS = List.of("", " ", "a\nb", "\n", "a\rb", "a\u0000b", "\u0000", "\ud800",
            "x\udc00", "\udc00\ud800", "\u00e9\u4e2d\ud83d\ude00", "\u202e", "\ufeff", "a\"b", "a\\b", "a'b", "'; --",
            "a.b", "public", "public.x", "$", "$.id", "*", "_eq", "x-hasura-user-id", "X-Hasura-User-Id",
            "X-HASURA-ROLE", "x-hasura-", "x-hasura-a\nb", "x-hasura-\u0000", "x-hasura-" + "v".repeat(300),
            "X-Hasura-Allowed-Ids", "(a{1,10}){1,10}$", "[", "(", "\\", "%", "_", "{1,2}", "{}", "{\"a\": 1}", "true",
            "null", "1e999999999", "1e-2147483648", "NaN", "now()", "admin", "anonymous", "user", "default", "id",
            "name", "a".repeat(70), "n".repeat(100_000), "\ud83d".repeat(1000), "a\tb", "{{1}}", "2020-13-45",
            "00000000-0000-0000-0000-000000000000");

    /** Boolean-expression operators, real ones, Hasura's $-spellings and unknown ones. */
    static final List<String> OPERATORS = List.of("_eq", "_neq", "_ne", "_gt", "_lt", "_gte", "_lte", "_in", "_nin",
            "_like", "_nlike", "_ilike", "_nilike", "_similar", "_nsimilar", "_regex", "_nregex", "_iregex",
            "_niregex", "_is_null", "_ceq", "_cne", "_cgt", "_clt", "_cgte", "_clte", "_contains", "_contained_in",
            "_has_key", "_has_keys_any", "_has_keys_all", "_ancestor", "_descendant", "_matches", "_st_contains",
            "_st_d_within", "_exists", "_and", "_or", "_not", "$eq", "$in", "$and", "$or", "$not", "_unknown", "_EQ",
            "_eq\n", "_table", "_where", "_count", "_cast", "$", "");

    /** Keys of the metadata formats, and some that are not. */
    static final List<String> KEYS = List.of("version", "sources", "tables", "table", "name", "schema", "kind",
            "select_permissions", "insert_permissions", "update_permissions", "delete_permissions", "role",
            "permission", "columns", "filter", "check", "set", "limit", "allow_aggregations", "computed_fields",
            "backend_only", "object_relationships", "array_relationships", "using", "foreign_key_constraint_on",
            "manual_configuration", "remote_table", "column_mapping", "inherited_roles", "role_name", "role_set",
            "functions", "function", "configuration", "logical_models", "native_queries", "fields", "type", "args",
            "nullable", "query_root_fields", "subscription_root_fields", "validate_input", "definition", "comment",
            "is_enum", "custom_name", "source", "insertion_order", "relationship", "column", "code", "arguments",
            "returns", "sql", "cascade", "unknown_key", "permissions", "x", "");

    private static final List<String> JSON_TOKENS = List.of("\"\\u", "\"\\ud800\"", "\"\\u0000\"", "1e999999999",
            "1e-2147483648", "-1e999999999", "NaN", "Infinity", "-", "1e", "0001", "//c\n", "/*", ",", ",,", "]",
            "}", "{", "[", ":", "\"", "\\", "\u0000", "\ufeff", "\ud800", "true", "nul", "\"a\":1,", "\"\\x\"");

    private static final List<String> YAML_VALUES = List.of("!!int abc", "!!float abc", "!!int 1e999999999",
            "!!float 1e999999999", "!!binary abc", "!!timestamp 2020-99-99", "!!bool maybe", "!!null x",
            "!!set {a, b}", "!!omap [a: 1]", "!!map [1]", "!!str", "!!python/object:os.system x", "!custom x",
            "!include foo.yaml", "!include /etc/hostname", "!include \"a\\0b\"", "!include ../../../x.yaml",
            "!include \"\"", "!include [a]", "*undefined", "&a x", "\"\\u", "\"\\u12", "\"\\ud800\"", "\"\\x00\"",
            "'unterminated", "\"unterminated", "[a, b", "{a: 1", "|", ">", "1e999999999", "-1e999999999",
            "1e-2147483648", ".inf", ".nan", "0x1F", "0o17", "1_000", "2001-12-14t21:59:43.10-05:00", "~", "?",
            "- - -", "a: b: c", "\t", "@x", "`x", "%x");

    private static final List<String> YAML_LINES = List.of("---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:",
            "<<: *a", "<<: {a: 1}", "? complex", ": value", "\tkey: tab", "a: &a [1, 2]", "b: *a", "- item",
            "k: !!int abc", "k: !include x.yaml", "k: \"\\u", "# comment");

    private final SplittableRandom r;
    /** Deep nesting at most once per mutator: the generator itself recurses over the tree. */
    private boolean deepUsed;

    Mutator(SplittableRandom r) {
        this.r = r;
    }

    SplittableRandom random() {
        return r;
    }

    <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    /** How many mutations to apply: 1 mostly, up to 6. */
    int count() {
        int n = 1;
        while (n < 6 && chance(40)) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------------ tree

    /** A place in a tree that can be read and replaced. */
    private record Slot(Node value, Consumer<Node> set, Obj parent, int memberIndex) {
    }

    private static void slots(Node root, Consumer<Node> setRoot, List<Slot> out) {
        // iterative: mutated trees can be deep
        record Todo(Node n, Consumer<Node> set, Obj parent, int index) {
        }
        List<Todo> stack = new ArrayList<>();
        stack.add(new Todo(root, setRoot, null, -1));
        while (!stack.isEmpty()) {
            Todo t = stack.remove(stack.size() - 1);
            out.add(new Slot(t.n(), t.set(), t.parent(), t.index()));
            if (t.n() instanceof Obj o) {
                for (int i = 0; i < o.members.size(); i++) {
                    Member m = o.members.get(i);
                    stack.add(new Todo(m.value, v -> m.value = v, o, i));
                }
            } else if (t.n() instanceof Arr a) {
                for (int i = 0; i < a.elements.size(); i++) {
                    int idx = i;
                    stack.add(new Todo(a.elements.get(i), v -> a.elements.set(idx, v), null, -1));
                }
            }
        }
    }

    /** Applies {@link #count()} structural mutations; returns the (possibly replaced) root. */
    Node mutateTree(Node root) {
        Node[] holder = {root};
        int n = count();
        for (int i = 0; i < n; i++) {
            List<Slot> all = new ArrayList<>();
            slots(holder[0], v -> holder[0] = v, all);
            if (all.size() > 200_000) {
                break;
            }
            mutateOnce(all, pick(all));
        }
        return holder[0];
    }

    private void mutateOnce(List<Slot> all, Slot s) {
        switch (r.nextInt(16)) {
            case 0, 1, 2 -> s.set().accept(hostileValue(all));
            case 3 -> { // rename the key of this member
                if (s.parent() != null) {
                    s.parent().members.get(s.memberIndex()).key = hostileKey();
                } else {
                    s.set().accept(hostileValue(all));
                }
            }
            case 4 -> { // duplicate a member (same key twice)
                if (s.parent() != null) {
                    Member m = s.parent().members.get(s.memberIndex());
                    s.parent().members.add(r.nextInt(s.parent().members.size() + 1),
                            new Member(m.key, chance(50) ? m.value.copy() : hostileValue(all)));
                }
            }
            case 5 -> { // delete
                if (s.value() instanceof Obj o && !o.members.isEmpty()) {
                    o.members.remove(r.nextInt(o.members.size()));
                } else if (s.value() instanceof Arr a && !a.elements.isEmpty()) {
                    a.elements.remove(r.nextInt(a.elements.size()));
                } else if (s.parent() != null) {
                    s.parent().members.remove(s.memberIndex());
                }
            }
            case 6, 7 -> { // add a member or element
                if (s.value() instanceof Obj o) {
                    o.members.add(r.nextInt(o.members.size() + 1), new Member(hostileKey(), hostileValue(all)));
                } else if (s.value() instanceof Arr a) {
                    a.elements.add(r.nextInt(a.elements.size() + 1), hostileValue(all));
                } else {
                    s.set().accept(hostileValue(all));
                }
            }
            case 8 -> s.set().accept(wrap(s.value()));
            case 9 -> s.set().accept(deep(s.value()));
            case 10 -> s.set().accept(pick(all).value().copy()); // transplant
            case 11 -> { // empty
                if (s.value() instanceof Obj o) {
                    o.members.clear();
                } else if (s.value() instanceof Arr a) {
                    a.elements.clear();
                } else {
                    s.set().accept(chance(50) ? new Obj() : new Arr());
                }
            }
            case 12 -> s.set().accept(wrongType(s.value()));
            case 13 -> s.set().accept(many(s.value()));
            case 14 -> s.set().accept(comparison());
            default -> { // a string anywhere becomes a hostile string; a number a hostile number
                if (s.value() instanceof Raw raw && raw.isString()) {
                    s.set().accept(Raw.string(hostileString()));
                } else {
                    s.set().accept(new Raw(pick(NUMBERS)));
                }
            }
        }
    }

    String hostileKey() {
        return switch (r.nextInt(4)) {
            case 0 -> pick(OPERATORS);
            case 1 -> pick(KEYS);
            case 2 -> hostileString();
            default -> pick(KEYS) + pick(List.of("\n", "\u0000", "\ud800", " ", "_", "s", "X", ".x"));
        };
    }

    String hostileString() {
        return switch (r.nextInt(6)) {
            case 0 -> "x".repeat(1 + r.nextInt(1 << r.nextInt(18))); // log-uniform up to 256k
            case 1 -> pick(STRINGS) + pick(STRINGS);
            default -> pick(STRINGS);
        };
    }

    Node hostileValue(List<Slot> all) {
        return switch (r.nextInt(12)) {
            case 0, 1 -> new Raw(pick(NUMBERS));
            case 2, 3 -> Raw.string(hostileString());
            case 4 -> new Raw(pick(List.of("true", "false", "null")));
            case 5 -> chance(50) ? new Obj() : new Arr();
            case 6 -> columnRef();
            case 7 -> comparison();
            case 8 -> pick(all).value().copy();
            case 9 -> Raw.string(pick(List.of("X-Hasura-User-Id", "x-hasura-user-id", "X-Hasura-Org-Ids",
                    "x-hasura-role", "X-Hasura-Allowed-Roles", "x-hasura-", "X-HASURA-ID\n", "x-hasura-\ud800")));
            case 10 -> Raw.string(pick(List.of("*", "id", "name", "$", "", "public", "secret")));
            default -> wrongType(new Raw("null"));
        };
    }

    /** {@code ["$", "id"]}-style column references, well and badly formed. */
    Node columnRef() {
        Arr a = new Arr();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            a.elements.add(switch (r.nextInt(6)) {
                case 0 -> Raw.string("$");
                case 1 -> Raw.string(pick(List.of("id", "name", "user_id", "author_id", "secret", "a\nb")));
                case 2 -> new Raw(pick(NUMBERS));
                case 3 -> new Raw("null");
                case 4 -> new Arr();
                default -> Raw.string(hostileString());
            });
        }
        return chance(80) ? a : Raw.string(pick(List.of("$", "$.id", "id", "[\"$\",\"id\"]")));
    }

    /** {@code {"column": {"op": value}}} with a random operator and value. */
    Node comparison() {
        Obj inner = new Obj();
        String op = pick(OPERATORS);
        Node value = switch (r.nextInt(5)) {
            case 0 -> columnRef();
            case 1 -> new Raw(pick(NUMBERS));
            case 2 -> Raw.string(hostileString());
            case 3 -> new Raw(pick(List.of("true", "null", "{}", "[]")));
            default -> Raw.string(pick(List.of("X-Hasura-User-Id", "x-hasura-org-ids", "X-Hasura-Name")));
        };
        inner.members.add(new Member(op, value));
        Obj outer = new Obj();
        outer.members.add(new Member(pick(List.of("id", "name", "user_id", "author_id", "secret", "title", "_and",
                "_or", "_not", "_exists", hostileKey())), inner));
        return outer;
    }

    private Node wrap(Node v) {
        return switch (r.nextInt(5)) {
            case 0 -> arr(v);
            case 1 -> obj("_not", v);
            case 2 -> obj("_and", arr(v));
            case 3 -> obj(pick(OPERATORS), v);
            default -> obj(hostileKey(), v);
        };
    }

    /** Nests a value 50 to 3000 levels deep. */
    private Node deep(Node v) {
        if (deepUsed) {
            return wrap(v);
        }
        deepUsed = true;
        int depth = chance(50) ? 50 + r.nextInt(100) : 400 + r.nextInt(2600);
        int shape = r.nextInt(4);
        Node n = v;
        for (int i = 0; i < depth; i++) {
            n = switch (shape) {
                case 0 -> obj("_and", arr(n));
                case 1 -> obj("_not", n);
                case 2 -> arr(n);
                default -> obj("author", n);
            };
        }
        return n;
    }

    /** Many elements or members: a long _in list, many columns, many keys. */
    private Node many(Node v) {
        int n = chance(85) ? 10 + r.nextInt(1000) : 1000 + r.nextInt(30_000);
        if (r.nextBoolean()) {
            Arr a = new Arr();
            for (int i = 0; i < n; i++) {
                a.elements.add(r.nextBoolean() ? Raw.string("c" + i) : new Raw(Integer.toString(i)));
            }
            return a;
        }
        Obj o = new Obj();
        for (int i = 0; i < n; i++) {
            o.members.add(new Member(chance(5) ? "k" : "k" + i, v instanceof Raw ? v : new Raw("1")));
        }
        return o;
    }

    private Node wrongType(Node v) {
        return switch (r.nextInt(6)) {
            case 0 -> Raw.string(FuzzTree.toJson(v).length() > 1000 ? "x" : FuzzTree.toJson(v));
            case 1 -> new Raw("true");
            case 2 -> new Raw(pick(NUMBERS));
            case 3 -> arr(new Raw("null"));
            case 4 -> obj("", new Raw("null"));
            default -> new Raw("null");
        };
    }

    static Arr arr(Node... nodes) {
        Arr a = new Arr();
        a.elements.addAll(List.of(nodes));
        return a;
    }

    static Obj obj(String key, Node value) {
        Obj o = new Obj();
        o.members.add(new Member(key, value));
        return o;
    }

    // ------------------------------------------------------------------------------------------------ text

    /** Byte-level damage to JSON text: flips, cuts, duplicated spans, hostile tokens, truncation. */
    String mutateJsonText(String text) {
        String t = text;
        int n = count();
        for (int i = 0; i < n && !t.isEmpty(); i++) {
            int at = r.nextInt(t.length() + 1);
            switch (r.nextInt(6)) {
                case 0 -> t = t.substring(0, at); // truncation
                case 1 -> t = t.substring(0, at) + pick(JSON_TOKENS) + t.substring(at);
                case 2 -> t = flip(t, at);
                case 3 -> {
                    int end = Math.min(t.length(), at + 1 + r.nextInt(40));
                    t = t.substring(0, at) + t.substring(end);
                }
                case 4 -> {
                    int end = Math.min(t.length(), at + 1 + r.nextInt(200));
                    t = t.substring(0, end) + t.substring(at, end) + t.substring(end);
                }
                default -> t = t.substring(0, at) + "\"\\u" + (r.nextBoolean() ? "" : "d8");
            }
        }
        return t;
    }

    /** YAML-aware damage: tags, aliases, includes, truncated escapes, tabs, directives; and the JSON-text damage. */
    String mutateYamlText(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int n = count();
        for (int i = 0; i < n && !lines.isEmpty(); i++) {
            int li = r.nextInt(lines.size());
            String line = lines.get(li);
            switch (r.nextInt(7)) {
                case 0, 1, 2 -> { // replace the value after "key:" or "- "
                    int c = line.indexOf(": ");
                    int d = line.indexOf("- ");
                    if (c >= 0) {
                        lines.set(li, line.substring(0, c + 2) + pick(YAML_VALUES));
                    } else if (d >= 0) {
                        lines.set(li, line.substring(0, d + 2) + pick(YAML_VALUES));
                    } else {
                        lines.set(li, line + " " + pick(YAML_VALUES));
                    }
                }
                case 3 -> lines.add(li, indentOf(line) + pick(YAML_LINES));
                case 4 -> { // an anchor on one value, aliases elsewhere (a small alias bomb sometimes)
                    int c = line.indexOf(": ");
                    if (c >= 0) {
                        lines.set(li, line.substring(0, c + 2) + "&a " + line.substring(c + 2));
                        int lj = r.nextInt(lines.size());
                        String other = lines.get(lj);
                        int c2 = other.indexOf(": ");
                        if (c2 >= 0 && lj > li) {
                            lines.set(lj, other.substring(0, c2 + 2) + (chance(30) ? "[*a, *a, *a, *a, *a, *a, *a, *a]" : "*a"));
                        }
                    } else {
                        lines.add(li, "x: &a [&b [1, 2], *b, *b, *b]");
                    }
                }
                case 5 -> lines.set(li, line.replaceFirst("^( *)  ", "$1\t"));
                default -> {
                    return mutateJsonText(String.join("\n", lines));
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return line.substring(0, i);
    }

    private String flip(String t, int at) {
        if (at >= t.length()) {
            return t + pick(JSON_TOKENS);
        }
        char c = switch (r.nextInt(4)) {
            case 0 -> (char) r.nextInt(0x20);
            case 1 -> (char) (0x20 + r.nextInt(0x5f));
            case 2 -> pick(List.of('"', '\\', '{', '}', '[', ']', ':', ',', '\ud800', '\udc00', '\u00e9'));
            default -> (char) (t.charAt(at) ^ (1 << r.nextInt(7)));
        };
        return t.substring(0, at) + c + t.substring(at + 1);
    }
}

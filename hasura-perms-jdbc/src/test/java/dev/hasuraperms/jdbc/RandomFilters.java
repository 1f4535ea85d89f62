package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.testing.Fixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random data and permission filters for the differential test, over {@code fixtures/differential/schema.sql}
 * (owners → items → parts). The same seed always gives the same data and filters.
 */
public final class RandomFilters {

    public static final List<String> TABLES = List.of("owners", "items", "parts");

    private static final String[] NAMES = {"alpha", "Beta", "gamma ray", "delta", "\u00c9psilon", "zeta_1", "", "a%b",
        "x\\y", "ALPHA", "beta"};
    private static final String[] SCORES = {"-1.5", "0", "1", "2.25", "10", "100.001", "1.0"};
    private static final String[] TIMES = {"2024-01-01T00:00:00Z", "2024-01-01T12:30:00+02:00", "2024-06-15T08:00:00Z",
        "2023-12-31T23:59:59.999999Z", "2025-03-01T00:00:00Z"};
    private static final String[] UUIDS = {"00000000-0000-0000-0000-000000000001", "7fffffff-ffff-ffff-ffff-ffffffffffff",
        "80000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-fffffffffffe"};
    private static final String[] TAGS = {"{}", "{a}", "{a,b}", "{b,NULL}", "{c,a}", "{b}"};
    private static final String[] DOCS = {"{}", "{\"k\": 1}", "{\"k\": \"v\", \"n\": [1, 2]}", "{\"n\": [2]}", "[1, \"k\"]",
        "\"k\"", "5", "null", "{\"k\": 1.0, \"o\": {\"p\": true}}"};
    private static final String[] LIKE = {"%a%", "a%", "%a", "_eta%", "%\\%%", "B%", "%", "%ph_", "gamma%"};
    private static final String[] SIMILAR = {"(alpha|delta)", "%a%", "[ab]%", "_eta", "%(ray|1)"};
    private static final String[] REGEX = {"^a", "a$", "[ab]", "^(gamma|delta)", "ray", "^$", "[0-9]", "A"};

    private final Random random;
    private int sessionCounter;

    public RandomFilters(long seed) {
        this.random = new Random(seed);
    }

    // ------------------------------------------------------------------------------------------------------ data

    /** INSERT statements for the data: 12 owners, 30 items, 50 parts, about a third of every column NULL (foreign keys 2 in 5). */
    public String data() {
        StringBuilder sb = new StringBuilder();
        int[] sizes = {12, 30, 50};
        for (int t = 0; t < 3; t++) {
            String table = TABLES.get(t);
            int parentSize = t > 0 ? sizes[t - 1] : 0;
            for (int id = 1; id <= sizes[t]; id++) {
                sb.append("INSERT INTO ").append(table).append(" VALUES (").append(id);
                if (t > 0) {
                    // Foreign keys are NULL more often than other columns (2 in 5): NULL join keys are what an
                    // unsound semi-join rewrite gets wrong.
                    sb.append(", ").append(random.nextInt(5) < 2 ? "NULL" : String.valueOf(1 + random.nextInt(parentSize)));
                }
                sb.append(", ").append(nullOr(() -> quote(pick(NAMES))));
                sb.append(", ").append(nullOr(() -> pick(SCORES)));
                sb.append(", ").append(nullOr(() -> quote(pick(TIMES))));
                sb.append(", ").append(nullOr(() -> quote(pick(UUIDS))));
                sb.append(", ").append(nullOr(() -> quote(pick(TAGS))));
                sb.append(", ").append(nullOr(() -> quote(pick(DOCS))));
                sb.append(", ").append(nullOr(() -> random.nextBoolean() ? "true" : "false"));
                sb.append(", ").append(nullOr(() -> String.valueOf(random.nextInt(8) - 2)));
                sb.append(");\n");
            }
        }
        return sb.toString();
    }

    private String nullOr(java.util.function.Supplier<String> value) {
        return random.nextInt(3) == 0 ? "NULL" : value.get();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    // --------------------------------------------------------------------------------------------------- filters

    /** A filter with its session variables. */
    public record Filter(JsonValue filter, Map<String, String> session) {
    }

    /** A random filter on {@code table}. */
    public Filter filter(String table) {
        Map<String, String> session = new LinkedHashMap<>();
        JsonValue f = exp(table, table, 0, session);
        return new Filter(f, session);
    }

    private JsonValue exp(String table, String root, int depth, Map<String, String> session) {
        int n = random.nextInt(depth == 0 ? 3 : 2) + (depth == 0 ? 1 : 0);
        Map<String, JsonValue> m = new LinkedHashMap<>();
        int special = depth == 0 ? random.nextInt(8) : -1;
        if (special == 2 || special == 3) {
            // An OR whose branches compare related rows with the filtered row itself (["$", column] at the end of a
            // chain of 1 to 3 relationships, at times under a _not inside the chain), sometimes under a _not as a
            // whole: the optimizer isolates such an OR on the row's identity with the chains flattened into joins
            // (select filters), and must leave it alone under the NOT.
            List<JsonValue> ops = new ArrayList<>();
            int c = 1 + random.nextInt(3);
            for (int i = 0; i < c; i++) {
                if (i == 0 || random.nextBoolean()) {
                    ops.add(rootRefChain(table, root, 1 + random.nextInt(3), session));
                } else {
                    ops.addAll(relationshipOr(table, root, depth, session).subList(0, 1));
                }
            }
            if (random.nextInt(5) == 0) {
                m.put("_not", JsonObject.of(Map.of("_or", JsonArray.of(ops))));
            } else {
                m.put("_or", JsonArray.of(ops));
            }
            n = random.nextInt(2);
        }
        if (special == 1) {
            // Two filters on the same relationship, ANDed: merged into one subquery where the relationship's key is
            // unique (an object relationship), kept as two otherwise.
            List<String[]> rels = relationships(table);
            String[] rel = rels.get(random.nextInt(rels.size()));
            m.put("_and", JsonArray.of(List.of(JsonObject.of(Map.of(rel[0], exp(rel[1], root, 2, session))),
                    JsonObject.of(Map.of(rel[0], exp(rel[1], root, 2, session))))));
            n = random.nextInt(2);
        }
        if (special == 0) {
            // An OR of relationship filters AND a _not over a relationship: the optimizer distributes the NOT into
            // the OR's branches, merging it where the branch goes through the same (unique) relationship and
            // isolating the branch in a subquery on the primary key otherwise.
            m.put("_or", JsonArray.of(relationshipOr(table, root, depth, session)));
            List<String[]> rels = relationships(table);
            String[] rel = rels.get(random.nextInt(rels.size()));
            int shape = random.nextInt(4);
            JsonValue inner = shape == 0 ? JsonObject.empty()
                    : shape == 1 ? JsonObject.of(Map.of("id", intExp(rel[1], "id", root, session)))
                    : exp(rel[1], root, 2, session);
            m.put("_not", JsonObject.of(Map.of(rel[0], inner)));
            n = random.nextInt(2);
        }
        for (int i = 0; i < n; i++) {
            addTerm(m, table, root, depth, session);
        }
        return JsonObject.of(m);
    }

    private void addTerm(Map<String, JsonValue> m, String table, String root, int depth, Map<String, String> session) {
        int k = random.nextInt(100);
        if (depth >= 3 || k < 50) {
            String column = pick(columns(table));
            if (!m.containsKey(column)) {
                m.put(column, columnExp(table, column, root, session));
            }
        } else if (k < 56) {
            // An OR of relationship filters (the shape the optimizer rewrites), sometimes with a column term beside.
            if (!m.containsKey("_or")) {
                m.put("_or", JsonArray.of(relationshipOr(table, root, depth, session)));
            }
        } else if (k < 62) {
            String key = random.nextBoolean() ? "_and" : "_or";
            if (!m.containsKey(key)) {
                List<JsonValue> ops = new ArrayList<>();
                int c = random.nextInt(4);
                for (int i = 0; i < c; i++) {
                    ops.add(exp(table, root, depth + 1, session));
                }
                m.put(key, JsonArray.of(ops));
            }
        } else if (k < 72) {
            if (!m.containsKey("_not")) {
                int shape = random.nextInt(4);
                if (shape == 0) {
                    // NOT over an OR of relationship filters: the rewrite must not apply here.
                    m.put("_not", JsonObject.of(Map.of("_or", JsonArray.of(relationshipOr(table, root, depth, session)))));
                } else if (shape == 1) {
                    // Nested NOT: the rewrite may apply again under the second one.
                    m.put("_not", JsonObject.of(Map.of("_not", exp(table, root, depth + 1, session))));
                } else {
                    m.put("_not", exp(table, root, depth + 1, session));
                }
            }
        } else if (k < 92) {
            List<String[]> rels = relationships(table);
            String[] rel = rels.get(random.nextInt(rels.size()));
            if (!m.containsKey(rel[0])) {
                m.put(rel[0], random.nextInt(8) == 0 ? JsonObject.empty() : exp(rel[1], root, depth + 1, session));
            }
        } else if (k < 97) {
            if (!m.containsKey("_exists")) {
                String target = pick(TABLES.toArray(new String[0]));
                Map<String, JsonValue> x = new LinkedHashMap<>();
                x.put("_table", JsonString.of(target));
                Map<String, JsonValue> where = new LinkedHashMap<>();
                where.put("rank", JsonObject.of(Map.of(pick(new String[]{"_ceq", "_cgt", "_cne"}),
                        JsonArray.of(List.of(JsonString.of("$"), JsonString.of("rank"))))));
                if (random.nextBoolean()) {
                    addTerm(where, target, root, 3, session);
                }
                x.put("_where", JsonObject.of(where));
                m.put("_exists", JsonObject.of(x));
            }
        } else {
            m.putIfAbsent(random.nextBoolean() ? "_and" : "_or", JsonArray.of(List.of()));
        }
    }

    /**
     * {@code {rel: ... {rel_n: {column: {_c<op>: ["$", root column]}}}}}: a chain of {@code levels} relationships
     * from {@code table} ending in a comparison with the filtered row ({@code root}), at times with another term
     * beside it or under a {@code _not}.
     */
    JsonValue rootRefChain(String table, String root, int levels, Map<String, String> session) {
        List<String[]> rels = relationships(table);
        String[] rel = rels.get(random.nextInt(rels.size()));
        Map<String, JsonValue> inner = new LinkedHashMap<>();
        if (levels > 1) {
            inner.putAll(((JsonObject) rootRefChain(rel[1], root, levels - 1, session)).members());
        } else {
            String op = pick(new String[]{"_ceq", "_cne", "_cgt", "_clt", "_cgte", "_clte"});
            JsonValue cmp = JsonObject.of(Map.of(pick(new String[]{"id", "rank"}), JsonObject.of(Map.of(op,
                    JsonArray.of(List.of(JsonString.of("$"), JsonString.of(pick(new String[]{"id", "rank"}))))))));
            if (random.nextInt(5) == 0) {
                inner.put("_not", cmp);
            } else {
                inner.putAll(((JsonObject) cmp).members());
            }
        }
        if (random.nextInt(3) == 0) {
            addTerm(inner, rel[1], root, 3, session);
        }
        return JsonObject.of(Map.of(rel[0], JsonObject.of(inner)));
    }

    /** Two or three operands, each a relationship filter (or, at times, a column comparison). */
    private List<JsonValue> relationshipOr(String table, String root, int depth, Map<String, String> session) {
        List<JsonValue> ops = new ArrayList<>();
        int c = 2 + random.nextInt(2);
        List<String[]> rels = relationships(table);
        for (int i = 0; i < c; i++) {
            Map<String, JsonValue> op = new LinkedHashMap<>();
            if (i > 0 && random.nextInt(5) == 0) {
                addTerm(op, table, root, 3, session);
            } else {
                String[] rel = rels.get(random.nextInt(rels.size()));
                op.put(rel[0], random.nextInt(6) == 0 ? JsonObject.empty()
                        : depth >= 2 ? exp(rel[1], root, 3, session) : exp(rel[1], root, depth + 1, session));
            }
            ops.add(JsonObject.of(op));
        }
        return ops;
    }

    private static String[] columns(String table) {
        List<String> cols = new ArrayList<>(List.of("id", "name", "score", "created", "uid", "tags", "doc", "active", "rank"));
        if (table.equals("items")) {
            cols.add("owner_id");
        } else if (table.equals("parts")) {
            cols.add("item_id");
        }
        return cols.toArray(new String[0]);
    }

    private static List<String[]> relationships(String table) {
        switch (table) {
            case "owners":
                return List.<String[]>of(new String[]{"items", "items"});
            case "items":
                return List.of(new String[]{"owner", "owners"}, new String[]{"parts", "parts"});
            default:
                return List.<String[]>of(new String[]{"item", "items"});
        }
    }

    private JsonValue columnExp(String table, String column, String root, Map<String, String> session) {
        switch (column) {
            case "id", "rank", "owner_id", "item_id":
                return intExp(table, column, root, session);
            case "name":
                return textExp(session);
            case "score":
                return scalarExp(SCORES, true, session, () -> JsonNumber.of(new BigDecimal(pick(SCORES))));
            case "created":
                return scalarExp(TIMES, true, session, () -> JsonString.of(pick(TIMES)));
            case "uid":
                return scalarExp(UUIDS, true, session, () -> JsonString.of(pick(UUIDS)));
            case "tags":
                return tagsExp(session);
            case "doc":
                return docExp(session);
            default:
                return boolExp(session);
        }
    }

    private JsonValue intExp(String table, String column, String root, Map<String, String> session) {
        int k = random.nextInt(10);
        if (k == 0) {
            List<String> others = new ArrayList<>(List.of("id", "rank"));
            String op = pick(new String[]{"_ceq", "_cne", "_cgt", "_clt", "_cgte", "_clte"});
            JsonValue ref = random.nextBoolean() && !table.equals(root)
                    ? JsonArray.of(List.of(JsonString.of("$"), JsonString.of(pick(others.toArray(new String[0])))))
                    : JsonString.of(pick(others.toArray(new String[0])));
            return JsonObject.of(Map.of(op, ref));
        }
        String[] values = {"-2", "0", "1", "2", "3", "5", "7", "12"};
        return scalarExp(values, true, session, () -> JsonNumber.of(Long.parseLong(pick(values))));
    }

    /** Comparisons, equality with NULL, IN/NIN with lists (empty, with NULL) or session arrays, IS NULL, shorthand. */
    private JsonValue scalarExp(String[] domain, boolean ordered, Map<String, String> session,
                                java.util.function.Supplier<JsonValue> literal) {
        int k = random.nextInt(ordered ? 14 : 10);
        if (k == 0) {
            return JsonObject.of(Map.of("_is_null", JsonBoolean.of(random.nextBoolean())));
        }
        if (k == 1) {
            return JsonObject.of(Map.of(random.nextBoolean() ? "_eq" : "_neq", JsonNull.INSTANCE));
        }
        if (k == 2) {
            return literal.get();
        }
        if (k == 3 || k == 4) {
            String op = k == 3 ? "_in" : "_nin";
            if (random.nextInt(3) == 0) {
                StringBuilder sb = new StringBuilder("{");
                int c = random.nextInt(3);
                for (int i = 0; i < c; i++) {
                    sb.append(i > 0 ? "," : "").append(random.nextInt(5) == 0 ? "NULL" : "\"" + pick(domain) + "\"");
                }
                return JsonObject.of(Map.of(op, sessionVariable(session, sb.append('}').toString())));
            }
            List<JsonValue> list = new ArrayList<>();
            int c = random.nextInt(4);
            for (int i = 0; i < c; i++) {
                list.add(random.nextInt(6) == 0 ? JsonNull.INSTANCE : literal.get());
            }
            return JsonObject.of(Map.of(op, JsonArray.of(list)));
        }
        String op = ordered ? pick(new String[]{"_eq", "_neq", "_gt", "_lt", "_gte", "_lte"}) : pick(new String[]{"_eq", "_neq"});
        JsonValue v = random.nextInt(3) == 0 ? sessionVariable(session, pick(domain)) : literal.get();
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put(op, v);
        if (random.nextInt(4) == 0) {
            String op2 = ordered ? pick(new String[]{"_gt", "_lte"}) : "_neq";
            if (!op2.equals(op)) {
                m.put(op2, literal.get());
            }
        }
        return JsonObject.of(m);
    }

    private JsonValue textExp(Map<String, String> session) {
        int k = random.nextInt(8);
        if (k < 3) {
            return scalarExp(NAMES, true, session, () -> JsonString.of(pick(NAMES)));
        }
        String op;
        String[] values;
        if (k < 5) {
            op = pick(new String[]{"_like", "_nlike", "_ilike", "_nilike"});
            values = LIKE;
        } else if (k == 5) {
            op = pick(new String[]{"_similar", "_nsimilar"});
            values = SIMILAR;
        } else {
            op = pick(new String[]{"_regex", "_nregex", "_iregex", "_niregex"});
            values = REGEX;
        }
        String value = pick(values);
        return JsonObject.of(Map.of(op, random.nextInt(3) == 0 ? sessionVariable(session, value) : JsonString.of(value)));
    }

    private JsonValue tagsExp(Map<String, String> session) {
        int k = random.nextInt(5);
        if (k == 0) {
            return JsonObject.of(Map.of("_is_null", JsonBoolean.of(random.nextBoolean())));
        }
        String[] elements = {"a", "b", "c"};
        List<JsonValue> list = new ArrayList<>();
        int c = random.nextInt(3);
        for (int i = 0; i < c; i++) {
            list.add(JsonString.of(pick(elements)));
        }
        String op = pick(new String[]{"_contains", "_contained_in", "_eq", "_neq"});
        if (random.nextInt(3) == 0) {
            return JsonObject.of(Map.of(op, sessionVariable(session, pick(TAGS))));
        }
        return JsonObject.of(Map.of(op, JsonArray.of(list)));
    }

    private JsonValue docExp(Map<String, String> session) {
        int k = random.nextInt(7);
        switch (k) {
            case 0:
                return JsonObject.of(Map.of("_has_key", random.nextInt(3) == 0 ? sessionVariable(session, "k")
                        : JsonString.of(pick(new String[]{"k", "n", "o", "p"}))));
            case 1:
                return JsonObject.of(Map.of(random.nextBoolean() ? "_has_keys_any" : "_has_keys_all",
                        JsonArray.of(List.of(JsonString.of("k"), JsonString.of(pick(new String[]{"n", "x", "k"}))))));
            case 2:
                return JsonObject.of(Map.of("_cast", JsonObject.of(Map.of("String",
                        JsonObject.of(Map.of("_ilike", JsonString.of(pick(new String[]{"%k%", "%1%", "[%", "\"k\""}))))))));
            case 3:
                return JsonObject.of(Map.of("_is_null", JsonBoolean.of(random.nextBoolean())));
            default: {
                String op = pick(new String[]{"_contains", "_contained_in", "_eq", "_neq"});
                String doc = pick(DOCS);
                if (random.nextInt(3) == 0) {
                    return JsonObject.of(Map.of(op, sessionVariable(session, doc)));
                }
                return JsonObject.of(Map.of(op, dev.hasuraperms.json.Json.parse(doc)));
            }
        }
    }

    private JsonValue boolExp(Map<String, String> session) {
        int k = random.nextInt(5);
        if (k == 0) {
            return JsonObject.of(Map.of("_is_null", JsonBoolean.of(random.nextBoolean())));
        }
        if (k == 1) {
            return JsonObject.of(Map.of(random.nextBoolean() ? "_eq" : "_neq", JsonNull.INSTANCE));
        }
        String op = random.nextBoolean() ? "_eq" : "_neq";
        return JsonObject.of(Map.of(op, random.nextInt(3) == 0
                ? sessionVariable(session, pick(new String[]{"true", "f", "yes", "0"}))
                : JsonBoolean.of(random.nextBoolean())));
    }

    private JsonValue sessionVariable(Map<String, String> session, String value) {
        String name = "x-hasura-v" + (++sessionCounter);
        session.put(name, value);
        return JsonString.of(random.nextBoolean() ? name : name.toUpperCase(java.util.Locale.ROOT));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Permissions giving role {@code r<i>} filter {@code i} on {@code table}; every filter must type-check. */
    public static CheckedPermissions permissions(String table, List<RandomFilters.Filter> filters, DatabaseSchema schema,
                                            long seed) {
        StringBuilder roles = new StringBuilder();
        for (int i = 0; i < filters.size(); i++) {
            roles.append(i == 0 ? "" : ",").append("{\"role\":\"r").append(i).append("\",\"permission\":{\"columns\":\"*\",")
                    .append("\"filter\":").append(JsonWriter.compact(filters.get(i).filter())).append("}}");
        }
        String json = Fixtures.read("differential/metadata.json").replace("\"" + table.toUpperCase() + "_PERMISSIONS\"",
                "[" + roles + "]");
        for (String other : RandomFilters.TABLES) {
            json = json.replace("\"" + other.toUpperCase() + "_PERMISSIONS\"", "[]");
        }
        Metadata m = MetadataLoader.defaults().loadJson(json);
        CheckResult r = PermissionChecker.check(m, schema);
        assertThat(r.diagnostics()).as("generated filters must type-check (seed %d)", seed).isEmpty();
        return r.orThrow();
    }

    /** The ids of {@code table} (aliased {@code t}) that {@code p} selects, in order. */
    public static List<Integer> ids(Connection c, QualifiedName table, SqlPredicate p) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id FROM " + table.toSql() + " AS t WHERE " + p.sql()
                + " ORDER BY t.id")) {
            p.bind(ps, 1);
            List<Integer> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
            return out;
        }
    }
}

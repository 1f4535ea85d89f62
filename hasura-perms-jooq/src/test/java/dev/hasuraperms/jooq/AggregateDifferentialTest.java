package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.eval.UnsupportedInMemoryException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jooq.ThreeWayAggregate.Request;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential test of aggregate reads: random aggregates (counts of rows, of columns, distinct; sum, avg, the
 * stddev/variance family, min, max), random groupings and random caller filters ({@code where}, read on the redacted
 * values), for plain roles and the inherited role {@code mix} (redacted cells), over seeded NULL-heavy rows of
 * {@link AggregateFixture}: SecureJdbc, SecureDsl and the in-memory evaluator give the same result for every case
 * (float8 aggregates to 1e-12 relative, the rows not being read in one order; everything else exactly). Zero
 * disagreements.
 *
 * <p>{@code -Dhasuraperms.aggregate.cases=N} sets the number of cases (default 1,500);
 * {@code -Dhasuraperms.aggregate.seed=S} replays a run (the seed is printed, and named in every failure).
 */
@PostgresTest
class AggregateDifferentialTest {

    private static final int CASES = Integer.getInteger("hasuraperms.aggregate.cases", 1_500);

    private static final List<String> NUMERIC = List.of("a", "b", "n", "f", "g", "id", "owner");
    private static final List<String> TEXT = List.of("t", "t2");

    /** The columns each role reads. */
    private static final Map<String, List<String>> READABLE = Map.of(
            "owner", List.of("id", "a", "b", "n", "f", "t", "t2", "g", "owner"),
            "mix", List.of("id", "a", "b", "n", "f", "t", "t2", "g", "owner"),
            "pub", List.of("id", "a", "g", "t"),
            "aggonly", List.of("id", "a", "b", "g"));

    @Test
    void jdbcJooqAndTheEvaluatorAgree(TestDatabase db) throws Exception {
        long seed = Long.getLong("hasuraperms.aggregate.seed", new Random().nextLong());
        System.out.println("AggregateDifferentialTest seed: " + seed + " (replay with -Dhasuraperms.aggregate.seed="
                + seed + ")");
        Random r = new Random(seed);
        db.execute(AggregateFixture.SCHEMA);
        AggregateFixture.Data data = AggregateFixture.data(r, 60);
        db.execute(data.sql());
        List<String> failures = new ArrayList<>();
        int grouped = 0;
        int filtered = 0;
        int redacted = 0;
        int unsupported = 0;
        try (Connection c = db.connection()) {
            CheckedPermissions checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(AggregateFixture.METADATA),
                    JdbcSchemaReader.defaults().read(c)).orThrow();
            ThreeWayAggregate three = new ThreeWayAggregate(checked, c, data.rows());
            List<String> roles = List.copyOf(READABLE.keySet().stream().sorted().toList());
            for (int i = 0; i < CASES; i++) {
                String role = roles.get(r.nextInt(roles.size()));
                Session s = Session.of(role, Map.of("X-Hasura-User-Id", Integer.toString(1 + r.nextInt(3))));
                Request q = request(r, READABLE.get(role));
                grouped += q.groupBy().isEmpty() ? 0 : 1;
                filtered += q.where().isPresent() ? 1 : 0;
                redacted += role.equals("mix") ? 1 : 0;
                String what = "case " + i + " (seed " + seed + ") role " + role + " " + describe(q);
                try {
                    JsonObject jdbc = three.jdbc(s, q);
                    JsonObject jooq = three.jooq(s, q);
                    if (!same(jdbc, jooq, false)) {
                        failures.add(what + ": SecureJdbc " + JsonWriter.compact(jdbc) + " but SecureDsl "
                                + JsonWriter.compact(jooq));
                        continue;
                    }
                    JsonObject memory;
                    try {
                        memory = three.memory(s, q);
                    } catch (UnsupportedInMemoryException e) {
                        unsupported++;
                        continue;
                    }
                    if (!same(jdbc, memory, false)) {
                        failures.add(what + ": SecureJdbc " + JsonWriter.compact(jdbc) + " but in memory "
                                + JsonWriter.compact(memory));
                    }
                } catch (RuntimeException e) {
                    failures.add(what + ": " + e);
                }
                if (failures.size() >= 10) {
                    break;
                }
            }
        }
        System.out.println("AggregateDifferentialTest: " + CASES + " cases, " + grouped + " grouped, " + filtered
                + " with a where, " + redacted + " of the inherited role, " + unsupported
                + " refused in memory (UNSUPPORTED_IN_MEMORY)");
        assertThat(failures).as("disagreements (seed " + seed + ")").isEmpty();
        assertThat(CASES - unsupported).as("cases compared three ways").isGreaterThanOrEqualTo(CASES * 9 / 10);
    }

    private static Request request(Random r, List<String> readable) {
        List<Aggregate> aggs = new ArrayList<>();
        List<String> numeric = readable.stream().filter(NUMERIC::contains).toList();
        List<String> comparable = readable;
        switch (r.nextInt(5)) {
            case 0 -> aggs.add(Aggregate.count());
            case 1 -> aggs.add(Aggregate.count(false, pick(r, readable)));
            case 2 -> aggs.add(Aggregate.count(true, pick(r, readable)));
            case 3 -> aggs.add(Aggregate.count(false, pick(r, readable), pick(r, readable)));
            default -> {
            }
        }
        int n = aggs.isEmpty() ? 1 + r.nextInt(4) : r.nextInt(4);
        Aggregate.Function[] fns = Aggregate.Function.values();
        for (int i = 0; i < n; i++) {
            Aggregate.Function f = fns[1 + r.nextInt(fns.length - 1)];
            aggs.add(Aggregate.of(f, f.numeric() ? pick(r, numeric) : pick(r, comparable)));
        }
        Request q = new Request(aggs, List.of(), Optional.empty());
        if (r.nextInt(4) == 0) {
            q = q.groupBy(pick(r, readable.stream().filter(x -> !x.equals("f")).toList()));
        }
        if (r.nextInt(3) != 0) {
            q = q.where(Json.parse(where(r, readable, 0)));
        }
        return q;
    }

    private static String where(Random r, List<String> readable, int depth) {
        int k = depth < 2 ? r.nextInt(8) : 3 + r.nextInt(5);
        switch (k) {
            case 0:
                return "{\"_and\": [" + where(r, readable, depth + 1) + ", " + where(r, readable, depth + 1) + "]}";
            case 1:
                return "{\"_or\": [" + where(r, readable, depth + 1) + ", " + where(r, readable, depth + 1) + "]}";
            case 2:
                return "{\"_not\": " + where(r, readable, depth + 1) + "}";
            default:
                String c = pick(r, readable);
                if (r.nextInt(5) == 0) {
                    return "{\"" + c + "\": {\"_is_null\": " + r.nextBoolean() + "}}";
                }
                String op = pick(r, List.of("_eq", "_neq", "_gt", "_lt", "_gte", "_lte"));
                String value = TEXT.contains(c) ? "\"" + (char) ('a' + r.nextInt(4)) + "\""
                        : c.equals("b") ? Long.toString((long) (r.nextInt(2001) - 1000) * 1_000_000_007L)
                        : c.equals("n") ? BigDecimal.valueOf(r.nextInt(200_001) - 100_000, 2).toPlainString()
                        : c.equals("f") ? Double.toString((r.nextInt(801) - 400) / 4.0)
                        : Integer.toString(r.nextInt(21) - 5);
                return "{\"" + c + "\": {\"" + op + "\": " + value + "}}";
        }
    }

    private static String pick(Random r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static String describe(Request q) {
        StringBuilder b = new StringBuilder();
        for (Aggregate a : q.aggregates()) {
            b.append(a.function().key()).append(a.distinct() ? "(distinct " : "(").append(String.join(", ", a.columns()))
                    .append(") ");
        }
        q.groupBy().forEach(g -> b.append("group by ").append(g).append(' '));
        q.where().ifPresent(w -> b.append("where ").append(JsonWriter.compact(w)));
        return b.toString().trim();
    }

    /** Equal JSON; groups as multisets; float8 aggregates (of column f) to 1e-12 relative. */
    private static boolean same(JsonValue x, JsonValue y, boolean approximate) {
        if (x instanceof JsonObject a && y instanceof JsonObject b) {
            if (!a.keys().equals(b.keys())) {
                return false;
            }
            for (String k : a.keys()) {
                if (!same(a.get(k).orElseThrow(), b.get(k).orElseThrow(), approximate || k.equals("f"))) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof JsonArray a && y instanceof JsonArray b) {
            if (a.size() != b.size()) {
                return false;
            }
            List<JsonValue> left = new ArrayList<>(b.elements());
            for (JsonValue e : a.elements()) {
                int match = -1;
                for (int j = 0; j < left.size() && match < 0; j++) {
                    if (same(e, left.get(j), approximate)) {
                        match = j;
                    }
                }
                if (match < 0) {
                    return false;
                }
                left.remove(match);
            }
            return true;
        }
        if (approximate && x instanceof JsonNumber a && y instanceof JsonNumber b) {
            BigDecimal diff = a.value().subtract(b.value()).abs();
            BigDecimal scale = a.value().abs().max(b.value().abs()).max(BigDecimal.ONE);
            return diff.compareTo(scale.multiply(new BigDecimal("1e-12"), MathContext.DECIMAL64)) <= 0;
        }
        return x.equals(y);
    }
}

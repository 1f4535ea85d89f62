package dev.hasuraperms.benchmarks.db;

import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one statement with {@code PREPARE} / {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE} in a plan cache
 * mode and reads the server's own planning and execution times (no round trip, no JDBC in the figures).
 */
final class PlanRunner {

    /** {@code plan_cache_mode}. */
    enum PlanMode {
        CUSTOM("force_custom_plan"), GENERIC("force_generic_plan");

        final String setting;

        PlanMode(String setting) {
            this.setting = setting;
        }
    }

    /** Medians over {@code runs} measured executions. */
    record Timing(double executionMs, double planningMs, int runs, long rows, boolean timedOut) {
        Timing(double executionMs, double planningMs, int runs, long rows) {
            this(executionMs, planningMs, runs, rows, false);
        }
    }

    /** A statement slower than this is stopped (statement_timeout) and reported as "over" it. */
    static long timeoutMs = 2000;

    /** A statement that has used this much wall time in measured runs ... */
    static final long SLOW_BUDGET_NANOS = 1_000_000_000L;
    /** ... stops after this many runs (330 ms or slower a run: a median of 3 is enough at that size). */
    static final int SLOW_MIN_RUNS = 3;

    private final Connection connection;

    PlanRunner(Connection connection) {
        this.connection = connection;
    }

    /** The plan as JSON (one EXPLAIN (FORMAT JSON) EXECUTE without ANALYZE), after preparing in {@code mode}. */
    JsonObject plan(Sql sql, PlanMode mode) throws SQLException {
        prepare(sql, mode);
        try {
            // A generic plan is built on the first EXECUTE; EXPLAIN EXECUTE shows the plan that would run.
            return explain("EXPLAIN (FORMAT JSON) EXECUTE bq" + arguments(sql));
        } finally {
            release(sql);
        }
    }

    /**
     * Medians of execution and planning time of every statement, measured interleaved (run 1 of each statement,
     * then run 2 of each, ..., each round in a new random order) so that the load of a shared machine falls on all of them alike: one warm-up round,
     * then at most {@code runs} measured rounds, at least {@code minRuns}, stopping early past {@code budgetMs}.
     */
    List<Timing> time(List<Sql> statements, PlanMode mode, int runs, int minRuns, long budgetMs) throws SQLException {
        int n = statements.size();
        try (Statement s = connection.createStatement()) {
            s.execute("DEALLOCATE ALL");
            s.execute("SET plan_cache_mode = " + mode.setting);
            for (int i = 0; i < n; i++) {
                Sql sql = statements.get(i);
                enter(s, sql);
                String types = sql.types().isEmpty() ? "" : "(" + String.join(", ", sql.types()) + ")";
                s.execute("PREPARE bq" + i + types + " AS " + sql.numbered());
                leave(s, sql);
            }
        }
        List<List<Double>> exec = new ArrayList<>();
        List<List<Double>> plan = new ArrayList<>();
        long[] rows = new long[n];
        for (int i = 0; i < n; i++) {
            exec.add(new ArrayList<>());
            plan.add(new ArrayList<>());
        }
        long[] spent = new long[n];
        boolean[] timedOut = new boolean[n];
        java.util.Random shuffle = new java.util.Random(42);
        try {
            long start = 0;
            for (int round = -1; round < runs; round++) {
                if (round == 0) {
                    start = System.nanoTime();
                }
                // Each round runs the statements in a new random order (seeded), so that no variant always runs
                // first or right after the same one (the row-level-security variants switch roles, and whatever
                // follows them pays for it).
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    order.add(k);
                }
                java.util.Collections.shuffle(order, shuffle);
                for (int i : order) {
                    if (timedOut[i] || round >= SLOW_MIN_RUNS && spent[i] > SLOW_BUDGET_NANOS) {
                        continue; // a slow statement: enough runs for its median, the rest measure the others
                    }
                    long t0 = System.nanoTime();
                    Sql sql = statements.get(i);
                    JsonObject o;
                    try (Statement s = connection.createStatement()) {
                        enter(s, sql);
                        s.execute("SET statement_timeout = " + timeoutMs);
                        try {
                            o = explain("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE bq" + i + arguments(sql));
                        } catch (SQLException e) {
                            if (!"57014".equals(e.getSQLState())) {
                                throw e;
                            }
                            o = null;
                        }
                        s.execute("SET statement_timeout = 0");
                        leave(s, sql);
                    }
                    if (o == null) {
                        timedOut[i] = true;
                        spent[i] = Long.MAX_VALUE / 2;
                        continue;
                    }
                    if (round >= 0) {
                        spent[i] += System.nanoTime() - t0;
                        exec.get(i).add(number(o, "Execution Time"));
                        plan.get(i).add(number(o, "Planning Time"));
                        rows[i] = (long) number((JsonObject) o.get("Plan").orElseThrow(), "Actual Rows");
                    }
                }
                if (round + 1 >= minRuns && (System.nanoTime() - start) / 1_000_000 > budgetMs) {
                    break;
                }
            }
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("DEALLOCATE ALL");
            }
        }
        List<Timing> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(timedOut[i] && exec.get(i).isEmpty() ? new Timing(timeoutMs, Double.NaN, 0, -1, true)
                    : new Timing(median(exec.get(i)), median(plan.get(i)), exec.get(i).size(), rows[i], timedOut[i]));
        }
        return out;
    }

    /** The rows the statement returns (each row's columns joined by tabs), for checking that variants agree. */
    List<String> rows(Sql sql) throws SQLException {
        prepare(sql, PlanMode.CUSTOM);
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("EXECUTE bq" + arguments(sql))) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "\t" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
            return out;
        } finally {
            release(sql);
        }
    }

    private static void enter(Statement s, Sql sql) throws SQLException {
        if (sql.role().isPresent()) {
            s.execute("SELECT set_config('app.user_id', " + Sql.literal(sql.userSetting().orElseThrow()) + ", false)");
            s.execute("SET ROLE " + sql.role().get());
        }
    }

    private static void leave(Statement s, Sql sql) throws SQLException {
        if (sql.role().isPresent()) {
            s.execute("RESET ROLE");
        }
    }

    private void prepare(Sql sql, PlanMode mode) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DEALLOCATE ALL");
            s.execute("SET plan_cache_mode = " + mode.setting);
            enter(s, sql);
            String types = sql.types().isEmpty() ? "" : "(" + String.join(", ", sql.types()) + ")";
            s.execute("PREPARE bq" + types + " AS " + sql.numbered());
        }
    }

    private void release(Sql sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DEALLOCATE ALL");
            leave(s, sql);
        }
    }

    private static String arguments(Sql sql) {
        return sql.args().isEmpty() ? "" : "(" + String.join(", ", sql.args()) + ")";
    }

    private JsonObject explain(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            JsonValue v = Json.parse(rs.getString(1));
            return (JsonObject) ((JsonArray) v).get(0);
        }
    }

    private static double number(JsonObject o, String key) {
        return o.get(key).map(v -> ((JsonNumber) v).value().doubleValue()).orElse(0.0);
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}

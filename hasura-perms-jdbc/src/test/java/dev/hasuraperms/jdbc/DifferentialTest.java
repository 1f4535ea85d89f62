package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.enforce.BackendOptions;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.eval.Evaluator;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.eval.SessionValueSource;
import dev.hasuraperms.ir.Optimizer;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.Predicates;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential test: random permission filters (seeded) over a fixed schema with NULL-heavy data; for each, the rows
 * PostgreSQL returns under the optimized JDBC predicate equal the rows it returns under the unoptimized one, and the
 * rows the in-memory evaluator accepts. Zero disagreements. The generator makes ORs of relationship filters (which the
 * optimizer turns into {@code = ANY (ARRAY (...))}), NOTs over them and nested NOTs, and NULL-heavy data (NULL join
 * keys), so that an unsound rewrite is caught; and ORs of relationship chains that compare with the filtered row
 * ({@code ["$", column]} at depths 1 to 3, under {@code _not} inside the chain or over the whole OR), which the
 * optimizer isolates on the row's identity as a join ({@link Predicate.InJoin}): at least a tenth of the filters, counted.
 *
 * <p>{@code -Dhasuraperms.differential.filters=N} sets how many filters (default 10,000);
 * {@code -Dhasuraperms.differential.seed=S} replays a run (the seed is printed, and named in every failure).
 */
@PostgresTest
class DifferentialTest {

    private static final int FILTERS = Integer.getInteger("hasuraperms.differential.filters", 10_000);
    private static final int BATCH = 200;

    @Test
    void optimizedSqlUnoptimizedSqlAndTheEvaluatorAgree(TestDatabase db) throws Exception {
        long seed = Long.getLong("hasuraperms.differential.seed", new Random().nextLong());
        System.out.println("DifferentialTest seed: " + seed + " (replay with -Dhasuraperms.differential.seed=" + seed + ")");
        RandomFilters random = new RandomFilters(seed);
        db.execute(Fixtures.read("differential/schema.sql"));
        db.execute(random.data());
        DatabaseSchema schema;
        List<String> failures = new ArrayList<>();
        int compared = 0;
        int[] outcome = new int[3];
        int rewritten = 0;
        int distributed = 0;
        int rootRefs = 0;
        int joined = 0;
        long started = System.nanoTime();
        try (Connection c = db.connection()) {
            schema = JdbcSchemaReader.defaults().read(c);
            Map<QualifiedName, List<Map<String, Object>>> rows = DatabaseRows.read(c,
                    RandomFilters.TABLES.stream().map(QualifiedName::of).toList());
            Evaluator evaluator = Evaluator.builder().relations(DatabaseRows.resolver(rows)).explanations(false).build();
            Random tables = new Random(seed);
            for (int batch = 0; batch * BATCH < FILTERS; batch++) {
                String table = RandomFilters.TABLES.get(tables.nextInt(3));
                List<RandomFilters.Filter> filters = new ArrayList<>();
                for (int i = 0; i < BATCH && batch * BATCH + i < FILTERS; i++) {
                    filters.add(random.filter(table));
                }
                CheckedPermissions perms = RandomFilters.permissions(table, filters, schema, seed);
                JdbcPermissions optimized = JdbcPermissions.of(perms, BackendOptions.DEFAULT.withCacheSize(1_000));
                JdbcPermissions plain = JdbcPermissions.of(perms, BackendOptions.DEFAULT.withOptimize(false).withCacheSize(1_000));
                QualifiedName t = QualifiedName.of(table);
                for (int i = 0; i < filters.size(); i++) {
                    RandomFilters.Filter f = filters.get(i);
                    Session session = Session.of("r" + i, f.session());
                    SqlPredicate a = optimized.selectFilter(t, "t", session);
                    SqlPredicate b = plain.selectFilter(t, "t", session);
                    List<Integer> ra = RandomFilters.ids(c, t, a);
                    List<Integer> rb = RandomFilters.ids(c, t, b);
                    Predicate filter = perms.select(t, "r" + i).orElseThrow().filter();
                    boolean[] semiJoin = {false};
                    Predicates.walk(Optimizer.optimizeFilter(filter), n -> semiJoin[0] |= n instanceof Predicate.InSubquery);
                    rewritten += semiJoin[0] ? 1 : 0;
                    Predicate withSchema = Optimizer.optimize(filter, Optimizer.Context.TRUE_MATTERS, schema, Optional.of(t));
                    distributed += withSchema.equals(Optimizer.optimizeFilter(filter)) ? 0 : 1;
                    boolean[] join = {false};
                    Predicates.walk(withSchema, n -> join[0] |= n instanceof Predicate.InJoin);
                    joined += join[0] ? 1 : 0;
                    rootRefs += JsonWriter.compact(f.filter()).contains("[\"$\"") ? 1 : 0;
                    List<Integer> rc = new ArrayList<>();
                    for (Map<String, Object> row : rows.get(t)) {
                        if (evaluator.evaluate(filter, t, Row.of(row), SessionValueSource.of(session)).accepted()) {
                            rc.add((Integer) row.get("id"));
                        }
                    }
                    compared++;
                    int all = table.equals("owners") ? 12 : table.equals("items") ? 30 : 50;
                    outcome[ra.isEmpty() ? 0 : ra.size() == all ? 2 : 1]++;
                    if (!ra.equals(rb) || !ra.equals(rc)) {
                        failures.add("seed " + seed + ", batch " + batch + ", filter " + i + " on " + table + ": "
                                + JsonWriter.compact(f.filter()) + " session " + f.session()
                                + "\n  optimized   " + ra + "  " + a + "\n  unoptimized " + rb + "  " + b
                                + "\n  evaluator   " + rc);
                    }
                }
            }
        }
        System.out.printf("DifferentialTest: %d filters, %d select no row, %d some rows, %d every row; %d with a relationship"
                + " filter rewritten to = ANY (ARRAY (...)); %d rewritten with the schema (a _not distributed into an OR,"
                + " merged or isolated; two filters on one relationship merged); %d with a root reference [\"$\", column],"
                + " %d of them isolated as a join on the row's identity; %.1f s%n",
                compared, outcome[0], outcome[1], outcome[2], rewritten, distributed, rootRefs, joined,
                (System.nanoTime() - started) / 1e9);
        assertThat(compared).isEqualTo(FILTERS);
        assertThat(outcome[1]).as("filters that select some but not all rows (the generator must be meaningful)")
                .isGreaterThan(FILTERS / 4);
        assertThat(rewritten).as("filters the semi-join rewrite applies to (the generator must exercise it)")
                .isGreaterThan(FILTERS / 20);
        assertThat(distributed).as("filters the schema-aware rewrites apply to (the generator must exercise them)")
                .isGreaterThan(FILTERS / 50);
        assertThat(rootRefs).as("filters with a root reference (the generator must exercise them)")
                .isGreaterThanOrEqualTo(FILTERS / 10);
        assertThat(joined).as("filters isolated as a join on the row's identity (the generator must exercise it)")
                .isGreaterThanOrEqualTo(FILTERS / 10);
        assertThat(failures).as("disagreements (seed %d)", seed).isEmpty();
    }
}

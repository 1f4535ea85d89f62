package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.enforce.BackendOptions;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.RandomFilters;
import dev.hasuraperms.jdbc.SqlPredicate;
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
import java.util.Random;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The differential corpus of the JDBC backend through the jOOQ backend: for each random filter (seeded), the rows
 * PostgreSQL returns under the jOOQ condition — prepared, and inlined in a plain statement every tenth filter; with the
 * optimizer on for even filters and off for odd ones — equal the rows it returns under the unoptimized JDBC predicate.
 * Zero disagreements.
 *
 * <p>{@code -Dhasuraperms.differential.filters=N} sets how many filters (default 10,000);
 * {@code -Dhasuraperms.differential.seed=S} replays a run.
 */
@PostgresTest
class JooqDifferentialTest {

    private static final int FILTERS = Integer.getInteger("hasuraperms.differential.filters", 10_000);
    private static final int BATCH = 200;

    @Test
    void jooqConditionsSelectTheRowsOfTheJdbcPredicates(TestDatabase db) throws Exception {
        long seed = Long.getLong("hasuraperms.differential.seed", new Random().nextLong());
        System.out.println("JooqDifferentialTest seed: " + seed + " (replay with -Dhasuraperms.differential.seed=" + seed + ")");
        RandomFilters random = new RandomFilters(seed);
        db.execute(Fixtures.read("differential/schema.sql"));
        db.execute(random.data());
        List<String> failures = new ArrayList<>();
        int compared = 0;
        try (Connection c = db.connection()) {
            DatabaseSchema schema = JdbcSchemaReader.defaults().read(c);
            DSLContext prepared = DSL.using(c, SQLDialect.POSTGRES);
            DSLContext inlined = DSL.using(c, SQLDialect.POSTGRES, new Settings().withStatementType(StatementType.STATIC_STATEMENT));
            Random tables = new Random(seed);
            for (int batch = 0; batch * BATCH < FILTERS; batch++) {
                String table = RandomFilters.TABLES.get(tables.nextInt(3));
                List<RandomFilters.Filter> filters = new ArrayList<>();
                for (int i = 0; i < BATCH && batch * BATCH + i < FILTERS; i++) {
                    filters.add(random.filter(table));
                }
                CheckedPermissions perms = RandomFilters.permissions(table, filters, schema, seed);
                // The reference is the JDBC predicate without the optimizer; the jOOQ conditions alternate between the
                // optimizer on (the default) and off.
                JdbcPermissions jdbc = JdbcPermissions.of(perms, BackendOptions.DEFAULT.withOptimize(false).withCacheSize(1_000));
                JooqPermissions jooqOptimized = JooqPermissions.of(perms);
                JooqPermissions jooqPlain = JooqPermissions.of(perms, BackendOptions.DEFAULT.withOptimize(false).withCacheSize(1_000));
                QualifiedName t = QualifiedName.of(table);
                Table<?> rows = DSL.table(JooqNames.of(t)).as("t");
                Field<Integer> id = DSL.field(DSL.name("t", "id"), Integer.class);
                for (int i = 0; i < filters.size(); i++) {
                    RandomFilters.Filter f = filters.get(i);
                    Session session = Session.of("r" + i, f.session());
                    SqlPredicate expected = jdbc.selectFilter(t, "t", session);
                    List<Integer> want = RandomFilters.ids(c, t, expected);
                    DSLContext dsl = i % 10 == 0 ? inlined : prepared;
                    JooqPermissions jooq = i % 2 == 0 ? jooqOptimized : jooqPlain;
                    List<Integer> got = dsl.select(id).from(rows).where(jooq.selectCondition(rows, session)).orderBy(id)
                            .fetch(id);
                    compared++;
                    if (!want.equals(got)) {
                        failures.add("seed " + seed + ", batch " + batch + ", filter " + i + " on " + table + ": "
                                + JsonWriter.compact(f.filter()) + " session " + f.session() + "\n  jdbc " + want + "  "
                                + expected + "\n  jooq" + (i % 2 == 0 ? " (optimized) " : " (unoptimized) ") + got + "  " + dsl.renderInlined(jooq.selectCondition(rows, session)));
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(FILTERS);
        assertThat(failures).as("disagreements (seed %d)", seed).isEmpty();
    }
}

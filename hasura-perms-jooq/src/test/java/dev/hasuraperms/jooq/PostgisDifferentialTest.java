package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.enforce.BackendOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.RandomFilters;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgisTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * PostGIS operators, differentially, on a PostgreSQL with PostGIS ({@link PostgisTest}: skipped, saying why, where
 * there is none). For each random filter (seeded) of {@code _st_*} operators, {@code _st_d_within} on geometry and
 * geography, {@code _st_3d_*}, {@code _cast} between geometry and geography and {@code _eq}, with GeoJSON literals or
 * session values, combined with {@code _and}/{@code _or}/{@code _not}: the rows of the JDBC predicate, of the jOOQ
 * condition (prepared, inlined every tenth filter; optimizer on for even filters) and of a hand-written PostGIS query
 * (the oracle: what Hasura's SQL means) are the same. Zero disagreements; most filters select some rows but not all.
 *
 * <p>{@code -Dhasuraperms.postgis.filters=N} sets how many filters (default 1,000);
 * {@code -Dhasuraperms.postgis.seed=S} replays a run.
 */
@PostgisTest
class PostgisDifferentialTest {

    private static final int FILTERS = Integer.getInteger("hasuraperms.postgis.filters", 1_000);
    private static final int BATCH = 100;
    private static final int ROWS = 60;
    private static final QualifiedName SHAPES = QualifiedName.of("shapes");

    /** A filter, the oracle's SQL for it (over {@code t}), and its session. */
    record Case(String filter, String oracle, Map<String, String> session) {
    }

    @Test
    void spatialFiltersSelectTheSameRowsInJdbcJooqAndPostgis(TestDatabase db) throws Exception {
        long seed = Long.getLong("hasuraperms.postgis.seed", new Random().nextLong());
        System.out.println("PostgisDifferentialTest seed: " + seed + " (replay with -Dhasuraperms.postgis.seed=" + seed + ")");
        Random random = new Random(seed);
        db.execute("CREATE TABLE shapes (id int PRIMARY KEY, geom geometry, geog geography, geom3 geometry)");
        StringBuilder rows = new StringBuilder("INSERT INTO shapes VALUES ");
        for (int i = 1; i <= ROWS; i++) {
            rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ")
                    .append(random.nextInt(10) == 0 ? "NULL" : "ST_GeomFromGeoJSON('" + geometry(random, false) + "')")
                    .append(", ").append(random.nextInt(10) == 0 ? "NULL"
                            : "ST_GeomFromGeoJSON('" + point(random, false) + "')::geography")
                    .append(", ST_GeomFromGeoJSON('").append(random.nextBoolean() ? point(random, true) : line(random, true))
                    .append("'))");
        }
        db.execute(rows.toString());
        List<String> failures = new ArrayList<>();
        int discriminating = 0;
        try (Connection c = db.connection()) {
            DatabaseSchema schema = JdbcSchemaReader.defaults().withSchemas(java.util.Set.of("public")).read(c);
            DSLContext prepared = DSL.using(c, SQLDialect.POSTGRES);
            DSLContext inlined = DSL.using(c, SQLDialect.POSTGRES, new Settings().withStatementType(StatementType.STATIC_STATEMENT));
            Table<?> table = DSL.table(JooqNames.of(SHAPES)).as("t");
            Field<Integer> id = DSL.field(DSL.name("t", "id"), Integer.class);
            for (int batch = 0; batch * BATCH < FILTERS; batch++) {
                List<Case> cases = new ArrayList<>();
                for (int i = 0; i < BATCH && batch * BATCH + i < FILTERS; i++) {
                    cases.add(filter(random, 0));
                }
                CheckedPermissions perms = permissions(cases, schema, seed);
                JdbcPermissions jdbc = JdbcPermissions.of(perms, BackendOptions.DEFAULT.withOptimize(false).withCacheSize(1_000));
                JooqPermissions jooqOptimized = JooqPermissions.of(perms);
                JooqPermissions jooqPlain = JooqPermissions.of(perms, BackendOptions.DEFAULT.withOptimize(false).withCacheSize(1_000));
                for (int i = 0; i < cases.size(); i++) {
                    Case k = cases.get(i);
                    Session session = Session.of("r" + i, k.session());
                    List<Integer> want = oracle(c, k.oracle());
                    SqlPredicate p = jdbc.selectFilter(SHAPES, "t", session);
                    List<Integer> viaJdbc = RandomFilters.ids(c, SHAPES, p);
                    DSLContext dsl = i % 10 == 0 ? inlined : prepared;
                    JooqPermissions jooq = i % 2 == 0 ? jooqOptimized : jooqPlain;
                    List<Integer> viaJooq = dsl.select(id).from(table).where(jooq.selectCondition(table, session))
                            .orderBy(id).fetch(id);
                    if (!want.isEmpty() && want.size() < ROWS) {
                        discriminating++;
                    }
                    if (!want.equals(viaJdbc) || !want.equals(viaJooq)) {
                        failures.add("seed " + seed + ", batch " + batch + ", filter " + i + ": " + k.filter() + " session "
                                + k.session() + "\n  postgis " + want + "  " + k.oracle() + "\n  jdbc " + viaJdbc + "  " + p
                                + "\n  jooq " + viaJooq + "  " + dsl.renderInlined(jooq.selectCondition(table, session)));
                    }
                }
            }
        }
        assertThat(failures).as("disagreements (seed %d)", seed).isEmpty();
        assertThat(discriminating).as("filters selecting some rows but not all (seed %d)", seed)
                .isGreaterThan(FILTERS / 4);
    }

    private static CheckedPermissions permissions(List<Case> cases, DatabaseSchema schema, long seed) {
        StringBuilder roles = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            roles.append(i == 0 ? "" : ",").append("{\"role\":\"r").append(i)
                    .append("\",\"permission\":{\"columns\":\"*\",\"filter\":").append(cases.get(i).filter()).append("}}");
        }
        String json = "{\"version\":3,\"sources\":[{\"name\":\"default\",\"kind\":\"postgres\",\"tables\":[{\"table\":"
                + "\"shapes\",\"select_permissions\":[" + roles + "]}]}]}";
        CheckResult r = PermissionChecker.check(MetadataLoader.defaults().loadJson(json), schema);
        assertThat(r.diagnostics()).as("generated filters must type-check (seed %d)", seed).isEmpty();
        return r.orThrow();
    }

    private static List<Integer> oracle(Connection c, String where) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT t.id FROM shapes AS t WHERE " + where + " ORDER BY t.id")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ generators

    private static Case filter(Random r, int depth) {
        int k = depth < 2 ? r.nextInt(10) : 9;
        if (k == 0 || k == 1) {
            Case a = filter(r, depth + 1);
            Case b = filter(r, depth + 1);
            Map<String, String> session = new HashMap<>(a.session());
            session.putAll(b.session());
            if (!a.session().isEmpty() && !b.session().isEmpty()) {
                return a; // one session per role: keep session variables to one atom
            }
            String op = k == 0 ? "_and" : "_or";
            return new Case("{\"" + op + "\":[" + a.filter() + "," + b.filter() + "]}", "(" + a.oracle()
                    + (k == 0 ? " AND " : " OR ") + b.oracle() + ")", session);
        }
        if (k == 2) {
            Case a = filter(r, depth + 1);
            return new Case("{\"_not\":" + a.filter() + "}", "(NOT " + a.oracle() + ")", a.session());
        }
        return atom(r);
    }

    private static final String[][] GEOMETRY_OPS = {{"_st_contains", "ST_Contains"}, {"_st_crosses", "ST_Crosses"},
            {"_st_equals", "ST_Equals"}, {"_st_intersects", "ST_Intersects"}, {"_st_overlaps", "ST_Overlaps"},
            {"_st_touches", "ST_Touches"}, {"_st_within", "ST_Within"}};
    private static final double[] DISTANCES = {0, 0.5, 1, 1.5, 2.5, 4};
    private static final int[] METRES = {1_000, 50_000, 150_000, 400_000};

    private static Case atom(Random r) {
        boolean bySession = r.nextInt(4) == 0;
        Map<String, String> session = new HashMap<>();
        String geo = r.nextInt(3) == 0 ? point(r, false) : r.nextBoolean() ? box(r) : line(r, false);
        String fromJson = bySession ? "\"X-Hasura-Geom\"" : geo;
        if (bySession) {
            session.put("x-hasura-geom", geo);
        }
        String fromSql = "ST_GeomFromGeoJSON('" + geo + "')";
        switch (r.nextInt(8)) {
            case 0, 1, 2: {
                String[] op = GEOMETRY_OPS[r.nextInt(GEOMETRY_OPS.length)];
                return new Case("{\"geom\":{\"" + op[0] + "\":" + fromJson + "}}", op[1] + "(t.geom, " + fromSql + ")", session);
            }
            case 3: {
                double d = DISTANCES[r.nextInt(DISTANCES.length)];
                String dist = distance(r, bySession, d, session);
                return new Case("{\"geom\":{\"_st_d_within\":{\"distance\":" + dist + ",\"from\":" + fromJson + "}}}",
                        "ST_DWithin(t.geom, " + fromSql + ", CAST(" + d + " AS real))", session);
            }
            case 4: {
                int m = METRES[r.nextInt(METRES.length)];
                String dist = distance(r, bySession, m, session);
                int sph = r.nextInt(3);
                String spheroid = sph == 0 ? "" : ",\"use_spheroid\":" + (sph == 1);
                return new Case("{\"geog\":{\"_st_d_within\":{\"distance\":" + dist + ",\"from\":" + fromJson + spheroid + "}}}",
                        "ST_DWithin(t.geog, " + fromSql + "::geography, CAST(" + m + " AS real), " + (sph != 2) + ")", session);
            }
            case 5: {
                if (r.nextBoolean()) {
                    return new Case("{\"geog\":{\"_st_intersects\":" + fromJson + "}}",
                            "ST_Intersects(t.geog, " + fromSql + "::geography)", session);
                }
                if (r.nextBoolean()) {
                    String[] op = GEOMETRY_OPS[r.nextInt(GEOMETRY_OPS.length)];
                    return new Case("{\"geog\":{\"_cast\":{\"geometry\":{\"" + op[0] + "\":" + fromJson + "}}}}",
                            op[1] + "(t.geog::geometry, " + fromSql + ")", session);
                }
                int m = METRES[r.nextInt(METRES.length)];
                return new Case("{\"geom\":{\"_cast\":{\"geography\":{\"_st_d_within\":{\"distance\":" + m + ",\"from\":"
                        + fromJson + ",\"use_spheroid\":false}}}}}",
                        "ST_DWithin(t.geom::geography, " + fromSql + "::geography, CAST(" + m + " AS real), false)", session);
            }
            case 6: {
                String geo3 = r.nextBoolean() ? point(r, true) : line(r, true);
                String from3 = bySession ? "\"X-Hasura-Geom\"" : geo3;
                if (bySession) {
                    session.put("x-hasura-geom", geo3);
                }
                String sql3 = "ST_GeomFromGeoJSON('" + geo3 + "')";
                if (r.nextBoolean()) {
                    return new Case("{\"geom3\":{\"_st_3d_intersects\":" + from3 + "}}",
                            "ST_3DIntersects(t.geom3, " + sql3 + ")", session);
                }
                double d = DISTANCES[r.nextInt(DISTANCES.length)];
                String dist = distance(r, bySession, d, session);
                return new Case("{\"geom3\":{\"_st_3d_d_within\":{\"distance\":" + dist + ",\"from\":" + from3 + "}}}",
                        "ST_3DDWithin(t.geom3, " + sql3 + ", CAST(" + d + " AS real))", session);
            }
            default: {
                return new Case("{\"geom\":{\"_eq\":" + fromJson + "}}", "(t.geom = " + fromSql + ")", session);
            }
        }
    }

    private static String distance(Random r, boolean bySession, double d, Map<String, String> session) {
        String text = d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        if (bySession && r.nextBoolean()) {
            session.put("x-hasura-dist", text);
            return "\"X-Hasura-Dist\"";
        }
        return text;
    }

    private static String coord(Random r) {
        int v = r.nextInt(21);
        return v % 2 == 0 ? Integer.toString(v / 2) : String.format(Locale.ROOT, "%d.5", v / 2);
    }

    private static String position(Random r, boolean z) {
        return "[" + coord(r) + "," + coord(r) + (z ? "," + coord(r) : "") + "]";
    }

    static String point(Random r, boolean z) {
        return "{\"type\":\"Point\",\"coordinates\":" + position(r, z) + "}";
    }

    static String line(Random r, boolean z) {
        return "{\"type\":\"LineString\",\"coordinates\":[" + position(r, z) + "," + position(r, z) + "]}";
    }

    static String box(Random r) {
        int x1 = r.nextInt(9);
        int y1 = r.nextInt(9);
        int x2 = x1 + 1 + r.nextInt(10 - x1);
        int y2 = y1 + 1 + r.nextInt(10 - y1);
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x1 + "," + y1 + "],[" + x1 + "," + y2 + "],[" + x2 + "," + y2
                + "],[" + x2 + "," + y1 + "],[" + x1 + "," + y1 + "]]]}";
    }

    static String geometry(Random r, boolean z) {
        switch (r.nextInt(3)) {
            case 0:
                return point(r, z);
            case 1:
                return line(r, z);
            default:
                return box(r);
        }
    }
}

package dev.hasuraperms.jooq;

import static dev.hasuraperms.enforce.Aggregate.Function.AVG;
import static dev.hasuraperms.enforce.Aggregate.Function.MAX;
import static dev.hasuraperms.enforce.Aggregate.Function.MIN;
import static dev.hasuraperms.enforce.Aggregate.Function.STDDEV_POP;
import static dev.hasuraperms.enforce.Aggregate.Function.SUM;
import static dev.hasuraperms.enforce.Aggregate.Function.VARIANCE;
import static dev.hasuraperms.enforce.Aggregate.Function.VAR_POP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.eval.UnsupportedInMemoryException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jooq.ThreeWayAggregate.Request;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Aggregate reads ({@code <table>_aggregate}) through SecureJdbc, SecureDsl and the in-memory evaluator, over
 * {@link AggregateFixture} with five fixed rows: gating (allow_aggregations, query_root_fields), readable columns,
 * Hasura's type rules, the permission's limit not capping, redaction of inherited roles, the caller's where, counts
 * (distinct, several columns), the stddev/variance family, grouping.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregateReadTest {

    private static final String[] COLUMNS = {"id", "a", "b", "n", "f", "t", "t2", "g", "owner", "flag", "doc"};
    private static final Object[][] ROWS = {
        {1, 1, 10L, new BigDecimal("1.50"), 0.5, "x", "p", 1, 1, true, null},
        {2, 2, 20L, new BigDecimal("2.25"), 1.5, "y", "q", 2, 1, false, null},
        {3, 3, 30L, null, 2.5, "z", null, 2, 2, true, null},
        {4, null, 40L, new BigDecimal("4.00"), null, "x", "r", 3, 1, null, null},
        {5, 5, null, new BigDecimal("5.00"), 3.5, null, "s", 3, 3, false, null},
    };

    private Connection connection;
    private CheckedPermissions checked;
    private ThreeWayAggregate three;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        db.execute(AggregateFixture.SCHEMA);
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (Object[] r : ROWS) {
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < COLUMNS.length; i++) {
                row.put(COLUMNS[i], r[i]);
            }
            rows.add(row);
            sql.append("INSERT INTO m VALUES (").append(String.join(", ", Arrays.stream(r)
                    .map(v -> v == null ? "NULL" : v instanceof String s ? "'" + s + "'" : v.toString()).toList()))
                    .append(");\n");
        }
        db.execute(sql.toString());
        connection = db.connection();
        checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(AggregateFixture.METADATA),
                JdbcSchemaReader.defaults().read(connection)).orThrow();
        three = new ThreeWayAggregate(checked, connection, rows);
    }

    @AfterAll
    void tearDown() throws Exception {
        connection.close();
    }

    private static Session session(String role, int uid) {
        return Session.of(role, Map.of("X-Hasura-User-Id", Integer.toString(uid)));
    }

    /** The three agree, and equal {@code expected}. */
    private void agree(Session s, Request q, String expected) throws Exception {
        JsonObject jdbc = three.jdbc(s, q);
        assertThat(jdbc).as("SecureJdbc").isEqualTo(Json.parse(expected));
        assertThat(three.jooq(s, q)).as("SecureDsl").isEqualTo(jdbc);
        assertThat(three.memory(s, q)).as("in memory").isEqualTo(jdbc);
    }

    @Test
    void thePermissionsLimitDoesNotCapAggregates() throws Exception {
        // owner has limit 2 and three rows (1, 2, 4): Hasura aggregates all of them.
        agree(session("owner", 1), Request.of(Aggregate.count(), Aggregate.of(SUM, "a"), Aggregate.of(SUM, "b"),
                        Aggregate.of(AVG, "n"), Aggregate.of(MIN, "t"), Aggregate.of(MAX, "t")),
                "{\"aggregate\": {\"count\": 3, \"sum\": {\"a\": 3, \"b\": 70}, \"avg\": {\"n\": 2.5833333333333333},"
                        + " \"min\": {\"t\": \"x\"}, \"max\": {\"t\": \"y\"}}}");
        assertThat(SecureJdbc.of(checked).aggregate(connection, session("owner", 1), ThreeWayAggregate.M)
                .aggregate(Aggregate.count()).statement().sql()).doesNotContain("LIMIT");
    }

    @Test
    void countsOfColumnsDistinctAndRowValues() throws Exception {
        Session s = session("owner", 1);
        agree(s, Request.of(Aggregate.count(true, "t")), "{\"aggregate\": {\"count\": 2}}");
        agree(s, Request.of(Aggregate.count(false, "t2")), "{\"aggregate\": {\"count\": 3}}");
        agree(s, Request.of(Aggregate.count(false, "a")), "{\"aggregate\": {\"count\": 2}}");
        // COUNT((a, t)): a row value is never NULL, so row 4 (a NULL) counts too, as in Hasura.
        agree(s, Request.of(Aggregate.count(false, "a", "t")), "{\"aggregate\": {\"count\": 3}}");
        assertThatThrownBy(() -> three.memory(s, Request.of(Aggregate.count(true, "a", "t"))))
                .isInstanceOf(UnsupportedInMemoryException.class)
                .extracting(e -> ((HasuraPermsException) e).code()).isEqualTo(DiagnosticCode.UNSUPPORTED_IN_MEMORY);
        assertThat(three.jdbc(s, Request.of(Aggregate.count(true, "a", "t"))))
                .isEqualTo(Json.parse("{\"aggregate\": {\"count\": 3}}"));
    }

    @Test
    void theStddevAndVarianceFamily() throws Exception {
        agree(session("owner", 1), Request.of(Aggregate.of(VAR_POP, "a"), Aggregate.of(STDDEV_POP, "a"),
                        Aggregate.of(VARIANCE, "a"), Aggregate.of(Aggregate.Function.STDDEV, "f"),
                        Aggregate.of(Aggregate.Function.VAR_SAMP, "n")),
                "{\"aggregate\": {\"var_pop\": {\"a\": 0.25}, \"stddev_pop\": {\"a\": 0.5}, \"variance\": {\"a\": 0.5},"
                        + " \"stddev\": {\"f\": 0.7071067811865476}, \"var_samp\": {\"n\": 1.6458333333333333}}}");
    }

    @Test
    void anInheritedRoleAggregatesRedactedCellsAsNull() throws Exception {
        Session s = session("mix", 1);
        // Rows 1, 2, 4 through owner (b visible), 3 and 5 through pub only (b redacted).
        agree(s, Request.of(Aggregate.count(), Aggregate.of(SUM, "a"), Aggregate.of(SUM, "b"),
                        Aggregate.of(MAX, "b")),
                "{\"aggregate\": {\"count\": 5, \"sum\": {\"a\": 11, \"b\": 70}, \"max\": {\"b\": 40}}}");
        // The caller's where reads the redacted values: b > 15 holds on rows 2 and 4 only.
        agree(s, Request.of(Aggregate.count()).where(Json.parse("{\"b\": {\"_gt\": 15}}")),
                "{\"aggregate\": {\"count\": 2}}");
    }

    @Test
    void groupingReadsRedactedKeys() throws Exception {
        Session s = session("mix", 1);
        JsonObject jdbc = three.jdbc(s, Request.of(Aggregate.count(), Aggregate.of(SUM, "a")).groupBy("b"));
        List<String> groups = ((dev.hasuraperms.json.JsonArray) jdbc.get("group_by").orElseThrow()).elements().stream()
                .map(JsonWriter::compact).sorted().toList();
        assertThat(groups).containsExactly(
                "{\"group_key\":{\"b\":10},\"aggregate\":{\"count\":1,\"sum\":{\"a\":1}}}",
                "{\"group_key\":{\"b\":20},\"aggregate\":{\"count\":1,\"sum\":{\"a\":2}}}",
                "{\"group_key\":{\"b\":40},\"aggregate\":{\"count\":1,\"sum\":{\"a\":null}}}",
                "{\"group_key\":{\"b\":null},\"aggregate\":{\"count\":2,\"sum\":{\"a\":8}}}");
        for (JsonObject other : List.of(three.jooq(s, Request.of(Aggregate.count(), Aggregate.of(SUM, "a")).groupBy("b")),
                three.memory(s, Request.of(Aggregate.count(), Aggregate.of(SUM, "a")).groupBy("b")))) {
            assertThat(((dev.hasuraperms.json.JsonArray) other.get("group_by").orElseThrow()).elements().stream()
                    .map(JsonWriter::compact).sorted().toList()).isEqualTo(groups);
        }
    }

    @Test
    void groupingByABooleanAndTheCapOnGroupingColumns() throws Exception {
        Session s = session("owner", 1);
        Request q = Request.of(Aggregate.count()).groupBy("flag");
        List<String> groups = sorted(three.jdbc(s, q));
        assertThat(groups).containsExactly("{\"group_key\":{\"flag\":false},\"aggregate\":{\"count\":1}}",
                "{\"group_key\":{\"flag\":null},\"aggregate\":{\"count\":1}}",
                "{\"group_key\":{\"flag\":true},\"aggregate\":{\"count\":1}}");
        assertThat(sorted(three.jooq(s, q))).isEqualTo(groups);
        assertThat(sorted(three.memory(s, q))).isEqualTo(groups);
        String[] many = new String[dev.hasuraperms.enforce.Enforcement.MAX_GROUP_BY + 1];
        java.util.Arrays.fill(many, "a");
        assertThatThrownBy(() -> three.jdbc(s, Request.of(Aggregate.count()).groupBy(many)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grouping columns");
    }

    private static List<String> sorted(JsonObject grouped) {
        return ((dev.hasuraperms.json.JsonArray) grouped.get("group_by").orElseThrow()).elements().stream()
                .map(JsonWriter::compact).sorted().toList();
    }

    @Test
    void aggregateOnlyRootFieldsAllowAggregates() throws Exception {
        agree(session("aggonly", 1), Request.of(Aggregate.count(), Aggregate.of(MAX, "b")),
                "{\"aggregate\": {\"count\": 4, \"max\": {\"b\": 30}}}");
    }

    @Test
    void refusals() {
        assertRefused(session("noagg", 1), Request.of(Aggregate.count()), DiagnosticCode.NO_PERMISSION,
                "allow_aggregations");
        assertRefused(session("rootless", 1), Request.of(Aggregate.count()), DiagnosticCode.NO_PERMISSION,
                "select_aggregate");
        assertRefused(session("nobody", 1), Request.of(Aggregate.count()), DiagnosticCode.NO_PERMISSION, "nobody");
        assertRefused(session("pub", 1), Request.of(Aggregate.of(SUM, "b")), DiagnosticCode.COLUMN_NOT_ALLOWED, "b");
        assertRefused(session("pub", 1), Request.of(Aggregate.count()).groupBy("owner"),
                DiagnosticCode.COLUMN_NOT_ALLOWED, "owner");
        assertRefused(session("owner", 1), Request.of(Aggregate.of(SUM, "t")), DiagnosticCode.AGGREGATE_NOT_APPLICABLE,
                "only on numeric columns");
        assertRefused(session("owner", 1), Request.of(Aggregate.of(MAX, "flag")),
                DiagnosticCode.AGGREGATE_NOT_APPLICABLE, "boolean");
        assertRefused(session("owner", 1), Request.of(Aggregate.of(MIN, "doc")),
                DiagnosticCode.AGGREGATE_NOT_APPLICABLE, "jsonb");
    }

    private void assertRefused(Session s, Request q, DiagnosticCode code, String detail) {
        assertThatThrownBy(() -> three.jdbc(s, q)).isInstanceOf(HasuraPermsException.class)
                .hasMessageContaining(detail).extracting(e -> ((HasuraPermsException) e).code()).isEqualTo(code);
        assertThatThrownBy(() -> three.jooq(s, q)).isInstanceOf(HasuraPermsException.class)
                .extracting(e -> ((HasuraPermsException) e).code()).isEqualTo(code);
        assertThatThrownBy(() -> three.memory(s, q)).isInstanceOf(HasuraPermsException.class)
                .extracting(e -> ((HasuraPermsException) e).code()).isEqualTo(code);
    }
}

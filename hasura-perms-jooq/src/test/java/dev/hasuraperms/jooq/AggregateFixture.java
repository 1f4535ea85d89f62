package dev.hasuraperms.jooq;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The schema, metadata and (seeded, NULL-heavy) rows of the aggregate tests: table {@code m} with numeric, text,
 * boolean and jsonb columns; role {@code owner} (every column, its own rows, limit 2), {@code pub} (some columns,
 * rows with g > 1), {@code noagg} (no allow_aggregations), {@code rootless} (query_root_fields without
 * select_aggregate), {@code aggonly} (only select_aggregate), inherited role {@code mix = [owner, pub]} (b, n, f, t2,
 * owner redacted outside the caller's own rows).
 */
final class AggregateFixture {

    static final String SCHEMA = """
            CREATE TABLE m (
                id    int PRIMARY KEY,
                a     int,
                b     bigint,
                n     numeric(10, 2),
                f     float8,
                t     text,
                t2    text,
                g     int,
                owner int,
                flag  boolean,
                doc   jsonb
            );
            """;

    static final String METADATA = """
            {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
              {"table": {"schema": "public", "name": "m"}, "select_permissions": [
                {"role": "owner", "permission": {"columns": "*", "filter": {"owner": {"_eq": "X-Hasura-User-Id"}},
                  "limit": 2, "allow_aggregations": true}},
                {"role": "pub", "permission": {"columns": ["id", "a", "g", "t"], "filter": {"g": {"_gt": 1}},
                  "allow_aggregations": true}},
                {"role": "noagg", "permission": {"columns": ["id", "a"], "filter": {}}},
                {"role": "rootless", "permission": {"columns": ["id", "a"], "filter": {}, "allow_aggregations": true,
                  "query_root_fields": ["select", "select_by_pk"]}},
                {"role": "aggonly", "permission": {"columns": ["id", "a", "b", "g"], "filter": {"a": {"_gt": 0}},
                  "allow_aggregations": true, "query_root_fields": ["select_aggregate"]}}
              ]}]}],
             "inherited_roles": [{"role_name": "mix", "role_set": ["owner", "pub"]}]}
            """;

    /** Rows of m, as column to value (Java null for NULL), and the SQL that inserts them. */
    record Data(List<Map<String, Object>> rows, String sql) {
    }

    private AggregateFixture() {
    }

    static Data data(Random r, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder sql = new StringBuilder("TRUNCATE m;\n");
        for (int id = 1; id <= count; id++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("a", r.nextInt(4) == 0 ? null : r.nextInt(21) - 5);
            row.put("b", r.nextInt(4) == 0 ? null : (long) (r.nextInt(2001) - 1000) * 1_000_000_007L);
            row.put("n", r.nextInt(4) == 0 ? null : BigDecimal.valueOf(r.nextInt(200_001) - 100_000, 2));
            row.put("f", r.nextInt(4) == 0 ? null : (r.nextInt(801) - 400) / 4.0);
            row.put("t", r.nextInt(4) == 0 ? null : word(r));
            row.put("t2", r.nextInt(4) == 0 ? null : word(r));
            row.put("g", r.nextInt(5) == 0 ? null : r.nextInt(4));
            row.put("owner", r.nextInt(6) == 0 ? null : 1 + r.nextInt(3));
            row.put("flag", r.nextInt(3) == 0 ? null : r.nextBoolean());
            row.put("doc", null);
            rows.add(row);
            sql.append("INSERT INTO m VALUES (");
            int i = 0;
            for (Object v : row.values()) {
                sql.append(i++ == 0 ? "" : ", ").append(v == null ? "NULL" : v instanceof String s ? "'" + s + "'" : v);
            }
            sql.append(");\n");
        }
        return new Data(rows, sql.toString());
    }

    private static String word(Random r) {
        int n = 1 + r.nextInt(3);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + r.nextInt(4)));
        }
        return b.toString();
    }
}

package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The isolation of an OR with a root reference ({@code ["$", column]}) on the row's {@code ctid} against a table with a
 * legacy inheritance child, which the schema model does not know about: the child's rows have the same {@code ctid}s
 * as the parent's, and the optimized filter must not let a child row through because a parent row with its
 * {@code ctid} qualifies (it keeps only the table's own rows in the isolated branches: fail closed). Partitioned
 * tables are isolated on the primary key, and there the optimized filter selects what the unoptimized one does.
 */
@PostgresTest
class RootRefIsolationTest {

    private static final String METADATA = """
            {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
              {"table": {"schema": "rootref", "name": "owners"}},
              {"table": {"schema": "rootref", "name": "%s"},
               "object_relationships": [{"name": "owner", "using": {"foreign_key_constraint_on": "owner_id"}}],
               "select_permissions": [{"role": "user", "permission": {"columns": "*", "filter":
                 {"_or": [{"owner": {"_and": [{"user_id": {"_eq": "X-Hasura-User-Id"}},
                                              {"since": {"_clte": ["$", "rank"]}}]}},
                          {"public": {"_eq": true}}]}}}]}
            ]}]}
            """;

    private static List<Integer> ids(Connection c, String table, SqlPredicate p) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id FROM rootref." + table + " AS d WHERE " + p.sql()
                + " ORDER BY d.id")) {
            p.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    private static JdbcPermissions[] permissions(Connection c, String table) {
        CheckedPermissions checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(METADATA.formatted(table)),
                JdbcSchemaReader.defaults().read(c)).orThrow();
        return new JdbcPermissions[]{JdbcPermissions.of(checked, dev.hasuraperms.enforce.BackendOptions.DEFAULT.withCacheSize(10)), JdbcPermissions.of(checked, dev.hasuraperms.enforce.BackendOptions.DEFAULT.withOptimize(false).withCacheSize(10))};
    }

    @Test
    void anInheritanceChildsRowIsNotSelectedThroughAParentRowsCtid(TestDatabase db) throws Exception {
        db.execute("""
                CREATE SCHEMA rootref;
                CREATE TABLE rootref.owners (id int PRIMARY KEY, user_id int NOT NULL, since int NOT NULL);
                CREATE TABLE rootref.docs (id int PRIMARY KEY, owner_id int REFERENCES rootref.owners, rank int,
                  public boolean NOT NULL);
                CREATE TABLE rootref.docs_child () INHERITS (rootref.docs);
                INSERT INTO rootref.owners VALUES (1, 7, 5), (2, 8, 5);
                -- the parent's first row qualifies (owner 1 is user 7's, since 5 <= rank 9); the child's first row,
                -- same ctid (0,1), does not (owner 2 is user 8's)
                INSERT INTO rootref.docs VALUES (10, 1, 9, false), (11, 2, 9, false);
                INSERT INTO rootref.docs_child VALUES (20, 2, 9, false), (21, 1, 1, false), (22, 1, 9, false);
                CREATE TABLE rootref.parts (id int NOT NULL, owner_id int REFERENCES rootref.owners, rank int,
                  public boolean NOT NULL, PRIMARY KEY (id)) PARTITION BY RANGE (id);
                CREATE TABLE rootref.parts_a PARTITION OF rootref.parts FOR VALUES FROM (0) TO (100);
                CREATE TABLE rootref.parts_b PARTITION OF rootref.parts FOR VALUES FROM (100) TO (200);
                INSERT INTO rootref.parts VALUES (10, 1, 9, false), (11, 2, 9, false), (12, 1, 1, true),
                  (110, 2, 9, false), (111, 1, 9, false), (112, 1, 1, false);
                """);
        Session user7 = Session.of("user", Map.of("X-Hasura-User-Id", "7"));
        try (Connection c = db.connection()) {
            JdbcPermissions[] docs = permissions(c, "docs");
            SqlPredicate optimized = docs[0].selectFilter(QualifiedName.of("rootref", "docs"), "d", user7);
            SqlPredicate plain = docs[1].selectFilter(QualifiedName.of("rootref", "docs"), "d", user7);
            assertThat(optimized.sql()).contains("\"ctid\" = ANY (ARRAY (SELECT");
            assertThat(ids(c, "docs", plain)).containsExactly(10, 22);
            // The child's row 22 qualifies too but is not returned by the isolated branch (fail closed); no child
            // row that does not qualify (20 shares the parent row 10's ctid) is ever returned.
            assertThat(ids(c, "docs", optimized)).containsExactly(10);
            assertThat(optimized.sql()).contains("tableoid");

            JdbcPermissions[] parts = permissions(c, "parts");
            SqlPredicate pOptimized = parts[0].selectFilter(QualifiedName.of("rootref", "parts"), "d", user7);
            SqlPredicate pPlain = parts[1].selectFilter(QualifiedName.of("rootref", "parts"), "d", user7);
            assertThat(pOptimized.sql()).doesNotContain("ctid").contains("CROSS JOIN");
            assertThat(ids(c, "parts", pPlain)).containsExactly(10, 12, 111);
            assertThat(ids(c, "parts", pOptimized)).containsExactly(10, 12, 111);
        }
    }
}

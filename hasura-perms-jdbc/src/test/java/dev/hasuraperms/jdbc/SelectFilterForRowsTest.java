package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A filter of the shape {@code {_and: [{_or: [...]}, {_not: {relationship: ...}}]}} gets the optimizer's isolating
 * rewrite (a branch looked up in the table again by its primary key) in {@link JdbcPermissions#selectFilter}, which
 * is for the table's own rows, and not in {@link JdbcPermissions#selectFilterForRows}, which is for rows from
 * elsewhere (here a VALUES list of rows that are not stored, or stored differently).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectFilterForRowsTest {

    private static final QualifiedName DOCS = QualifiedName.of("rowsfilter", "docs");
    private TestDatabase db;
    private JdbcPermissions permissions;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("with-not/schema.sql"));
        CheckedPermissions checked;
        try (Connection c = db.connection()) {
            checked = PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("with-not/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow();
        }
        permissions = JdbcPermissions.of(checked);
    }

    private List<Integer> ids(String from, SqlPredicate p) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT d.id FROM " + from + " WHERE " + p.sql() + " ORDER BY d.id")) {
            p.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    @Test
    void theTablesOwnRowsAndRowsFromElsewhereEachGetTheirFilter() throws Exception {
        Session user7 = Session.of("user", Map.of("X-Hasura-User-Id", "7"));
        SqlPredicate own = permissions.selectFilter(DOCS, "d", user7);
        SqlPredicate rows = permissions.selectFilterForRows(DOCS, "d", user7);
        // The rewrite happened (the collaborator branch looks docs up again), and not for rows from elsewhere.
        assertThat(own.sql()).contains("FROM \"rowsfilter\".\"docs\"");
        assertThat(rows.sql()).doesNotContain("FROM \"rowsfilter\".\"docs\"");
        // Stored rows: user 7 owns project 1 (doc 10) and collaborates on 20 and 30; 30's project is archived.
        assertThat(ids("rowsfilter.docs AS d", own)).containsExactly(10, 20);
        assertThat(ids("rowsfilter.docs AS d", rows)).containsExactly(10, 20);
        // Rows that are not the stored ones: doc 20 moved to the archived project, doc 30 to an active one, and a
        // doc 40 that does not exist. Only the rows filter judges them as they are.
        String values = "(VALUES (20, 3), (30, 2), (40, 1)) AS d (id, project_id)";
        assertThat(ids(values, rows)).containsExactly(30, 40);
    }
}

package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.enforce.BackendOptions;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.eval.Evaluator;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.eval.SessionValueSource;
import dev.hasuraperms.eval.UnsupportedInMemoryException;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/** Every operator and edge case, rendered by the JDBC backend and run on PostgreSQL, with and without the optimizer. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcOperatorTest {

    private DatabaseSchema schema;
    private TestDatabase db;

    @BeforeAll
    void createData(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("check/schema.sql"));
        db.execute(Fixtures.read("operators/data.sql"));
        try (Connection c = db.connection()) {
            schema = JdbcSchemaReader.defaults().read(c);
        }
    }

    @TestFactory
    Stream<DynamicTest> optimized() {
        return cases(true);
    }

    @TestFactory
    Stream<DynamicTest> unoptimized() {
        return cases(false);
    }

    /** The in-memory evaluator on the same rows (read from PostgreSQL), except what it refuses up front. */
    @TestFactory
    Stream<DynamicTest> evaluator() throws Exception {
        Map<QualifiedName, List<Map<String, Object>>> rows;
        try (Connection c = db.connection()) {
            rows = DatabaseRows.read(c, List.of(QualifiedName.of("articles"), QualifiedName.of("authors"),
                    QualifiedName.of("comments"), QualifiedName.of("settings")));
        }
        Evaluator evaluator = Evaluator.builder().relations(DatabaseRows.resolver(rows)).build();
        return OperatorCases.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            CheckedPermissions perms = OperatorCases.permissions(c, schema);
            Predicate filter = perms.select(c.table(), "r").orElseThrow().filter();
            try {
                evaluator.checkSupported(filter);
            } catch (UnsupportedInMemoryException e) {
                Assumptions.abort("not evaluated in memory: " + e.getMessage());
            }
            Session session = Session.of("r", c.session());
            List<Integer> accepted = new ArrayList<>();
            for (Map<String, Object> row : rows.get(c.table())) {
                if (evaluator.evaluate(filter, c.table(), Row.of(row), SessionValueSource.of(session)).accepted()) {
                    accepted.add((Integer) row.get("id"));
                }
            }
            accepted.sort(null);
            assertThat(accepted).as("%s", c).containsExactlyElementsOf(c.expected());
        }));
    }

    private Stream<DynamicTest> cases(boolean optimize) {
        return OperatorCases.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            CheckedPermissions perms = OperatorCases.permissions(c, schema);
            JdbcPermissions jdbc = JdbcPermissions.of(perms, new BackendOptions(optimize, 100));
            SqlPredicate p = jdbc.selectFilter(c.table(), "t", Session.of("r", c.session()));
            assertThat(ids(c.table().toSql(), p)).as("%s%nSQL: %s", c, p).containsExactlyElementsOf(c.expected());
        }));
    }

    private List<Integer> ids(String table, SqlPredicate p) throws Exception {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT t.id FROM " + table + " AS t WHERE " + p.sql() + " ORDER BY t.id")) {
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

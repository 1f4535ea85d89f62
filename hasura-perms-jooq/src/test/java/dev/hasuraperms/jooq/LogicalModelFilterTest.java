package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.eval.Evaluator;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.eval.SessionValueSource;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.NativeQuery;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A logical model's select permission filters the rows of a native query that returns it, on both backends, with
 * the evaluator agreeing where it can evaluate the filter (fixtures/native-query).
 */
@PostgresTest
class LogicalModelFilterTest {

    private static CheckedPermissions checked;
    private static NativeQuery query;
    private static TestDatabase database;

    @BeforeAll
    static void setUp(TestDatabase db) throws Exception {
        database = db;
        db.execute(Fixtures.read("native-query/schema.sql"));
        Metadata m = MetadataLoader.defaults().load(Fixtures.path("native-query/metadata.json"));
        try (Connection c = db.connection()) {
            checked = PermissionChecker.check(m, JdbcSchemaReader.defaults().read(c)).orThrow();
        }
        query = m.sources().get(0).nativeQueries().get(0);
    }

    /** The native query's code with its argument as a bind parameter. */
    private static String code() {
        return query.code().replace("{{min_id}}", "?::int4");
    }

    private static List<Integer> jdbcIds(Session session) throws Exception {
        SqlPredicate filter = JdbcPermissions.of(checked).logicalModelFilter("article", "nq", session);
        String sql = "WITH \"nq\" AS (" + code() + ") SELECT \"nq\".\"id\" FROM \"nq\" WHERE " + filter.sql()
                + " ORDER BY 1";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, 10);
            filter.bind(ps, 2);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            return ids;
        }
    }

    private static List<Integer> jooqIds(Session session) throws Exception {
        try (Connection c = database.connection()) {
            Table<?> nq = DSL.table("(" + query.code().replace("{{min_id}}", "{0}") + ")", DSL.val(10)).as("nq");
            return DSL.using(c, SQLDialect.POSTGRES).select(DSL.field(DSL.name("nq", "id"), Integer.class)).from(nq)
                    .where(JooqPermissions.of(checked).logicalModelCondition("article", nq, session))
                    .orderBy(1).fetch(0, Integer.class);
        }
    }

    @Test
    void aReaderSeesPublishedArticlesExceptThoseOfAHiddenCountryThroughTheNestedAuthor() throws Exception {
        Session reader = Session.of("reader", Map.of("X-Hasura-Hidden-Country", "us"));
        assertThat(jdbcIds(reader)).containsExactly(15);
        assertThat(jooqIds(reader)).containsExactly(15);
        Session readerUk = Session.of("reader", Map.of("X-Hasura-Hidden-Country", "uk"));
        assertThat(jdbcIds(readerUk)).containsExactly(12, 13, 15);
        assertThat(jooqIds(readerUk)).containsExactly(12, 13, 15);
    }

    @Test
    void anAuthorSeesTheirOwnAndTaggedArticlesAndTheEvaluatorAgrees() throws Exception {
        Session author = Session.of("author", Map.of("X-Hasura-User-Id", "3"));
        assertThat(jdbcIds(author)).containsExactly(12, 14, 15);
        assertThat(jooqIds(author)).containsExactly(12, 14, 15);
        List<Integer> evaluated = new ArrayList<>();
        Evaluator evaluator = Evaluator.builder().build();
        for (Map<String, Object> row : database.query("SELECT id, title, author_id, is_published, tags FROM ("
                + query.code().replace("{{min_id}}", "10") + ") nq ORDER BY id")) {
            if (evaluator.evaluate(checked.logicalModelSelect("article", "author").orElseThrow().filter(),
                    Row.of(new LinkedHashMap<>(row)), SessionValueSource.of(author)).accepted()) {
                evaluated.add((Integer) row.get("id"));
            }
        }
        assertThat(evaluated).containsExactly(12, 14, 15);
    }

    @Test
    void anInheritedRoleSeesTheUnionAndItsParentsColumnsWithTheOthersRedacted() throws Exception {
        Session both = Session.of("reader_author", Map.of("X-Hasura-Hidden-Country", "uk", "X-Hasura-User-Id", "3"));
        assertThat(jdbcIds(both)).containsExactly(12, 13, 14, 15);
        assertThat(jooqIds(both)).containsExactly(12, 13, 14, 15);
        SelectRule rule = checked.logicalModelSelect("article", "reader_author").orElseThrow();
        assertThat(rule.columns()).containsExactly("id", "title", "author_id", "is_published", "tags", "author");
        // granted by the reader too: plain; granted by the author only: visible where the author's filter holds
        assertThat(rule.redactions()).containsOnlyKeys("author_id", "is_published", "tags");
        assertThat(rule.redactions().get("tags"))
                .isEqualTo(checked.logicalModelSelect("article", "author").orElseThrow().filter());
    }

    @Test
    void aRoleWithoutAPermissionOnTheModelIsRefused() {
        Session nobody = Session.of("nobody", Map.of());
        assertThatThrownBy(() -> jdbcIds(nobody)).isInstanceOf(PermissionDeniedException.class);
        assertThat(checked.logicalModelSelect("article", "reader").orElseThrow().columns())
                .containsExactly("id", "title", "author");
    }
}

package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Permission filters compiled by the checker (as CompileTest does), evaluated against rows. */
class EvalCompiledFiltersTest {

    private static final DatabaseSchema SCHEMA = SchemaSnapshot.read(Fixtures.path("check").resolve("schema.json"));
    private static final QualifiedName ARTICLES = QualifiedName.of("articles");
    private static final QualifiedName AUTHORS = QualifiedName.of("authors");
    private static final QualifiedName COMMENTS = QualifiedName.of("comments");

    private static final String TABLES = """
            version: 3
            sources:
              - name: default
                tables:
                  - table: articles
                    object_relationships:
                      - name: author
                        using: {foreign_key_constraint_on: author_id}
                    array_relationships:
                      - name: comments
                        using: {foreign_key_constraint_on: {table: comments, column: article_id}}
                    select_permissions:
                      - role: r
                        permission:
                          columns: "*"
                          filter: %s
                  - table: authors
                    array_relationships:
                      - name: articles
                        using: {foreign_key_constraint_on: {table: articles, column: author_id}}
                  - table: comments
            """;

    private static Predicate articles(String filter) {
        Metadata m = MetadataLoader.defaults().loadJson(Json.parseYaml(TABLES.formatted(filter)).toJson());
        CheckResult r = PermissionChecker.check(m, SCHEMA, CheckOptions.DEFAULT);
        assertThat(r.diagnostics()).isEmpty();
        CheckedPermissions p = r.orThrow();
        return p.select(ARTICLES, "r").orElseThrow().filter();
    }

    private static final List<Row> AUTHOR_ROWS = List.of(
            row("id", 1, "name", "Ann", "email", "ANN@example.com", "is_active", true, "tags", "{sql,java}", "path", "top.a",
                    "mood", "happy", "settings", "{\"theme\": \"dark\", \"beta\": true}"),
            row("id", 2, "name", "Bob", "email", null, "is_active", false, "tags", null, "path", null, "mood", null,
                    "settings", null));
    private static final List<Row> COMMENT_ROWS = List.of(
            row("id", 100, "article_id", 10, "body", "first", "created_by", 5),
            row("id", 101, "article_id", 11, "body", "second", "created_by", null));

    private static final Evaluator EV = Evaluator.builder().relations(RelationResolver.of(Map.of(AUTHORS, AUTHOR_ROWS,
            COMMENTS, COMMENT_ROWS))).build();

    private static Row article(int id, int authorId, Integer ownerId, String title, BigDecimal price) {
        return row("id", id, "author_id", authorId, "owner_id", ownerId, "title", title, "price", price,
                "is_published", true, "rank", 3, "reviewer_id", null);
    }

    private static TriBool eval(String filter, Row row, Map<String, Object> session) {
        return EV.evaluate(articles(filter), ARTICLES, row, EvalSupport.session(session)).result();
    }

    @Test
    void relationshipsSessionVariablesAndNullAwareEquality() {
        String filter = "{_or: [{owner_id: {_eq: X-Hasura-User-Id}}, {author: {is_active: {_eq: true}}}]}";
        Map<String, Object> user5 = Map.of("x-hasura-user-id", "5");
        assertThat(eval(filter, article(10, 1, null, "a", null), user5)).isEqualTo(TriBool.TRUE);
        assertThat(eval(filter, article(11, 2, 5, "a", null), user5)).isEqualTo(TriBool.TRUE);
        assertThat(eval(filter, article(12, 2, 6, "a", null), user5)).isEqualTo(TriBool.FALSE);
        assertThat(eval(filter, article(13, 2, null, "a", null), user5)).isEqualTo(TriBool.UNKNOWN);

        assertThat(eval("{owner_id: {_eq: null}}", article(13, 2, null, "a", null), Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{owner_id: {_eq: null}}", article(13, 2, 4, "a", null), Map.of())).isNotEqualTo(TriBool.TRUE);
        assertThat(eval("{_not: {owner_id: {_eq: null}}}", article(13, 2, 4, "a", null), Map.of())).isNotEqualTo(TriBool.TRUE);
        assertThat(eval("{owner_id: {_nin: []}}", article(13, 2, null, "a", null), Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{owner_id: {_nin: [1, 2]}}", article(13, 2, null, "a", null), Map.of())).isEqualTo(TriBool.UNKNOWN);
    }

    @Test
    void columnTypesFromTheSchema() {
        Row ann = article(10, 1, null, "Learning SQL", new BigDecimal("9.90"));
        assertThat(eval("{author: {email: {_eq: \"ann@EXAMPLE.com\"}}}", ann, Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{author: {email: {_like: \"ann@%\"}}}", ann, Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{author: {tags: {_contains: [sql]}}}", ann, Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{author: {path: {_descendant: top}}}", ann, Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{author: {mood: {_gt: ok}}}", ann, Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{author: {settings: {_contains: {beta: true}}}}", ann, Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{author: {settings: {_has_key: theme}}}", ann, Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{author: {settings: {_cast: {String: {_ilike: \"%DARK%\"}}}}}", ann, Map.of()))
                .isEqualTo(TriBool.TRUE);
        assertThat(eval("{title: {_iregex: \"^learning\"}, price: {_lt: 10}}", ann, Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval("{comments: {created_by: {_is_null: true}}}", ann, Map.of())).isEqualTo(TriBool.FALSE);
        String byOwner = "{comments: {created_by: {_ceq: [\"$\", \"owner_id\"]}}}";
        assertThat(eval(byOwner, article(10, 1, 5, "x", null), Map.of())).isEqualTo(TriBool.TRUE);
        assertThat(eval(byOwner, article(10, 1, null, "x", null), Map.of())).isEqualTo(TriBool.FALSE);
        assertThat(eval("{_exists: {_table: comments, _where: {article_id: {_ceq: [\"$\", \"id\"]}}}}",
                article(12, 1, null, "x", null), Map.of())).isEqualTo(TriBool.FALSE);
    }
}

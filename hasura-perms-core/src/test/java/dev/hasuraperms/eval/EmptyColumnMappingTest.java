package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A manual relationship with {@code column_mapping: {}} loads and checks (Hasura accepts it), and a filter through it
 * joins without condition, like an {@code _exists} over the remote table.
 */
class EmptyColumnMappingTest {

    private static final DatabaseSchema SCHEMA = SchemaSnapshot.read(Fixtures.path("check").resolve("schema.json"));
    private static final QualifiedName ARTICLES = QualifiedName.of("articles");
    private static final QualifiedName AUTHORS = QualifiedName.of("authors");

    private static final String METADATA = """
            version: 3
            sources:
              - name: default
                tables:
                  - table: articles
                    object_relationships:
                      - name: any_author
                        using:
                          manual_configuration: {remote_table: authors, column_mapping: {}}
                    select_permissions:
                      - role: r
                        permission:
                          columns: "*"
                          filter: {any_author: {is_active: {_eq: true}}}
                  - table: authors
            """;

    private static Predicate filter() {
        CheckResult r = PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson()),
                SCHEMA, CheckOptions.DEFAULT);
        assertThat(r.diagnostics()).isEmpty();
        return r.orThrow().select(ARTICLES, "r").orElseThrow().filter();
    }

    private static TriBool eval(List<Row> authors) {
        Evaluator ev = Evaluator.builder().relations(RelationResolver.of(Map.of(AUTHORS, authors))).build();
        Row article = row("id", 10, "author_id", 2, "owner_id", null, "title", "t", "price", null,
                "is_published", true, "rank", 3, "reviewer_id", null);
        return ev.evaluate(filter(), ARTICLES, article, EvalSupport.session(Map.of())).result();
    }

    @Test
    void theRelationshipReachesEveryRowOfTheRemoteTable() {
        // author_id is 2, but an active author 1 is enough: there is no join condition
        assertThat(eval(List.of(row("id", 1, "is_active", true), row("id", 2, "is_active", false))))
                .isEqualTo(TriBool.TRUE);
        assertThat(eval(List.of(row("id", 2, "is_active", false)))).isEqualTo(TriBool.FALSE);
        assertThat(eval(List.of())).isEqualTo(TriBool.FALSE);
    }
}

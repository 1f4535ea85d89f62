package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a caller's {@code where} may not do (issue 16: a hidden column compared with through any operator or path;
 * issue 18: {@code null} values and column comparisons, which Hasura's GraphQL {@code where} refuses).
 *
 * <p>Role {@code user} reads {@code authors(id, name, score)} and {@code articles(id, author_id, title, rating, meta)},
 * both with aggregations, and nothing of {@code vault}; {@code authors.secret} and {@code articles.body} are hidden.
 * The inherited role {@code mixed} (user + other) reads {@code body} redacted.
 */
class CallerFilterRefusalTest {

    private static final QualifiedName AUTHORS = QualifiedName.of("authors");
    private static final QualifiedName ARTICLES = QualifiedName.of("articles");

    private static final String SCHEMA = """
            {"format": "hasura-perms-schema", "version": 1, "functions": [], "tables": [
             {"schema": "public", "name": "authors", "kind": "table", "columns": [
               {"name": "id", "type": "pg_catalog.int4", "nullable": false},
               {"name": "name", "type": "pg_catalog.text", "nullable": false},
               {"name": "secret", "type": "pg_catalog.text", "nullable": true},
               {"name": "score", "type": "pg_catalog.int4", "nullable": true}],
              "primary_key": {"name": "authors_pkey", "columns": ["id"]}, "unique": [], "foreign_keys": []},
             {"schema": "public", "name": "articles", "kind": "table", "columns": [
               {"name": "id", "type": "pg_catalog.int4", "nullable": false},
               {"name": "author_id", "type": "pg_catalog.int4", "nullable": false},
               {"name": "title", "type": "pg_catalog.text", "nullable": false},
               {"name": "body", "type": "pg_catalog.text", "nullable": true},
               {"name": "rating", "type": "pg_catalog.int4", "nullable": true},
               {"name": "meta", "type": "pg_catalog.jsonb", "nullable": true}],
              "primary_key": {"name": "articles_pkey", "columns": ["id"]}, "unique": [],
              "foreign_keys": [{"name": "articles_author_id_fkey", "columns": ["author_id"], "references": "public.authors",
                                "referenced_columns": ["id"]}]},
             {"schema": "public", "name": "vault", "kind": "table", "columns": [
               {"name": "id", "type": "pg_catalog.int4", "nullable": false},
               {"name": "author_id", "type": "pg_catalog.int4", "nullable": false},
               {"name": "code", "type": "pg_catalog.text", "nullable": false}],
              "primary_key": {"name": "vault_pkey", "columns": ["id"]}, "unique": [], "foreign_keys": []}]}
            """;

    private static final String METADATA = """
            {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
             {"table": {"schema": "public", "name": "authors"},
              "array_relationships": [
                {"name": "articles", "using": {"foreign_key_constraint_on": {"table": "articles", "column": "author_id"}}},
                {"name": "vault", "using": {"manual_configuration": {"remote_table": "vault",
                                                                     "column_mapping": {"id": "author_id"}}}}],
              "select_permissions": [
                {"role": "user", "permission": {"columns": ["id", "name", "score"], "filter": {}, "allow_aggregations": true}},
                {"role": "other", "permission": {"columns": ["id", "name", "score", "secret"], "filter": {"id": {"_eq": 1}},
                                                 "allow_aggregations": true}}]},
             {"table": {"schema": "public", "name": "articles"},
              "object_relationships": [{"name": "author", "using": {"foreign_key_constraint_on": "author_id"}}],
              "select_permissions": [
                {"role": "user", "permission": {"columns": ["id", "author_id", "title", "rating", "meta"], "filter": {},
                                                "allow_aggregations": true}},
                {"role": "other", "permission": {"columns": ["id", "author_id", "title", "rating", "meta", "body"],
                                                 "filter": {"id": {"_gt": 100}}, "allow_aggregations": true}}]},
             {"table": {"schema": "public", "name": "vault"}}]}],
             "inherited_roles": [{"role_name": "mixed", "role_set": ["user", "other"]}]}
            """;

    private static final CheckedPermissions P = PermissionChecker.check(MetadataLoader.defaults().loadJson(METADATA),
            SchemaSnapshot.read(SCHEMA)).orThrow();

    private static Predicate compile(QualifiedName table, String role, String where) {
        return CallerFilters.compile(P, table, role, Json.parse(where));
    }

    private static void refused(QualifiedName table, String role, String where, DiagnosticCode code, String mentions) {
        assertThatThrownBy(() -> compile(table, role, where)).as(where)
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class)
                .satisfies(e -> assertThat(((CallerFilters.InvalidCallerFilterException) e).code()).as(where).isEqualTo(code))
                .hasMessageContaining(mentions);
    }

    // ------------------------------------------------------------------------------------- hidden columns (leak)

    @Test
    void aHiddenColumnIsRefusedWhateverTheOperator() {
        String[] conditions = {"{\"_eq\": \"m\"}", "{\"_neq\": \"m\"}", "{\"_gt\": \"m\"}", "{\"_lt\": \"m\"}",
                "{\"_gte\": \"m\"}", "{\"_lte\": \"m\"}", "{\"_in\": [\"m\"]}", "{\"_nin\": [\"m\"]}", "{\"_is_null\": false}",
                "{\"_like\": \"m%\"}", "{\"_nlike\": \"m%\"}", "{\"_ilike\": \"m%\"}", "{\"_nilike\": \"m%\"}",
                "{\"_similar\": \"m%\"}", "{\"_nsimilar\": \"m%\"}", "{\"_regex\": \"^m\"}", "{\"_nregex\": \"^m\"}",
                "{\"_iregex\": \"^m\"}", "{\"_niregex\": \"^m\"}", "{\"_lt\": \"m\", \"_gt\": \"a\"}"};
        for (String c : conditions) {
            for (String where : List.of("{\"secret\": " + c + "}", "{\"_not\": {\"secret\": " + c + "}}",
                    "{\"_or\": [{\"name\": {\"_eq\": \"x\"}}, {\"secret\": " + c + "}]}",
                    "{\"_and\": [{\"_and\": [{\"secret\": " + c + "}]}]}")) {
                refused(AUTHORS, "user", where, DiagnosticCode.COLUMN_NOT_ALLOWED, "may not read column secret of public.authors");
            }
        }
    }

    @Test
    void theRefusalNamesTheColumnAndNothingOfTheValue() {
        assertThatThrownBy(() -> compile(AUTHORS, "user", "{\"secret\": {\"_lt\": \"probe-value\"}}"))
                .hasMessageNotContaining("probe-value");
    }

    @Test
    void aHiddenColumnOfARelatedTableIsRefusedThroughEveryPath() {
        // object and array relationships, nested
        refused(ARTICLES, "user", "{\"author\": {\"secret\": {\"_gt\": \"m\"}}}", DiagnosticCode.COLUMN_NOT_ALLOWED,
                "column secret of public.authors");
        refused(AUTHORS, "user", "{\"articles\": {\"body\": {\"_lt\": \"m\"}}}", DiagnosticCode.COLUMN_NOT_ALLOWED,
                "column body of public.articles");
        refused(ARTICLES, "user", "{\"author\": {\"articles\": {\"author\": {\"_not\": {\"secret\": {\"_like\": \"a%\"}}}}}}",
                DiagnosticCode.COLUMN_NOT_ALLOWED, "column secret of public.authors");
        // aggregation predicates: the arguments and the filter
        refused(AUTHORS, "user", "{\"articles_aggregate\": {\"count\": {\"arguments\": [\"body\"], \"distinct\": true,"
                + " \"predicate\": {\"_gt\": 1}}}}", DiagnosticCode.COLUMN_NOT_ALLOWED, "column body of public.articles");
        refused(AUTHORS, "user", "{\"articles_aggregate\": {\"max\": {\"arguments\": \"body\", \"predicate\": {\"_gt\": \"m\"}}}}",
                DiagnosticCode.COLUMN_NOT_ALLOWED, "column body of public.articles");
        refused(AUTHORS, "user", "{\"articles_aggregate\": {\"count\": {\"filter\": {\"body\": {\"_lt\": \"m\"}},"
                + " \"predicate\": {\"_gt\": 0}}}}", DiagnosticCode.COLUMN_NOT_ALLOWED, "column body of public.articles");
        // a relationship to a table the role cannot select does not exist for it, even with an empty filter
        for (String where : List.of("{\"vault\": {\"code\": {\"_eq\": \"x\"}}}", "{\"vault\": {}}",
                "{\"vault_aggregate\": {\"count\": {\"predicate\": {\"_gt\": 0}}}}")) {
            refused(AUTHORS, "user", where, DiagnosticCode.COLUMN_NOT_ALLOWED, "public.vault");
        }
        // readable columns along the same paths compile
        assertThat(compile(AUTHORS, "user", "{\"articles_aggregate\": {\"count\": {\"arguments\": [\"title\"],"
                + " \"filter\": {\"rating\": {\"_gt\": 2}}, \"predicate\": {\"_gt\": 1}}}}")).isInstanceOf(Predicate.Aggregate.class);
        assertThat(compile(ARTICLES, "user", "{\"author\": {\"name\": {\"_lt\": \"m\"}}}")).isInstanceOf(Predicate.Exists.class);
    }

    @Test
    void anInheritedRoleComparesARedactedColumnAsItsRedactionButCannotAggregateIt() {
        Predicate.Compare c = (Predicate.Compare) compile(ARTICLES, "mixed", "{\"body\": {\"_lt\": \"m\"}}");
        assertThat(c.left()).isInstanceOf(Expr.Redacted.class);
        refused(AUTHORS, "mixed", "{\"articles_aggregate\": {\"count\": {\"arguments\": [\"body\"], \"predicate\": {\"_gt\": 1}}}}",
                DiagnosticCode.COLUMN_NOT_ALLOWED, "column body of public.articles redacted");
    }

    @Test
    void theCompilerRefusesAHiddenColumnInAColumnComparisonEvenWhenTheParserLetsItThrough() {
        // CallerFilters' parser refuses _c* outright; the compiler's caller mode must hold on its own too.
        for (String where : List.of("{\"name\": {\"_clt\": \"secret\"}}", "{\"name\": {\"_ceq\": [\"secret\"]}}",
                "{\"articles\": {\"title\": {\"_cgt\": [\"$\", \"secret\"]}}}")) {
            BoolExp e = BoolExpParser.defaults().parse(Json.parse(where)).value();
            Diagnostics d = new Diagnostics();
            Predicate p = new FilterCompiler(P.tables(), P.schema(), d, false).callerMode("user", t -> P.select(t, "user"))
                    .compile(e, P.table(AUTHORS).orElseThrow());
            assertThat(d.all()).as(where).singleElement().satisfies(x -> {
                assertThat(x.code()).isEqualTo(DiagnosticCode.COLUMN_NOT_ALLOWED);
                assertThat(x.message()).contains("may not read column secret of public.authors");
            });
            assertThat(p.toString()).doesNotContain("secret");
        }
    }

    // ------------------------------------------------------------------------------------- column comparisons

    @Test
    void columnComparisonsDoNotExistInACallersWhere() {
        for (String op : List.of("_ceq", "_cne", "_cneq", "_cgt", "_clt", "_cgte", "_clte")) {
            for (String where : List.of("{\"name\": {\"" + op + "\": \"secret\"}}", "{\"name\": {\"" + op + "\": \"name\"}}",
                    "{\"name\": {\"" + op + "\": [\"$\", \"no_such_column\"]}}",
                    "{\"articles\": {\"title\": {\"" + op + "\": [\"$\", \"name\"]}}}")) {
                refused(AUTHORS, "user", where, DiagnosticCode.CALLER_FILTER_COLUMN_COMPARISON, op);
                assertThatThrownBy(() -> compile(AUTHORS, "user", where)).hasMessageNotContaining("secret")
                        .hasMessageNotContaining("no_such_column");
            }
        }
    }

    // ------------------------------------------------------------------------------------- null values

    @Test
    void nullIsRefusedWhereHasurasGraphqlWhereRefusesIt() {
        String[] authors = {"{\"name\": {\"_eq\": null}}", "{\"name\": {\"_neq\": null}}", "{\"name\": {\"_gt\": null}}",
                "{\"name\": {\"_lte\": null}}", "{\"name\": {\"_like\": null}}", "{\"name\": {\"_ilike\": null}}",
                "{\"name\": {\"_regex\": null}}", "{\"name\": {\"_similar\": null}}", "{\"name\": {\"_in\": null}}",
                "{\"name\": {\"_nin\": null}}", "{\"name\": {\"_in\": [\"a\", null]}}", "{\"name\": {\"_is_null\": null}}",
                "{\"name\": null}", "{\"_and\": null}", "{\"_or\": null}", "{\"_not\": null}", "{\"_and\": [null]}",
                "{\"_or\": [{\"name\": {\"_eq\": \"x\"}}, null]}",
                "{\"_and\": [{\"score\": {\"_eq\": null}}]}", "{\"_not\": {\"score\": {\"_gte\": null}}}",
                "{\"articles\": null}", "{\"articles\": {\"rating\": {\"_eq\": null}}}",
                "{\"articles_aggregate\": null}", "{\"articles_aggregate\": {\"count\": null}}",
                "{\"articles_aggregate\": {\"count\": {\"predicate\": null}}}",
                "{\"articles_aggregate\": {\"count\": {\"predicate\": {\"_eq\": null}}}}",
                "{\"articles_aggregate\": {\"count\": {\"predicate\": {\"_gt\": 0}, \"filter\": null}}}",
                "{\"articles_aggregate\": {\"count\": {\"predicate\": {\"_gt\": 0}, \"distinct\": null}}}",
                "{\"articles_aggregate\": {\"count\": {\"predicate\": {\"_gt\": 0}, \"arguments\": null}}}",
                "{\"articles_aggregate\": {\"count\": {\"predicate\": {\"_gt\": 0}, \"arguments\": [null]}}}"};
        for (String where : authors) {
            refused(AUTHORS, "user", where, DiagnosticCode.CALLER_FILTER_NULL_VALUE, "null");
        }
        String[] articles = {"{\"author\": null}", "{\"meta\": {\"_contains\": null}}", "{\"meta\": {\"_has_key\": null}}",
                "{\"meta\": {\"_has_keys_any\": [null]}}", "{\"meta\": {\"_has_keys_all\": null}}",
                "{\"meta\": {\"_cast\": null}}", "{\"meta\": {\"_cast\": {\"String\": null}}}",
                "{\"meta\": {\"_cast\": {\"String\": {\"_eq\": null}}}}"};
        for (String where : articles) {
            refused(ARTICLES, "user", where, DiagnosticCode.CALLER_FILTER_NULL_VALUE, "null");
        }
    }

    @Test
    void nullInsideAJsonbValueIsDataAndNullMatchesWithIsNull() {
        assertThat(compile(ARTICLES, "user", "{\"meta\": {\"_contains\": {\"a\": null}}}")).isInstanceOf(Predicate.Compare.class);
        assertThat(compile(ARTICLES, "user", "{\"rating\": {\"_is_null\": true}}")).isInstanceOf(Predicate.IsNull.class);
        assertThat(compile(ARTICLES, "user", "{\"_and\": [], \"_or\": [{\"rating\": {\"_eq\": 1}}]}")).isNotNull();
    }

    @Test
    void theNullRefusalSaysWhereAndHow() {
        assertThatThrownBy(() -> compile(AUTHORS, "user", "{\"score\": {\"_eq\": null}}"))
                .hasMessageContaining("_eq is null").hasMessageContaining("_is_null: true").hasMessageContaining("$.score._eq");
    }

    // ------------------------------------------------------------------------------------- _exists

    @Test
    void existsIsNotAnOperatorOfACallersWhere() {
        refused(AUTHORS, "user", "{\"_exists\": {\"_table\": \"vault\", \"_where\": {}}}", DiagnosticCode.UNKNOWN_FIELD, "_exists");
        refused(AUTHORS, "user", "{\"_exists\": {\"_table\": \"articles\", \"_where\": {\"id\": {\"_eq\": 1}}}}",
                DiagnosticCode.UNKNOWN_FIELD, "_exists");
    }
}

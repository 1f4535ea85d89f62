package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.InputValidator;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.MetadataWriter;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What could widen access if it were dropped is refused (validate_input without a validator, root fields that list no
 * rows); what only limits requests is a warning (api_limits, allowlist). See docs/semantics.md, "What is refused,
 * warned about, or ignored".
 */
class RefusedFeaturesTest {

    private static final DatabaseSchema SCHEMA = SchemaSnapshot.read(Fixtures.path("check/schema.json"));
    private static final QualifiedName ARTICLES = QualifiedName.of("articles");

    private static LoadResult load(String yaml) {
        return MetadataLoader.defaults().tryLoadJson(Json.parseYaml(yaml).toJson(), "metadata.json");
    }

    private static String articles(String permissions) {
        return """
                {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
                  {"table": "articles", %s}]}]}
                """.formatted(permissions);
    }

    private static List<DiagnosticCode> codes(List<Diagnostic> ds) {
        return ds.stream().map(Diagnostic::code).toList();
    }

    private static CheckResult check(String json, CheckOptions options) {
        return PermissionChecker.check(load(json).orThrow(), SCHEMA, options);
    }

    // ------------------------------------------------------------------------------------------------ root fields

    private static List<DiagnosticCode> rootFields(String keys) {
        return codes(check(articles("\"select_permissions\": [{\"role\": \"user\", \"permission\": {\"columns\": \"*\","
                + " \"filter\": {}" + keys + "}}]"), CheckOptions.DEFAULT).diagnostics());
    }

    @Test
    void rootFieldsThatListNoRowsAreAcceptedNowThatReadsEnforceThem() {
        // Enforced at read time (Enforcement.rootField): the table stays readable through relationships.
        assertThat(rootFields(", \"query_root_fields\": [], \"subscription_root_fields\": []")).isEmpty();
        assertThat(rootFields(", \"query_root_fields\": [\"select_by_pk\"], \"subscription_root_fields\": [\"select_by_pk\"]"))
                .isEmpty();
        assertThat(rootFields(", \"allow_aggregations\": true, \"query_root_fields\": [\"select_aggregate\"],"
                + " \"subscription_root_fields\": []")).isEmpty();
    }

    @Test
    void rootFieldsThatStillListRowsSomewhereAreAccepted() {
        assertThat(rootFields("")).isEmpty();
        assertThat(rootFields(", \"query_root_fields\": [\"select\"], \"subscription_root_fields\": []")).isEmpty();
        // No query root field, but subscriptions (absent key: all of them) list the rows.
        assertThat(rootFields(", \"query_root_fields\": []")).isEmpty();
        assertThat(rootFields(", \"query_root_fields\": [\"select_by_pk\"], \"subscription_root_fields\": [\"select_stream\"]"))
                .isEmpty();
        assertThat(rootFields(", \"query_root_fields\": null, \"subscription_root_fields\": []")).isEmpty();
    }

    // --------------------------------------------------------------------------------------------- validate_input

    private static final String WEBHOOK = "\"validate_input\": {\"type\": \"http\", \"definition\": {\"url\": \"http://v\"}}";

    @Test
    void validateInputIsRefusedOnEveryWriteWithoutAValidatorAndAcceptedWithOne() {
        String json = articles("""
                "insert_permissions": [{"role": "user", "permission": {"check": {}, %1$s}}],
                "update_permissions": [{"role": "user", "permission": {"columns": ["title"], "filter": {}, %1$s}}],
                "delete_permissions": [{"role": "user", "permission": {"filter": {}, %1$s}}]""".formatted(WEBHOOK));
        CheckResult without = check(json, CheckOptions.DEFAULT);
        assertThat(without.permissions()).isEmpty();
        assertThat(codes(without.diagnostics())).containsExactly(DiagnosticCode.NO_INPUT_VALIDATOR,
                DiagnosticCode.NO_INPUT_VALIDATOR, DiagnosticCode.NO_INPUT_VALIDATOR);
        InputValidator validator = r -> InputValidator.Result.ok();
        CheckResult with = check(json, CheckOptions.DEFAULT.withInputValidator(validator));
        assertThat(with.diagnostics()).isEmpty();
        CheckedPermissions p = with.orThrow();
        assertThat(p.inputValidator()).containsSame(validator);
        assertThat(p.insert(ARTICLES, "user").orElseThrow().validateInput()).isPresent();
        assertThat(p.update(ARTICLES, "user").orElseThrow().validateInput()).isPresent();
        assertThat(p.delete(ARTICLES, "user").orElseThrow().validateInput()).isPresent();
        // Other options survive the copy.
        assertThat(CheckOptions.DEFAULT.withInputValidator(validator).withSource("default").inputValidator())
                .containsSame(validator);
    }

    @Test
    void malformedValidateInputIsALoadError() {
        for (String[] c : new String[][] {
                {"{\"type\": \"grpc\", \"definition\": {\"url\": \"http://v\"}}", "INVALID_VALUE"},
                {"{\"definition\": {\"url\": \"http://v\"}}", "MISSING_KEY"},
                {"{\"type\": \"http\"}", "MISSING_KEY"},
                {"{\"type\": \"http\", \"definition\": {}}", "MISSING_KEY"},
                {"{\"type\": \"http\", \"definition\": {\"url\": \"http://v\", \"timeout\": -1}}", "INVALID_VALUE"},
                {"{\"type\": \"http\", \"definition\": {\"url\": \"http://v\", \"timeout\": 1.5}}", "INVALID_VALUE"},
                {"{\"type\": \"http\", \"definition\": {\"url\": \"http://v\", \"headers\": [{\"name\": \"a\"}]}}", "INVALID_VALUE"},
                {"{\"type\": \"http\", \"definition\": {\"url\": \"http://v\", \"headers\": [{\"name\": \"a\", \"value\": \"b\","
                        + " \"value_from_env\": \"C\"}]}}", "INVALID_VALUE"},
                {"{\"type\": \"http\", \"definition\": {\"url\": \"http://v\", \"forward_client_headers\": \"yes\"}}", "INVALID_VALUE"},
                {"\"http://v\"", "INVALID_VALUE"}}) {
            LoadResult r = load(articles("\"insert_permissions\": [{\"role\": \"user\", \"permission\": {\"check\": {},"
                    + " \"validate_input\": " + c[0] + "}}]"));
            assertThat(r.isOk()).as(c[0]).isFalse();
            assertThat(codes(r.errors())).as(c[0]).contains(DiagnosticCode.valueOf(c[1]));
        }
    }

    @Test
    void validateInputIsWrittenBackAsRead() {
        String vi = "{\"type\": \"http\", \"definition\": {\"url\": \"http://v\", \"timeout\": 3, \"headers\":"
                + " [{\"name\": \"a\", \"value\": \"b\"}], \"forward_client_headers\": true}}";
        Metadata m = load(articles("\"insert_permissions\": [{\"role\": \"user\", \"permission\": {\"check\": {},"
                + " \"validate_input\": " + vi + "}}]")).orThrow();
        Metadata again = MetadataLoader.defaults().loadJson(MetadataWriter.toJsonText(m));
        assertThat(again).isEqualTo(m);
        assertThat(MetadataWriter.toJsonText(m)).contains("\"forward_client_headers\"").contains("\"timeout\"");
    }

    @Test
    void parentsWithDifferentWebhooksGiveAnInheritedRoleNoWritePermission() {
        String json = """
                {"version": 3, "inherited_roles": [{"role_name": "both", "role_set": ["a", "b"]}],
                 "sources": [{"name": "default", "kind": "postgres", "tables": [{"table": "articles",
                  "insert_permissions": [
                    {"role": "a", "permission": {"check": {}, %s}},
                    {"role": "b", "permission": {"check": {}}}]}]}]}
                """.formatted(WEBHOOK);
        CheckResult r = check(json, CheckOptions.DEFAULT.withInputValidator(x -> InputValidator.Result.ok()));
        assertThat(codes(r.diagnostics())).containsExactly(DiagnosticCode.INHERITED_PERMISSION_CONFLICT);
        assertThat(r.orThrow().insert(ARTICLES, "both")).isEmpty();
        assertThat(r.orThrow().insert(ARTICLES, "a").orElseThrow().validateInput()).isPresent();
    }

    // -------------------------------------------------------------------------------------------- not enforced

    @Test
    void apiLimitsAndAnAllowlistAreWarningsUnlessDisabledOrEmpty() {
        LoadResult r = load("{\"version\": 3, \"sources\": [], \"api_limits\": {\"rate_limit\": {\"global\": {\"max_reqs_per_min\": 1,"
                + " \"unique_params\": null}, \"per_role\": {}}}, \"allowlist\": [{\"collection\": \"c\"}]}");
        assertThat(r.isOk()).isTrue();
        assertThat(r.warnings()).extracting(Diagnostic::code, Diagnostic::jsonPath).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DiagnosticCode.NOT_ENFORCED, "$.api_limits"),
                org.assertj.core.groups.Tuple.tuple(DiagnosticCode.NOT_ENFORCED, "$.allowlist"));
        LoadResult quiet = load("{\"version\": 3, \"sources\": [], \"api_limits\": {\"disabled\": true,"
                + " \"depth_limit\": {\"global\": 3, \"per_role\": {}}}, \"allowlist\": []}");
        assertThat(quiet.diagnostics()).isEmpty();
    }
}

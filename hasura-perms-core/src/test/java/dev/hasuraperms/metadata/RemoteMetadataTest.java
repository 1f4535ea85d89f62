package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote relationships, actions and remote schemas (with their permissions) load in the three metadata forms, and a
 * permission that names a remote relationship is {@code REMOTE_RELATIONSHIP_IN_FILTER}, not {@code UNKNOWN_FIELD}.
 */
class RemoteMetadataTest {

    private static final QualifiedName ARTICLES = QualifiedName.of("articles");

    @TempDir
    Path dir;

    private static DatabaseSchema schema() {
        return SchemaSnapshot.read(Fixtures.path("check/schema.json"));
    }

    private void write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static List<DiagnosticCode> codes(List<Diagnostic> ds) {
        return ds.stream().map(Diagnostic::code).toList();
    }

    private static List<DiagnosticCode> checked(Metadata m) {
        CheckResult r = PermissionChecker.check(m, schema());
        return codes(r.diagnostics());
    }

    /** Both forms of a remote relationship: the v2 {@code definition} (to a remote schema, to a source) and v1. */
    private static final String REMOTE_RELATIONSHIPS = """
            [{"name": "reviews", "definition": {"to_remote_schema": {"remote_schema": "reviews_api",
               "lhs_fields": ["id"], "remote_field": {"reviews": {"arguments": {"article_id": "$id"}}}}}},
             {"name": "sales", "definition": {"to_source": {"source": "warehouse", "table": "sales",
               "relationship_type": "array", "field_mapping": {"id": "article_id"}}}},
             {"name": "legacy", "definition": {"remote_schema": "reviews_api", "hasura_fields": ["id"],
               "remote_field": {"reviews": {"arguments": {"article_id": "$id"}}}}}]""";

    @Test
    void exportedMetadataLoadsAndAFilterOnARemoteRelationshipIsReported() {
        String json = """
                {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
                  {"table": {"schema": "public", "name": "articles"}, "remote_relationships": %s,
                   "select_permissions": [{"role": "user", "permission": {"columns": "*",
                     "filter": {"_or": [{"reviews": {"stars": {"_gt": 3}}}, {"legacy": {}}]}}}]},
                  {"table": {"schema": "public", "name": "authors"}}]}],
                 "remote_schemas": [{"name": "reviews_api", "definition": {"url": "https://r.example.com/graphql"},
                   "permissions": [{"role": "user", "definition": {"schema": "type Query { a: Int }"}}]}],
                 "actions": [{"name": "publish", "definition": {"kind": "synchronous", "handler": "https://a.example.com",
                   "type": "mutation", "output_type": "Boolean"}, "permissions": [{"role": "user"}]}],
                 "custom_types": {"objects": [], "input_objects": [], "scalars": [], "enums": []}}
                """.formatted(REMOTE_RELATIONSHIPS);
        LoadResult r = MetadataLoader.defaults().tryLoadJson(json, "metadata.json");
        assertThat(r.diagnostics()).isEmpty();
        Metadata m = r.orThrow();
        assertThat(m.source("default").orElseThrow().table(ARTICLES).orElseThrow().remoteRelationships())
                .containsExactly("reviews", "sales", "legacy");
        assertThat(checked(m)).containsExactly(DiagnosticCode.REMOTE_RELATIONSHIP_IN_FILTER,
                DiagnosticCode.REMOTE_RELATIONSHIP_IN_FILTER);
    }

    @Test
    void theDirectoryFormLoadsRemoteSchemasActionsAndIncludedRemoteRelationships() throws IOException {
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  kind: postgres\n  tables: !include default/tables/tables.yaml\n");
        write("databases/default/tables/tables.yaml", "- !include public_articles.yaml\n- table: {schema: public, name: authors}\n");
        write("databases/default/tables/public_articles.yaml", "table: {schema: public, name: articles}\n"
                + "remote_relationships: !include articles_remote.yaml\n"
                + "select_permissions:\n  - role: user\n    permission: {columns: '*', filter: {sales: {amount: {_gt: 1}}}}\n");
        write("databases/default/tables/articles_remote.yaml", REMOTE_RELATIONSHIPS);
        write("remote_schemas.yaml", "- name: reviews_api\n  definition: {url: https://r.example.com/graphql}\n"
                + "  permissions:\n    - role: user\n      definition: {schema: 'type Query { a: Int }'}\n");
        write("actions.yaml", "actions:\n  - name: publish\n    definition: {kind: synchronous, handler: https://a.example.com}\n"
                + "    permissions: [{role: user}]\ncustom_types: {}\n");
        write("actions.graphql", "type Mutation { publish(id: Int!): Boolean }\n");
        LoadResult r = MetadataLoader.defaults().tryLoad(dir);
        assertThat(r.errors()).isEmpty();
        Metadata m = r.orThrow();
        assertThat(m.source("default").orElseThrow().table(ARTICLES).orElseThrow().remoteRelationships())
                .containsExactly("reviews", "sales", "legacy");
        assertThat(checked(m)).containsExactly(DiagnosticCode.REMOTE_RELATIONSHIP_IN_FILTER);
    }

    @Test
    void metadataApiOperationsLoadAndTrackRemoteRelationshipsByName() {
        String ops = """
                {"type": "bulk", "args": [
                  {"type": "pg_track_table", "args": {"source": "default", "table": "articles"}},
                  {"type": "pg_track_table", "args": {"source": "default", "table": "authors"}},
                  {"type": "add_remote_schema", "args": {"name": "reviews_api", "definition": {"url": "https://r.example.com"}}},
                  {"type": "add_remote_schema_permissions", "args": {"remote_schema": "reviews_api", "role": "user",
                    "definition": {"schema": "type Query { a: Int }"}}},
                  {"type": "create_remote_schema_remote_relationship", "args": {"remote_schema": "reviews_api",
                    "type_name": "Review", "name": "article", "definition": {}}},
                  {"type": "set_custom_types", "args": {}},
                  {"type": "create_action", "args": {"name": "publish", "definition": {"kind": "synchronous"}}},
                  {"type": "create_action_permission", "args": {"action": "publish", "role": "user"}},
                  {"type": "pg_create_remote_relationship", "args": {"source": "default", "table": "articles",
                    "name": "reviews", "definition": {"to_remote_schema": {"remote_schema": "reviews_api",
                    "lhs_fields": ["id"], "remote_field": {"reviews": {}}}}}},
                  {"type": "create_remote_relationship", "args": {"table": "articles", "name": "legacy",
                    "remote_schema": "reviews_api", "hasura_fields": ["id"], "remote_field": {"reviews": {}}}},
                  {"type": "pg_create_remote_relationship", "args": {"source": "default", "table": "articles",
                    "name": "gone", "definition": {"to_source": {"source": "w", "table": "t"}}}},
                  {"type": "pg_update_remote_relationship", "args": {"source": "default", "table": "articles",
                    "name": "reviews", "definition": {"to_remote_schema": {"remote_schema": "reviews_api"}}}},
                  {"type": "pg_delete_remote_relationship", "args": {"source": "default", "table": "articles",
                    "name": "gone"}},
                  {"type": "pg_create_select_permission", "args": {"source": "default", "table": "articles",
                    "role": "user", "permission": {"columns": "*", "filter": {"gone": {}}}}},
                  {"type": "pg_create_select_permission", "args": {"source": "default", "table": "authors",
                    "role": "user", "permission": {"columns": "*", "filter": {}}}}
                ]}""";
        LoadResult r = MetadataLoader.defaults().tryApplyOperations(Metadata.empty(), ops, "ops.json");
        assertThat(r.errors()).isEmpty();
        // Remote schemas, actions and custom types change no permission: skipped with a warning, as elsewhere.
        assertThat(codes(r.warnings())).containsOnly(DiagnosticCode.UNKNOWN_OPERATION).hasSize(6);
        Metadata m = r.orThrow();
        assertThat(m.source("default").orElseThrow().table(ARTICLES).orElseThrow().remoteRelationships())
                .containsExactly("reviews", "legacy");
        // "gone" was deleted: a filter on it is an unknown field again.
        assertThat(checked(m)).containsExactly(DiagnosticCode.UNKNOWN_FIELD);
        LoadResult missing = MetadataLoader.defaults().tryApplyOperations(m, """
                {"type": "pg_delete_remote_relationship", "args": {"source": "default", "table": "articles", "name": "nope"}}
                """, "ops2.json");
        assertThat(codes(missing.errors())).containsExactly(DiagnosticCode.OBJECT_NOT_FOUND);
    }
}

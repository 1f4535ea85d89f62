package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Metadata-API operations applied to a base model. */
class MetadataApiTest {

    private final MetadataLoader loader = MetadataLoader.defaults();

    private Metadata seed() {
        return loader.load(Fixtures.path("hasura-events/export/metadata.json"));
    }

    @Test
    void operationsApplyToABaseModelInOrder() {
        Metadata m = loader.applyOperations(seed(), """
                {"type": "bulk", "args": [
                  {"type": "pg_create_delete_permission", "args": {"source": "default", "table": "events", "role": "user",
                     "permission": {"filter": {"user_id": {"_eq": "X-Hasura-User-Id"}}}}},
                  {"type": "pg_drop_update_permission", "args": {"source": "default", "table": "users", "role": "user"}},
                  {"type": "pg_set_permission_comment", "args": {"table": "users", "role": "user", "type": "select",
                     "comment": "own row only"}}
                ]}""");
        TableMetadata events = m.source("default").orElseThrow().table(QualifiedName.of("events")).orElseThrow();
        TableMetadata users = m.source("default").orElseThrow().table(QualifiedName.of("users")).orElseThrow();
        assertThat(events.deletePermission("user")).isPresent();
        assertThat(users.updatePermission("user")).isEmpty();
        assertThat(users.selectPermissions().get(0).comment()).contains("own row only");
    }

    @Test
    void legacyV1QueryNamesWithoutPrefixAndDefaultSource() {
        Metadata m = loader.applyOperations(Metadata.empty(), """
                [
                  {"type": "track_table", "args": {"schema": "public", "name": "author"}},
                  {"type": "add_existing_table_or_view", "args": {"name": "article"}},
                  {"type": "create_array_relationship", "args": {"table": "author", "name": "articles",
                     "using": {"foreign_key_constraint_on": {"table": "article", "column": "author_id"}}}},
                  {"type": "create_select_permission", "args": {"table": "author", "role": "user",
                     "permission": {"columns": ["id"], "filter": {"articles": {"is_published": true}}}}},
                  {"type": "add_computed_field", "args": {"table": "author", "name": "full_name",
                     "definition": {"function": "author_full_name"}}},
                  {"type": "track_function", "args": {"schema": "public", "name": "search_articles"}},
                  {"type": "add_inherited_role", "args": {"role_name": "staff", "role_set": ["user", "editor"]}}
                ]""");
        Source s = m.source("default").orElseThrow();
        assertThat(s.kind()).isEqualTo("postgres");
        assertThat(s.tables()).extracting(TableMetadata::table).containsExactly(QualifiedName.of("author"), QualifiedName.of("article"));
        TableMetadata author = s.table(QualifiedName.of("author")).orElseThrow();
        assertThat(author.arrayRelationships()).hasSize(1);
        assertThat(author.computedField("full_name").orElseThrow().function()).isEqualTo(QualifiedName.of("author_full_name"));
        assertThat(s.function(QualifiedName.of("search_articles"))).isPresent();
        assertThat(m.inheritedRole("staff").orElseThrow().roleSet()).containsExactly("user", "editor");
    }

    @Test
    void trackTableTakesAStringTableToo() {
        Metadata m = loader.applyOperations(Metadata.empty(), "{\"type\": \"pg_track_table\", \"args\": {\"table\": \"t\"}}");
        assertThat(m.source("default").orElseThrow().table(QualifiedName.of("public", "t"))).isPresent();
    }

    @Test
    void replaceMetadataInBothShapes() {
        String doc = Fixtures.read("hasura-events/export/metadata.json");
        Metadata v1 = loader.applyOperations(Metadata.empty(), "{\"type\": \"replace_metadata\", \"args\": " + doc + "}");
        Metadata v2 = loader.applyOperations(Metadata.empty(), "{\"type\": \"replace_metadata\", \"args\": "
                + "{\"allow_inconsistent_metadata\": false, \"metadata\": " + doc + "}}");
        assertThat(v1).isEqualTo(seed());
        assertThat(v2).isEqualTo(seed());
        assertThat(loader.applyOperations(seed(), "{\"type\": \"clear_metadata\", \"args\": {}}")).isEqualTo(Metadata.empty());
    }

    @Test
    void failingOperationsAreAllReportedAndTheRestStillApply() {
        LoadResult r = loader.tryApplyOperations(seed(), """
                [
                  {"type": "pg_create_select_permission", "args": {"table": "users", "role": "user",
                     "permission": {"columns": "*", "filter": {}}}},
                  {"type": "pg_drop_delete_permission", "args": {"table": "users", "role": "user"}},
                  {"type": "pg_create_select_permission", "args": {"table": "users", "role": "admin",
                     "permission": {"columns": "*", "filter": {}}}},
                  {"type": "pg_create_select_permission", "args": {"table": "users", "role": "guest",
                     "permission": {"columns": "*", "filter": {}, "limit": -5}}}
                ]""", "ops.json");
        assertThat(r.errors()).extracting(d -> d.code()).containsExactly(DiagnosticCode.DUPLICATE_PERMISSION,
                DiagnosticCode.PERMISSION_NOT_FOUND, DiagnosticCode.ADMIN_PERMISSION, DiagnosticCode.NEGATIVE_LIMIT);
        assertThat(r.errors()).extracting(d -> d.location().line()).containsExactly(2, 4, 5, 8);
        assertThat(r.metadata()).isEmpty();
        assertThatThrownBy(() -> loader.applyOperations(seed(), "[{\"type\": \"pg_drop_delete_permission\", "
                + "\"args\": {\"table\": \"users\", \"role\": \"user\"}}]"))
                .isInstanceOf(DiagnosticException.class)
                .hasMessageContaining("PERMISSION_NOT_FOUND")
                .hasMessageContaining("delete permission on \"users\" for role \"user\" does not exist");
    }

    @Test
    void relationshipRenameDropAndCommentsAndLogicalModelPermissions() {
        Metadata base = loader.load(Fixtures.path("logical-models/api/bulk_atomic.json"));
        Metadata m = loader.applyOperations(base, """
                [
                  {"type": "pg_track_table", "args": {"table": "a"}},
                  {"type": "pg_create_object_relationship", "args": {"table": "a", "name": "b",
                     "using": {"foreign_key_constraint_on": "b_id"}}},
                  {"type": "pg_rename_relationship", "args": {"table": "a", "name": "b", "new_name": "bee"}},
                  {"type": "pg_set_relationship_comment", "args": {"table": "a", "name": "bee", "comment": "the b"}},
                  {"type": "pg_drop_logical_model_select_permission", "args": {"name": "author", "role": "reader"}},
                  {"type": "pg_create_logical_model_select_permission", "args": {"name": "author", "role": "editor",
                     "permission": {"columns": ["id"], "filter": {"id": {"_eq": "X-Hasura-User-Id"}}}}}
                ]""");
        Source s = m.source("default").orElseThrow();
        Relationship bee = s.table(QualifiedName.of("a")).orElseThrow().relationship("bee").orElseThrow();
        assertThat(bee.comment()).contains("the b");
        assertThat(s.logicalModel("author").orElseThrow().selectPermissions()).extracting(PermissionEntry::role)
                .containsExactly("editor");
    }

    @Test
    void untrackingATableDropsItsPermissionsAndCascadesRelationships() {
        Metadata m = loader.applyOperations(Metadata.empty(), """
                [
                  {"type": "pg_track_table", "args": {"table": "author"}},
                  {"type": "pg_track_table", "args": {"table": "article"}},
                  {"type": "pg_create_object_relationship", "args": {"table": "article", "name": "author",
                     "using": {"manual_configuration": {"remote_table": "author", "column_mapping": {"author_id": "id"}}}}},
                  {"type": "pg_create_select_permission", "args": {"table": "author", "role": "user",
                     "permission": {"columns": "*", "filter": {}}}},
                  {"type": "pg_untrack_table", "args": {"table": "author", "cascade": true}}
                ]""");
        Source s = m.source("default").orElseThrow();
        assertThat(s.tables()).extracting(TableMetadata::table).containsExactly(QualifiedName.of("article"));
        assertThat(s.table(QualifiedName.of("article")).orElseThrow().objectRelationships()).isEmpty();
    }

    @Test
    void versionOneAndTwoBecomeSourceDefault() {
        Metadata v1 = loader.load(Fixtures.path("metadata-versions/v1.json"));
        Source s = v1.source("default").orElseThrow();
        assertThat(s.kind()).isEqualTo("postgres");
        assertThat(s.functions()).extracting(FunctionMetadata::function)
                .containsExactly(QualifiedName.of("search_articles"), QualifiedName.of("popular_articles"));
        assertThat(s.table(QualifiedName.of("author")).orElseThrow().selectPermission("user")).isPresent();

        Metadata v2 = loader.load(Fixtures.path("metadata-versions/v2.json"));
        Metadata v2dir = loader.load(Fixtures.path("metadata-versions/v2-directory"));
        assertThat(v2dir).isEqualTo(v2);
        assertThat(v2.source("default").orElseThrow().function(QualifiedName.of("search_authors")).orElseThrow()
                .configuration()).isPresent();
        ComputedField cf = v2.source("default").orElseThrow().table(QualifiedName.of("author")).orElseThrow()
                .computedField("full_name").orElseThrow();
        assertThat(cf.tableArgument()).contains("author_row");
        assertThat(cf.comment()).contains("");
        assertThat(cf.sessionArgument()).isEqualTo(Optional.empty());
        assertThat(List.of(v2.source("default").orElseThrow().table(QualifiedName.of("author")).orElseThrow()
                .selectPermission("user").orElseThrow().computedFields())).containsExactly(List.of("full_name"));
    }
}

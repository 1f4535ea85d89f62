package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.names.QualifiedName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code !include} in CLI metadata directories. */
class IncludeTest {

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void tagAndStringFormsResolveRelativeToTheIncludingFileRecursively() throws IOException {
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include default/tables/tables.yaml\n"
                + "  functions: \"!include default/functions/functions.yaml\"\n");
        write("databases/default/tables/tables.yaml", "- !include public_a.yaml\n- \"!include sub/public_b.yaml\"\n");
        write("databases/default/tables/public_a.yaml", "table: {name: a, schema: public}\n");
        write("databases/default/tables/sub/public_b.yaml", "table: {name: b, schema: public}\n"
                + "select_permissions: \"!include ../perms/b_select.yaml\"\n");
        write("databases/default/tables/perms/b_select.yaml", "- role: user\n  permission: {columns: '*', filter: {}}\n");
        write("databases/default/functions/functions.yaml", "- function: {name: f, schema: public}\n");
        Metadata m = MetadataLoader.defaults().load(dir);
        Source s = m.source("default").orElseThrow();
        assertThat(s.tables()).extracting(TableMetadata::table).containsExactly(QualifiedName.of("a"), QualifiedName.of("b"));
        assertThat(s.table(QualifiedName.of("b")).orElseThrow().selectPermission("user")).isPresent();
        assertThat(s.functions()).hasSize(1);
        assertThat(s.table(QualifiedName.of("b")).orElseThrow().selectPermissions().get(0).origin().location().file())
                .endsWith("b_select.yaml");
    }

    @Test
    void aNonYamlIncludeIsInsertedAsAString() throws IOException {
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  tables: []\n  native_queries:\n"
                + "    - root_field_name: q\n      code: !include q.sql\n      returns: m\n"
                + "  logical_models:\n    - name: m\n      fields: [{name: id, type: {scalar: integer}}]\n");
        write("databases/q.sql", "SELECT 1 AS id\n");
        Metadata m = MetadataLoader.defaults().load(dir);
        assertThat(m.source("default").orElseThrow().nativeQueries().get(0).code()).isEqualTo("SELECT 1 AS id\n");
    }

    @Test
    void otherFilesOfTheDirectoryAreIgnored() throws IOException {
        write("version.yaml", "version: 3\n");
        write("actions.yaml", "actions: []\n");
        write("actions.graphql", "type Query { x: Int }\n");
        write("remote_schemas.yaml", "[]\n");
        write("cron_triggers.yaml", "this is: [not even valid\n");
        LoadResult r = MetadataLoader.defaults().tryLoad(dir);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.orThrow()).isEqualTo(Metadata.empty());
    }

    @Test
    void aSymlinkCannotEscapeTheRoot() throws IOException {
        Path outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("t.yaml"), "- table: secret\n");
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include link/t.yaml\n");
        Files.createSymbolicLink(dir.resolve("databases/link"), outside);
        LoadResult r = MetadataLoader.defaults().tryLoad(dir);
        assertThat(r.errors()).extracting(d -> d.code().name()).containsExactly("INCLUDE_OUTSIDE_ROOT");
    }
}

package dev.hasuraperms.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The permission matrix against golden files in {@code fixtures/matrix/}. After an intended change, rewrite them with
 * {@code -Dhasuraperms.golden.update=true} and review the diff.
 */
class PermissionMatrixTest {

    private static final boolean UPDATE = Boolean.getBoolean("hasuraperms.golden.update");

    private static CheckedPermissions checked(String fixture) {
        String metadata = fixture.equals("hasura-events") ? "hasura-events/export/metadata.json" : fixture + "/metadata.json";
        return PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path(metadata)),
                SchemaSnapshot.read(Fixtures.path(fixture + "/schema.json"))).orThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hasura-events", "inherited-roles-db"})
    void theMatrixMatchesItsGoldenFiles(String fixture) throws IOException {
        PermissionMatrix m = PermissionMatrix.of(checked(fixture));
        golden("matrix/" + fixture + ".txt", m.toText());
        golden("matrix/" + fixture + ".md", m.toMarkdown());
        golden("matrix/" + fixture + ".json", JsonWriter.pretty(m.toJson()) + "\n");
    }

    @Test
    void logicalModelsFollowTheTablesWithASelectEntryOnly() {
        CheckedPermissions p = PermissionChecker.check(MetadataLoader.defaults().load(
                Fixtures.path("native-query-run/metadata.json")), SchemaSnapshot.read(Fixtures.path("check/schema.json")))
                .orThrow();
        PermissionMatrix m = PermissionMatrix.of(p);
        QualifiedName article = QualifiedName.of("pg_logical_model", "article");
        assertThat(m.tables()).contains(article, QualifiedName.of("pg_logical_model", "person"));
        assertThat(m.roles()).containsExactly("author", "limited", "reader", "reader_author");
        PermissionMatrix.Entry reader = m.entry("reader", article, Operation.SELECT).orElseThrow();
        assertThat(reader.permitted()).isTrue();
        assertThat(reader.columns()).containsExactly("id", "title", "author");
        assertThat(reader.sessionVariables()).containsOnlyKeys("x-hasura-hidden-country");
        assertThat(reader.filter().orElseThrow().sql()).contains("\"article\".\"is_published\"");
        assertThat(m.entry("limited", article, Operation.SELECT).orElseThrow().limit()).contains(2);
        assertThat(m.entry("reader", article, Operation.INSERT).orElseThrow().permitted()).isFalse();
        PermissionMatrix.Entry both = m.entry("reader_author", article, Operation.SELECT).orElseThrow();
        assertThat(both.inherited()).isTrue();
        assertThat(both.redactions()).containsOnlyKeys("author_id", "is_published", "tags");
        assertThat(m.toText()).contains("pg_logical_model.article");
    }

    @Test
    void entriesSayWhatEachRoleMayDo() {
        PermissionMatrix m = PermissionMatrix.of(checked("hasura-events"));
        assertThat(m.roles()).containsExactly("user");
        PermissionMatrix.Entry select = m.entry("user", QualifiedName.of("events"), Operation.SELECT).orElseThrow();
        assertThat(select.limit()).contains(10);
        assertThat(select.filter().orElseThrow().sql()).isEqualTo("(\"public\".\"events\".\"user_id\" = ?::int4)");
        assertThat(select.filter().orElseThrow().readable())
                .isEqualTo("(\"public\".\"events\".\"user_id\" = {x-hasura-user-id}::int4)");
        assertThat(select.sessionVariables()).containsOnlyKeys("x-hasura-user-id");
        PermissionMatrix.Entry insert = m.entry("user", QualifiedName.of("events"), Operation.INSERT).orElseThrow();
        assertThat(insert.presets()).containsEntry("user_id", "x-hasura-user-id");
        assertThat(m.entry("user", QualifiedName.of("events"), Operation.DELETE).orElseThrow().permitted()).isFalse();
        PermissionMatrix inherited = PermissionMatrix.of(checked("inherited-roles-db"));
        PermissionMatrix.Entry staff = inherited.entry("staff", QualifiedName.of("users"), Operation.SELECT).orElseThrow();
        assertThat(staff.inherited()).isTrue();
        assertThat(staff.redactions()).containsOnlyKeys("email", "salary");
        assertThat(inherited.entry("override", QualifiedName.of("users"), Operation.SELECT).orElseThrow().inherited()).isFalse();
    }

    private static void golden(String relative, String actual) throws IOException {
        Path file = Fixtures.projectRoot().resolve("fixtures").resolve(relative);
        if (UPDATE) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file (write it with -Dhasuraperms.golden.update=true)").exists();
        assertThat(actual).as("%s (rewrite with -Dhasuraperms.golden.update=true after an intended change)", relative)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}

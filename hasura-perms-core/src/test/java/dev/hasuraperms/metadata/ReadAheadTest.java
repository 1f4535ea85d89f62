package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exported metadata has its tables turned into the model while the document is still being parsed (on another thread
 * when there is one). The result, and every diagnostic in its order, must be those of reading the finished tree.
 */
class ReadAheadTest {

    private final MetadataLoader loader = MetadataLoader.defaults();

    /** {@code n} tables; every seventh has a broken permission, every eleventh a duplicate role. */
    private static String tables(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String filter = i % 7 == 0 ? "{\"id\": {\"_bogus\": 1}}" : "{\"id\": {\"_eq\": \"X-Hasura-User-Id\"}}";
            sb.append("{\"table\": {\"schema\": \"public\", \"name\": \"t").append(i).append("\"}, \"select_permissions\": [")
                    .append("{\"role\": \"user\", \"permission\": {\"columns\": [\"id\"], \"filter\": ").append(filter).append("}}");
            if (i % 11 == 0) {
                sb.append(", {\"role\": \"user\", \"permission\": {\"columns\": \"*\", \"filter\": {}}}");
            }
            sb.append("]}");
        }
        return sb.toString();
    }

    private static List<String> described(List<Diagnostic> ds, String pathPrefix) {
        return ds.stream().map(d -> d.code() + " " + d.jsonPath().replace(pathPrefix, "$") + " " + d.message()).toList();
    }

    @Test
    void tablesReadAheadGiveTheModelAndDiagnosticsOfThePlainRead() {
        String export = "{\"version\": 3, \"sources\": [{\"name\": \"default\", \"kind\": \"postgres\", \"tables\": ["
                + tables(300) + "]}]}";
        // The same metadata as the argument of replace_metadata is read from the finished tree.
        String operation = "{\"type\": \"replace_metadata\", \"args\": " + export + "}";
        LoadResult ahead = loader.tryLoadJson(export, "");
        LoadResult plain = loader.tryLoadJson(operation, "");
        assertThat(ahead.diagnostics()).isNotEmpty();
        assertThat(described(ahead.diagnostics(), "$")).isEqualTo(described(plain.diagnostics(), "$.args"));

        String clean = export.replace("\"_bogus\"", "\"_eq\"").replace(
                ", {\"role\": \"user\", \"permission\": {\"columns\": \"*\", \"filter\": {}}}", "");
        Metadata m = loader.loadJson(clean);
        Metadata viaOperation = loader.loadJson("{\"type\": \"replace_metadata\", \"args\": " + clean + "}");
        assertThat(m).isEqualTo(viaOperation);
        assertThat(m.sources().get(0).tables()).hasSize(300);
        assertThat(m.sources().get(0).tables().get(299).table()).isEqualTo(QualifiedName.of("t299"));
    }

    /** A schema with tables t0..t(n-1), each with an integer {@code id}. */
    private static dev.hasuraperms.schema.DatabaseSchema schema(int n) {
        StringBuilder sb = new StringBuilder("{\"format\": \"hasura-perms-schema\", \"version\": 1, \"functions\": [], \"tables\": [");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"schema\": \"public\", \"name\": \"t").append(i)
                    .append("\", \"kind\": \"table\", \"columns\": [{\"name\": \"id\", \"type\": \"pg_catalog.int4\", "
                            + "\"nullable\": false}], \"unique\": [], \"foreign_keys\": []}");
        }
        return dev.hasuraperms.schema.SchemaSnapshot.read(sb.append("]}").toString());
    }

    @Test
    void parallelLoadingAndCheckingGiveTheSequentialResults() {
        String export = "{\"version\": 3, \"sources\": [{\"name\": \"default\", \"kind\": \"postgres\", \"tables\": ["
                + tables(300).replace("{\"id\": {\"_bogus\": 1}}", "{\"nope\": {\"_eq\": 1}}") + "]}]}";
        dev.hasuraperms.schema.DatabaseSchema schema = schema(300);
        LoadResult sequential = loader.tryLoadJson(export, "");
        String before = System.getProperty("hasuraperms.parallel");
        System.setProperty("hasuraperms.parallel", "true");
        try {
            LoadResult parallel = loader.tryLoadJson(export, "");
            assertThat(parallel.diagnostics()).isEqualTo(sequential.diagnostics());
            String clean = export.replace(", {\"role\": \"user\", \"permission\": {\"columns\": \"*\", \"filter\": {}}}", "");
            Metadata m = loader.loadJson(clean);
            var checkedInParallel = dev.hasuraperms.check.PermissionChecker.check(m, schema);
            System.setProperty("hasuraperms.parallel", "false");
            var checkedInSequence = dev.hasuraperms.check.PermissionChecker.check(m, schema);
            assertThat(checkedInParallel.diagnostics()).isNotEmpty().isEqualTo(checkedInSequence.diagnostics());
            assertThat(checkedInParallel.diagnostics()).extracting(d -> Integer.parseInt(
                    d.jsonPath().replaceAll(".*tables\\[(\\d+)].*", "$1"))).isSorted();
        } finally {
            if (before == null) {
                System.clearProperty("hasuraperms.parallel");
            } else {
                System.setProperty("hasuraperms.parallel", before);
            }
        }
    }

    @Test
    void versionTwoTopLevelTablesAreReadAheadToo() {
        String v2 = "{\"version\": 2, \"tables\": [" + tables(100).replace("\"_bogus\"", "\"_eq\"")
                .replace(", {\"role\": \"user\", \"permission\": {\"columns\": \"*\", \"filter\": {}}}", "") + "]}";
        Metadata m = loader.loadJson(v2);
        assertThat(m.sources().get(0).tables()).hasSize(100);
        assertThat(m.sources().get(0).tables().get(42).selectPermission("user")).isPresent();
    }

    @Test
    void anOperationWithAStrayTablesKeyIsReadAgainWithoutReadAhead() {
        // Shaped like exported metadata at the root ("tables"), but an operation: read as one, tables and all.
        String doc = "{\"type\": \"replace_metadata\", \"args\": {\"version\": 3, \"sources\": [{\"name\": \"default\", "
                + "\"kind\": \"postgres\", \"tables\": [" + tables(3).replace("\"_bogus\"", "\"_eq\"")
                .replace(", {\"role\": \"user\", \"permission\": {\"columns\": \"*\", \"filter\": {}}}", "")
                + "]}]}, \"tables\": [{\"table\": \"stray\"}]}";
        LoadResult r = loader.tryLoadJson(doc, "");
        LoadResult reference = loader.tryLoadJson(doc.replace(", \"tables\": [{\"table\": \"stray\"}]}", ", \"tablez\": []}"), "");
        assertThat(r.metadata().map(x -> x.sources().get(0).tables().size())).isEqualTo(reference.metadata()
                .map(x -> x.sources().get(0).tables().size()));
        assertThat(r.diagnostics()).extracting(Diagnostic::code).isEqualTo(reference.diagnostics().stream()
                .map(Diagnostic::code).toList());
    }
}

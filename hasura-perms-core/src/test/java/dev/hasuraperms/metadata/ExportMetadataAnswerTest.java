package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import org.junit.jupiter.api.Test;

/** The answer of {@code export_metadata} with {@code {"version": 2}}: {@code {"resource_version": N, "metadata": {...}}}. */
class ExportMetadataAnswerTest {

    private static final String METADATA = """
            {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
              {"table": {"schema": "public", "name": "users"},
               "select_permissions": [{"role": "user", "permission": {"columns": ["id"], "filter": {"id": {"_eq": "X-Hasura-User-Id"}}}}]}
            ], "configuration": {"connection_info": {"database_url": "postgres://x"}}}]}""";

    @Test
    void theWrappedMetadataLoadsLikeThePlainExport() {
        LoadResult wrapped = MetadataLoader.defaults().tryLoadJson(
                "{\"resource_version\": 42, \"metadata\": " + METADATA + "}", "export.json");
        assertThat(wrapped.diagnostics()).isEmpty();
        LoadResult plain = MetadataLoader.defaults().tryLoadJson(METADATA, "export.json");
        assertThat(wrapped.metadata()).isPresent().isEqualTo(plain.metadata());
        assertThat(wrapped.metadata().get().sources().get(0).tables()).hasSize(1);
    }

    @Test
    void diagnosticsInsideThePointIntoTheWrappedDocument() {
        LoadResult r = MetadataLoader.defaults().tryLoadJson(
                "{\"resource_version\": 1, \"metadata\": {\"version\": 3, \"sources\": [{\"name\": \"default\", "
                        + "\"kind\": \"postgres\", \"tables\": [{\"table\": \"t\", \"nonsense_key\": 1}]}]}}", "e.json");
        assertThat(r.diagnostics()).extracting(Diagnostic::code).contains(DiagnosticCode.UNKNOWN_KEY);
        assertThat(r.diagnostics()).extracting(Diagnostic::jsonPath).anyMatch(p -> p.startsWith("$.metadata.sources[0]"));
    }

    @Test
    void otherShapesWithAMetadataKeyAreStillRefused() {
        LoadResult r = MetadataLoader.defaults().tryLoadJson(
                "{\"resource_version\": 1, \"metadata\": [], \"extra\": true}", "e.json");
        assertThat(r.metadata()).isEmpty();
        assertThat(r.diagnostics()).extracting(Diagnostic::code).contains(DiagnosticCode.UNKNOWN_FORMAT);
    }
}

package dev.hasuraperms.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.LoadOptions;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.SchemaSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loads and checks list a bounded number of diagnostics, and a suppressed error still fails them. */
class DiagnosticsCapTest {

    private static final Origin AT = Origin.of("$", SourceLocation.UNKNOWN);
    private static final Origin AT_X = Origin.of("$.x", SourceLocation.UNKNOWN);

    @Test
    void aSuppressedErrorMakesTheSummaryAnError() {
        Diagnostics d = new Diagnostics(3);
        for (int i = 0; i < 3; i++) {
            d.report(DiagnosticCode.IGNORED_KEY, AT, "warning " + i);
        }
        d.report(DiagnosticCode.UNKNOWN_KEY, AT_X, "the only error");
        d.report(DiagnosticCode.IGNORED_KEY, AT, "warning 3");
        List<Diagnostic> all = d.all();
        assertThat(all).hasSize(4);
        assertThat(all.subList(0, 3)).allMatch(x -> !x.isError());
        Diagnostic last = all.get(3);
        assertThat(last.code()).isEqualTo(DiagnosticCode.TOO_MANY_DIAGNOSTICS);
        assertThat(last.isError()).isTrue();
        assertThat(last.jsonPath()).isEqualTo("$.x");
        assertThat(last.message()).isEqualTo("2 more diagnostics not shown (1 error, 1 warning; at most 3 are kept), "
                + "the first: [UNKNOWN_KEY] the only error");
        assertThat(d.hasErrors()).isTrue();
        assertThat(d.errorCount()).isEqualTo(1);
        assertThat(d.size()).isEqualTo(5);
    }

    @Test
    void onlyWarningsSuppressedIsAWarning() {
        Diagnostics d = new Diagnostics(1);
        d.report(DiagnosticCode.IGNORED_KEY, AT, "a");
        d.report(DiagnosticCode.IGNORED_KEY, AT, "b");
        assertThat(d.all()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.IGNORED_KEY,
                DiagnosticCode.TOO_MANY_DIAGNOSTICS);
        assertThat(d.all().get(1).isError()).isFalse();
        assertThat(d.hasErrors()).isFalse();
    }

    @Test
    void mergingCollectorsKeepsTheCountsAndOneSummary() {
        Diagnostics part = new Diagnostics(2);
        for (int i = 0; i < 5; i++) {
            part.report(DiagnosticCode.UNKNOWN_KEY, AT, "e" + i);
        }
        Diagnostics whole = new Diagnostics(2);
        whole.addAll(part);
        whole.addAll(part);
        assertThat(whole.errorCount()).isEqualTo(10);
        assertThat(whole.all()).hasSize(3);
        assertThat(whole.all().get(2).code()).isEqualTo(DiagnosticCode.TOO_MANY_DIAGNOSTICS);
        assertThat(whole.all().get(2).message()).startsWith("8 more diagnostics not shown (8 errors, 0 warnings");
    }

    @Test
    void thirtyThousandSourcesGiveAtMostAThousandAndOneDiagnostics() {
        StringBuilder json = new StringBuilder("{\"version\": 3, \"sources\": [");
        for (int i = 0; i < 30_000; i++) {
            json.append(i > 0 ? "," : "").append("{\"name\": \"s").append(i).append("\", \"kind\": \"postgres\", \"tables\": 1}");
        }
        LoadResult r = MetadataLoader.defaults().tryLoadJson(json.append("]}").toString(), "many.json");
        assertThat(r.isOk()).isFalse();
        assertThat(r.diagnostics()).hasSize(Diagnostics.DEFAULT_MAX + 1);
        Diagnostic last = r.diagnostics().get(Diagnostics.DEFAULT_MAX);
        assertThat(last.code()).isEqualTo(DiagnosticCode.TOO_MANY_DIAGNOSTICS);
        assertThat(last.isError()).isTrue();
        LoadResult few = MetadataLoader.withOptions(LoadOptions.DEFAULT.withMaxDiagnostics(10))
                .tryLoadJson(json.toString(), "many.json");
        assertThat(few.diagnostics()).hasSize(11);
    }

    @Test
    void theCheckIsBoundedToo() {
        StringBuilder json = new StringBuilder("{\"version\": 3, \"sources\": [{\"name\": \"default\", \"kind\": \"postgres\", "
                + "\"tables\": [");
        for (int i = 0; i < 50; i++) {
            json.append(i > 0 ? "," : "").append("{\"table\": \"missing").append(i).append("\"}");
        }
        var metadata = MetadataLoader.defaults().loadJson(json.append("]}]}").toString());
        var schema = SchemaSnapshot.read("{\"format\": \"hasura-perms-schema\", \"version\": 1, \"tables\": []}");
        CheckResult r = PermissionChecker.check(metadata, schema, CheckOptions.DEFAULT.withMaxDiagnostics(5));
        assertThat(r.isOk()).isFalse();
        assertThat(r.diagnostics()).hasSize(6);
        assertThat(r.diagnostics().get(5).code()).isEqualTo(DiagnosticCode.TOO_MANY_DIAGNOSTICS);
        assertThat(r.diagnostics().get(5).message()).startsWith("45 more diagnostics not shown (45 errors");
        assertThat(PermissionChecker.check(metadata, schema).diagnostics()).hasSize(50);
    }

    @Test
    void theDocumentedExample() throws java.io.IOException {
        java.nio.file.Path dir = DiagnosticFixturesTest.casesDir().resolve("too-many-diagnostics");
        LoadResult r = DiagnosticFixturesTest.loader(dir).tryLoad(DiagnosticFixturesTest.input(dir));
        String rendered = r.diagnostics().get(2).render();
        String shown = rendered.substring(rendered.indexOf("too-many-diagnostics/"));
        assertThat(r.isOk()).isFalse();
        assertThat(shown).startsWith("too-many-diagnostics/input.json:4:")
                .contains("error: [TOO_MANY_DIAGNOSTICS] 2 more diagnostics not shown (2 errors, 0 warnings; at most 2 are kept)")
                .endsWith("(at $.sources[0].tables[2].c)");
    }
}

package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input fails with a diagnostic under the default limits: never a StackOverflowError, an OutOfMemoryError
 * or a raw parser exception.
 */
class HostileInputTest {

    private final MetadataLoader loader = MetadataLoader.defaults();

    @TempDir
    Path tmp;

    private static DiagnosticCode onlyError(LoadResult r) {
        assertThat(r.isOk()).isFalse();
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0).code();
    }

    @Test
    void yamlAliasBombFailsOnTheAliasLimit() throws IOException {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                y.append(i > 0 ? "," : "").append('*').append(prev);
            }
            y.append("]\n");
            prev = c;
        }
        Path f = Files.writeString(tmp.resolve("bomb.yaml"), y);
        assertThat(onlyError(loader.tryLoad(f))).isEqualTo(DiagnosticCode.TOO_MANY_ALIASES);
    }

    @Test
    void aliasesUnderTheAliasLimitStillCannotExpandPastTheNodeLimit() throws IOException {
        // 10 levels x 4 aliases = 40 aliases (under the limit of 50), expanding to 4^10 = 1,048,576 leaves.
        StringBuilder y = new StringBuilder("l0: &l0 [1, 2, 3, 4]\n");
        for (int level = 1; level <= 10; level++) {
            String p = "*l" + (level - 1);
            y.append("l").append(level).append(": &l").append(level).append(" [")
                    .append(p).append(", ").append(p).append(", ").append(p).append(", ").append(p).append("]\n");
        }
        Path f = Files.writeString(tmp.resolve("wide.yaml"), y);
        LoadResult r = MetadataLoader.withOptions(LoadOptions.DEFAULT.withReadLimits(
                LoadOptions.DEFAULT.readLimits().withMaxNodes(100_000).withMaxAliasExpansion(10_000_000))).tryLoad(f);
        assertThat(onlyError(r)).isEqualTo(DiagnosticCode.DOCUMENT_TOO_LARGE);
    }

    @Test
    void tenThousandDeepJsonFailsOnTheNestingLimit() throws IOException {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Path f = Files.writeString(tmp.resolve("deep.json"), "{\"version\": 3, \"sources\": " + deep + "}");
        LoadResult r = loader.tryLoad(f);
        assertThat(onlyError(r)).isEqualTo(DiagnosticCode.NESTING_TOO_DEEP);
        assertThat(r.errors().get(0).location().line()).isEqualTo(1);
    }

    @Test
    void tenThousandDeepFilterInJsonFailsOnTheNestingLimit() throws IOException {
        String filter = "{\"_not\": ".repeat(10_000) + "{}" + "}".repeat(10_000);
        Path f = Files.writeString(tmp.resolve("filter.json"), "{\"version\": 3, \"sources\": [{\"name\": \"default\", "
                + "\"tables\": [{\"table\": \"t\", \"select_permissions\": [{\"role\": \"r\", \"permission\": "
                + "{\"columns\": \"*\", \"filter\": " + filter + "}}]}]}]}");
        assertThat(onlyError(loader.tryLoad(f))).isEqualTo(DiagnosticCode.NESTING_TOO_DEEP);
    }

    @Test
    void tenThousandDeepYamlFailsOnTheNestingLimit() throws IOException {
        Path f = Files.writeString(tmp.resolve("deep.yaml"), "x: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        assertThat(onlyError(loader.tryLoad(f))).isEqualTo(DiagnosticCode.NESTING_TOO_DEEP);
    }

    @Test
    void tenThousandDeepYamlBlockSequencesFailOnTheNestingLimit() throws IOException {
        String y = "- ".repeat(10_000) + "x\n";
        Path dir = Files.createDirectories(tmp.resolve("metadata/databases"));
        Files.writeString(tmp.resolve("metadata/version.yaml"), "version: 3\n");
        Files.writeString(dir.resolve("databases.yaml"), y);
        assertThat(onlyError(loader.tryLoad(tmp.resolve("metadata")))).isEqualTo(DiagnosticCode.NESTING_TOO_DEEP);
    }

    @Test
    void filterDeeperThanTheFilterLimitButWithinTheDocumentLimitIsRejected() {
        String filter = "{\"author\": ".repeat(100) + "{}" + "}".repeat(100);
        LoadResult r = loader.tryLoadJson("{\"version\": 3, \"sources\": [{\"name\": \"default\", \"tables\": [{\"table\": \"t\", "
                + "\"select_permissions\": [{\"role\": \"r\", \"permission\": {\"columns\": \"*\", \"filter\": " + filter + "}}]}]}]}", "");
        Diagnostic d = r.errors().get(0);
        assertThat(r.errors()).hasSize(1);
        assertThat(d.code()).isEqualTo(DiagnosticCode.FILTER_TOO_DEEP);
        assertThat(d.message()).contains("64");
    }

    @Test
    void fiftyMegabyteDocumentFailsBeforeItIsRead() throws IOException {
        Path f = tmp.resolve("huge.json");
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("{\"version\": 3, \"sources\": [{\"name\": \"default\", \"tables\": [");
            String table = "{\"table\": {\"schema\": \"public\", \"name\": \"table_with_a_long_name_%07d\"}},\n";
            long written = 0;
            for (int i = 0; written < 50L * 1024 * 1024; i++) {
                String t = String.format(table, i);
                w.write(t);
                written += t.length();
            }
            w.write("{\"table\": \"last\"}]}]}");
        }
        assertThat(Files.size(f)).isGreaterThan(50L * 1024 * 1024);
        LoadResult r = loader.tryLoad(f);
        assertThat(onlyError(r)).isEqualTo(DiagnosticCode.DOCUMENT_TOO_LARGE);
        assertThat(r.errors().get(0).message()).contains("bytes");
    }

    @Test
    void fiftyMegabyteStringFailsBeforeItIsParsed() {
        String json = "[" + " ".repeat(50 * 1024 * 1024) + "]";
        assertThat(onlyError(loader.tryLoadJson(json, "big.json"))).isEqualTo(DiagnosticCode.DOCUMENT_TOO_LARGE);
    }

    @Test
    void recursiveYamlAliasDoesNotLoopForever() throws IOException {
        Path f = Files.writeString(tmp.resolve("rec.yaml"), "a: &a [1, *a]\n");
        LoadResult r = loader.tryLoad(f);
        assertThat(r.isOk()).isFalse();
        assertThat(r.errors()).extracting(Diagnostic::code)
                .containsAnyOf(DiagnosticCode.NESTING_TOO_DEEP, DiagnosticCode.SYNTAX_ERROR, DiagnosticCode.DOCUMENT_TOO_LARGE);
    }
}

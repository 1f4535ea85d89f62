package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case under {@code fixtures/check/}: {@code metadata.yaml} breaks one rule of the type checker and
 * must produce exactly the diagnostics of {@code expected.txt} (code, JSON path, file:line, tab-separated);
 * {@code clean.yaml} is the same metadata with the rule respected and must produce none. The schema of every case is
 * {@code fixtures/check/schema.json} (the snapshot of {@code schema.sql}). {@code options.properties} may set
 * {@code source} and {@code allowAggregationPredicates}.
 */
class CheckFixturesTest {

    static Path casesDir() {
        return Fixtures.path("check");
    }

    static DatabaseSchema schema() {
        return SchemaSnapshot.read(casesDir().resolve("schema.json"));
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(casesDir())) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> brokenMetadataProducesExactlyTheExpectedDiagnostics() throws IOException {
        DatabaseSchema schema = schema();
        return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () ->
                assertThat(actual(dir, "metadata.yaml", schema)).as("diagnostics of %s", dir.getFileName())
                        .containsExactlyInAnyOrderElementsOf(expected(dir))));
    }

    @TestFactory
    Stream<DynamicTest> cleanVariantProducesNoDiagnostics() throws IOException {
        DatabaseSchema schema = schema();
        return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () ->
                assertThat(actual(dir, "clean.yaml", schema)).as("diagnostics of %s/clean.yaml", dir.getFileName()).isEmpty()));
    }

    @Test
    void everyCheckStageCodeHasACase() throws IOException {
        Set<DiagnosticCode> covered = EnumSet.noneOf(DiagnosticCode.class);
        for (Path dir : cases()) {
            for (String line : expected(dir)) {
                covered.add(DiagnosticCode.valueOf(line.split("\t")[0]));
            }
        }
        Set<DiagnosticCode> check = Stream.of(DiagnosticCode.values())
                .filter(c -> c.stage() == DiagnosticCode.Stage.CHECK).collect(Collectors.toSet());
        assertThat(covered).containsAll(check);
    }

    static List<String> expected(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(String.join("\t", t.split("\t+")));
            }
        }
        return out;
    }

    static List<String> actual(Path dir, String file, DatabaseSchema shared) throws IOException {
        // A case may bring its own schema (schema.json), e.g. for relations check/schema.sql does not have.
        DatabaseSchema schema = Files.exists(dir.resolve("schema.json")) ? SchemaSnapshot.read(dir.resolve("schema.json"))
                : shared;
        LoadResult loaded = MetadataLoader.defaults().tryLoad(dir.resolve(file));
        List<Diagnostic> all = new ArrayList<>(loaded.diagnostics());
        if (loaded.isOk()) {
            CheckResult r = PermissionChecker.check(loaded.orThrow(), schema, options(dir));
            all.addAll(r.diagnostics());
            assertThat(r.isOk()).isEqualTo(r.errors().isEmpty());
        }
        List<String> out = new ArrayList<>();
        for (Diagnostic d : all) {
            String f = d.location().file();
            String rel = f.isEmpty() ? "" : dir.toAbsolutePath().relativize(Path.of(f).toAbsolutePath()).toString();
            out.add(d.code() + "\t" + d.jsonPath() + "\t" + rel + ":" + d.location().line());
        }
        return out;
    }

    static CheckOptions options(Path dir) throws IOException {
        Path f = dir.resolve("options.properties");
        CheckOptions o = CheckOptions.DEFAULT;
        if (Files.exists(f)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            if (p.containsKey("source")) {
                o = o.withSource(p.getProperty("source"));
            }
            o = o.withAggregationPredicates(Boolean.parseBoolean(p.getProperty("allowAggregationPredicates", "false")));
        }
        return o;
    }
}

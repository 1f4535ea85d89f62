package dev.hasuraperms.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.json.ReadLimits;
import dev.hasuraperms.metadata.LoadOptions;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.MetadataLoader;
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
 * Runs every case under {@code fixtures/diagnostics/}: a case is a directory with an input ({@code input.json},
 * {@code input.yaml} or a CLI metadata directory {@code input/}) and {@code expected.txt}, which lists every
 * diagnostic the input must produce, one per line: code, JSON path and {@code file:line} (file relative to the case
 * directory), separated by tabs. Lines starting with {@code #} say what the case is about. An optional
 * {@code options.properties} sets loader limits ({@code maxDocumentSize}, {@code maxNestingDepth},
 * {@code maxAliases}, {@code maxNodes}, {@code maxFilterDepth}, {@code maxDiagnostics}).
 */
class DiagnosticFixturesTest {

    static Path casesDir() {
        return Fixtures.path("diagnostics");
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(casesDir())) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseProducesExactlyItsExpectedDiagnostics() throws IOException {
        return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            List<String> expected = expected(dir);
            List<String> actual = actual(dir);
            assertThat(actual).as("diagnostics of %s", dir.getFileName()).containsExactlyInAnyOrderElementsOf(expected);
        }));
    }

    @Test
    void everyLoadStageCodeHasACase() throws IOException {
        Set<DiagnosticCode> covered = EnumSet.noneOf(DiagnosticCode.class);
        for (Path dir : cases()) {
            for (String line : expected(dir)) {
                covered.add(DiagnosticCode.valueOf(line.split("\t")[0]));
            }
        }
        Set<DiagnosticCode> load = Stream.of(DiagnosticCode.values())
                .filter(c -> c.stage() == DiagnosticCode.Stage.LOAD).collect(Collectors.toSet());
        assertThat(covered).containsAll(load);
    }

    static List<String> expected(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\t+");
            assertThat(parts).as("expected.txt line of %s: %s", dir.getFileName(), line).hasSize(3);
            out.add(String.join("\t", parts));
        }
        return out;
    }

    static List<String> actual(Path dir) throws IOException {
        LoadResult r = loader(dir).tryLoad(input(dir));
        List<String> out = new ArrayList<>();
        for (Diagnostic d : r.diagnostics()) {
            String file = d.location().file();
            String rel = file.isEmpty() ? "" : dir.toAbsolutePath().relativize(Path.of(file).toAbsolutePath()).toString();
            out.add(d.code() + "\t" + d.jsonPath() + "\t" + rel + ":" + d.location().line());
        }
        if (r.errors().isEmpty()) {
            assertThat(r.metadata()).isPresent();
        } else {
            assertThat(r.metadata()).as("a load with errors yields no model").isEmpty();
        }
        return out;
    }

    static Path input(Path dir) {
        for (String name : List.of("input", "input.json", "input.yaml")) {
            if (Files.exists(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return dir.resolve("input.json");
    }

    static MetadataLoader loader(Path dir) throws IOException {
        Path optionsFile = dir.resolve("options.properties");
        if (!Files.exists(optionsFile)) {
            return MetadataLoader.defaults();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(optionsFile, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        ReadLimits d = ReadLimits.DEFAULT;
        ReadLimits limits = new ReadLimits(
                Integer.parseInt(p.getProperty("maxDocumentSize", String.valueOf(d.maxDocumentSize()))),
                Integer.parseInt(p.getProperty("maxNestingDepth", String.valueOf(d.maxNestingDepth()))),
                Integer.parseInt(p.getProperty("maxAliases", String.valueOf(d.maxAliases()))),
                Integer.parseInt(p.getProperty("maxNodes", String.valueOf(d.maxNodes()))));
        int depth = Integer.parseInt(p.getProperty("maxFilterDepth", String.valueOf(LoadOptions.DEFAULT.maxFilterDepth())));
        int maxDiagnostics = Integer.parseInt(p.getProperty("maxDiagnostics",
                String.valueOf(LoadOptions.DEFAULT.maxDiagnostics())));
        return MetadataLoader.withOptions(new LoadOptions(limits, depth, maxDiagnostics));
    }
}

package dev.hasuraperms.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.json.ReadLimits;
import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated YAML (the fixtures' YAML files with characters, tags, escapes, anchors and directives inserted, replaced or
 * cut) is read into a value or diagnostics, never an exception, and every diagnostic renders on one line. Seeded:
 * {@code -Dhasuraperms.yamlfuzz.seed=N} replays a run, {@code -Dhasuraperms.yamlfuzz.count=N} sets its size.
 */
class YamlMutationTest {

    private static final String SPECIALS = "\"\\'!&*[]{}:,-?#|>%@`\t\n\r \u0000\u0085\u2028\ufeff\ud800uUx0123456789abcdefABCDEF.+<=~";
    private static final List<String> INSERTS = List.of("!!int ", "!!float ", "!!bool ", "!!binary ", "!!timestamp ",
            "!!set ", "!!omap ", "!foo ", "!include ", "\"\\u", "\"\\x", "\\U", "&a ", "*a ", "<<: ", "%YAML 1.1\n",
            "--- ", "...\n", "!<tag:x> ", "%TAG ! tag:x,2000:\n");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedYamlGivesDiagnosticsNotExceptions() throws IOException {
        List<String> corpus = new ArrayList<>();
        try (var files = Files.walk(Fixtures.projectRoot().resolve("fixtures"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.toString();
                if ((n.endsWith(".yaml") || n.endsWith(".yml")) && Files.size(p) < 20_000) {
                    corpus.add(Files.readString(p));
                }
            }
        }
        assertThat(corpus).hasSizeGreaterThan(10);
        long seed = Long.getLong("hasuraperms.yamlfuzz.seed", new Random().nextLong());
        int count = Integer.getInteger("hasuraperms.yamlfuzz.count", 3_000);
        System.out.println("YamlMutationTest seed " + seed + " (replay with -Dhasuraperms.yamlfuzz.seed=" + seed + ")");
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder(corpus.get(r.nextInt(corpus.size())));
            int mutations = 1 + r.nextInt(6);
            for (int m = 0; m < mutations && sb.length() > 0; m++) {
                int pos = r.nextInt(sb.length() + 1);
                switch (r.nextInt(5)) {
                    case 0 -> sb.insert(pos, SPECIALS.charAt(r.nextInt(SPECIALS.length())));
                    case 1 -> sb.delete(pos, Math.min(sb.length(), pos + 1));
                    case 2 -> sb.setLength(pos);
                    case 3 -> sb.insert(pos, INSERTS.get(r.nextInt(INSERTS.size())));
                    default -> sb.replace(pos, Math.min(sb.length(), pos + 1), String.valueOf(SPECIALS.charAt(r.nextInt(SPECIALS.length()))));
                }
            }
            String text = sb.toString();
            Diagnostics d = new Diagnostics();
            try {
                TreeReaders.readYaml(text, "f.yaml", "$", ReadLimits.DEFAULT, IncludeResolver.NONE, d);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", input " + i + ": " + e + " on " + text, e);
            }
            for (Diagnostic x : d.all()) {
                assertThat(x.render()).as("seed %d, input %d", seed, i).doesNotContain("\n").doesNotContain("\r");
            }
        }
    }
}

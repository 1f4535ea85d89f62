package dev.hasuraperms.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code docs/diagnostics.md} documents exactly the codes of {@link DiagnosticCode}, with their stage and severity. */
class DiagnosticsDocTest {

    private static String doc() throws IOException {
        return Files.readString(Fixtures.projectRoot().resolve("docs/diagnostics.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyCodeHasASectionWithItsStageSeveritySummaryAndAnExample() throws IOException {
        String doc = doc();
        for (DiagnosticCode code : DiagnosticCode.values()) {
            int start = doc.indexOf("\n## " + code.name() + "\n");
            assertThat(start).as("section for %s", code).isGreaterThan(0);
            int end = doc.indexOf("\n## ", start + 4);
            String section = doc.substring(start, end < 0 ? doc.length() : end);
            assertThat(section).as(code.name())
                    .contains("*Stage:* " + code.stage().name().toLowerCase(Locale.ROOT) + ".")
                    .contains("*Severity:* " + code.defaultSeverity().label() + ".")
                    .contains(capitalize(code.summary()))
                    .contains("[" + code.name() + "]");
            assertThat(doc).contains("| [`" + code.name() + "`](#" + code.name().toLowerCase(Locale.ROOT) + ") | "
                    + code.stage().name().toLowerCase(Locale.ROOT) + " | " + code.defaultSeverity().label() + " | "
                    + code.summary() + " |");
        }
    }

    @Test
    void theDocumentHasNoSectionForAnUnknownCode() throws IOException {
        Matcher m = Pattern.compile("\n## ([A-Z_]+)\n").matcher(doc());
        List<String> headings = new ArrayList<>();
        while (m.find()) {
            headings.add(m.group(1));
        }
        assertThat(headings).containsExactlyElementsOf(Stream.of(DiagnosticCode.values()).map(Enum::name).toList());
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

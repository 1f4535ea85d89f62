package dev.hasuraperms.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Json} on hostile text (issue 16): numbers whose exponent no reader can hold are a diagnostic, and objects
 * with very many keys are read in linear time with duplicate keys reported as before. The timeouts only guard against
 * a hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonHostileTest {

    private static DiagnosticCode onlyCode(DiagnosticException e) {
        assertThat(e.diagnostics()).hasSize(1);
        return e.diagnostics().get(0).code();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-2147483648", "1e2147483648", "-1E+2147483647", "1e1073741823", "1.5e-1073741824",
        "{\"a\": [1, 1e-2147483648]}"})
    void exponentsOutOfRangeAreAnInvalidValue(String json) {
        assertThatThrownBy(() -> Json.parse(json)).isInstanceOfSatisfying(DiagnosticException.class,
                e -> assertThat(onlyCode(e)).isEqualTo(DiagnosticCode.INVALID_VALUE))
                .hasMessageContaining("out of range");
    }

    @Test
    void largeButRepresentableExponentsAreReadExactlyAndCheaply() {
        assertThat(((JsonNumber) Json.parse("1e100000000")).value()).isEqualTo(new BigDecimal("1e100000000"));
        assertThat(((JsonNumber) Json.parse("-1e-1073741822")).value()).isEqualTo(new BigDecimal("-1e-1073741822"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a: 1.0e-2147483648", "a: 1.5E+2147483648", "a: !!float 1e-99999999999"})
    void yamlFloatExponentsOutOfRangeAreAnInvalidValue(String yaml) {
        assertThatThrownBy(() -> Json.parseYaml(yaml)).isInstanceOfSatisfying(DiagnosticException.class,
                e -> assertThat(onlyCode(e)).isEqualTo(DiagnosticCode.INVALID_VALUE));
    }

    @Test
    void yamlNumbersHaveTheJsonLengthLimit() {
        // (SnakeYAML resolves a plain scalar this long as a string; the explicit tag makes it a number.)
        assertThat(Json.parseYaml("a: " + "9".repeat(100_000))).isInstanceOf(JsonObject.class);
        assertThatThrownBy(() -> Json.parseYaml("a: !!int " + "9".repeat(100_000)))
                .isInstanceOfSatisfying(DiagnosticException.class,
                        e -> assertThat(onlyCode(e)).isEqualTo(DiagnosticCode.DOCUMENT_TOO_LARGE));
        assertThatThrownBy(() -> Json.parse("[" + "9".repeat(100_000) + "]"))
                .isInstanceOfSatisfying(DiagnosticException.class,
                        e -> assertThat(onlyCode(e)).isEqualTo(DiagnosticCode.DOCUMENT_TOO_LARGE));
    }

    private static String manyKeys(int n, String tail) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append("\"k").append(i).append("\":").append(i);
        }
        return sb.append(tail).append('}').toString();
    }

    @Test
    void anObjectWithTwoHundredThousandKeysIsRead() {
        JsonObject o = (JsonObject) Json.parse(manyKeys(200_000, ""));
        assertThat(o.size()).isEqualTo(200_000);
        assertThat(o.get("k199999")).contains(JsonNumber.of(199_999));
        assertThat(o.keyAt(0)).isEqualTo("k0");
    }

    @Test
    void duplicateKeysAreStillReportedInLargeAndSmallObjects() {
        for (int n : new int[] {3, 16, 17, 100_000}) {
            String json = manyKeys(n, ",\"k0\":-1,\"k" + (n - 1) + "\":-2");
            assertThatThrownBy(() -> Json.parse(json)).as("%d keys", n)
                    .isInstanceOfSatisfying(DiagnosticException.class, e -> {
                        assertThat(e.diagnostics()).hasSize(2)
                                .allSatisfy(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.DUPLICATE_KEY));
                        assertThat(e.diagnostics().get(0).message()).contains("\"k0\"");
                    });
        }
    }

    @Test
    void theFirstOfTwoEqualKeysIsKeptInNestedObjectsReusingBuilders() {
        // Builders are reused per depth: a large object followed by a small one at the same depth must not see the
        // large one's keys.
        String json = "[" + manyKeys(50, "") + ", {\"k1\": 1, \"k2\": 2}]";
        JsonArray a = (JsonArray) Json.parse(json);
        assertThat(((JsonObject) a.elements().get(1)).size()).isEqualTo(2);
        String yaml = "a: {k0: 1, k0x: 2}\nb: {k0: 3}\n";
        assertThat(((JsonObject) Json.parseYaml(yaml)).get("b").orElseThrow()).isEqualTo(Json.parse("{\"k0\": 3}"));
    }

    /** 2^bits distinct strings sharing one {@link String#hashCode()} ("Aa" and "BB" hash alike). */
    private static String[] colliding(int bits) {
        String[] out = new String[1 << bits];
        for (int i = 0; i < out.length; i++) {
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < bits; b++) {
                sb.append(((i >> b) & 1) == 0 ? "Aa" : "BB");
            }
            out[i] = sb.toString();
        }
        return out;
    }

    @Test
    void stringsSharingAHashCodeAreReadAndKeptApart() {
        // 65,536 such strings (2 MB) took 83 s when the string table probed without bound.
        String[] strings = colliding(16);
        assertThat(strings[0].hashCode()).isEqualTo(strings[strings.length - 1].hashCode());
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < strings.length; i++) {
            sb.append(i > 0 ? "," : "").append('"').append(strings[i]).append('"');
        }
        JsonArray a = (JsonArray) Json.parse(sb.append(']').toString());
        assertThat(a.size()).isEqualTo(strings.length);
        assertThat(a.elements().get(12345)).isEqualTo(JsonString.of(strings[12345]));
        assertThat(a.elements().stream().map(v -> ((JsonString) v).value()).distinct().count()).isEqualTo(strings.length);
    }

    @Test
    void keysSharingAHashCodeAreLookedUpAndDuplicatesFound() {
        String[] keys = colliding(15);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            sb.append(i > 0 ? "," : "").append('"').append(keys[i]).append("\":").append(i);
        }
        JsonObject o = (JsonObject) Json.parse(sb + "}");
        assertThat(o.size()).isEqualTo(keys.length);
        assertThat(o.get(keys[31_000])).contains(JsonNumber.of(31_000));
        assertThat(o.get("AaAa")).isEmpty();
        assertThatThrownBy(() -> Json.parse(sb + ",\"" + keys[7] + "\": -1}"))
                .isInstanceOfSatisfying(DiagnosticException.class,
                        e -> assertThat(onlyCode(e)).isEqualTo(DiagnosticCode.DUPLICATE_KEY));
    }
}

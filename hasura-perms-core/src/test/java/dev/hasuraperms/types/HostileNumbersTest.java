package dev.hasuraperms.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonValue;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers in exponent form whose magnitude is astronomical (issue 16): each is read into the right value or refused
 * as PostgreSQL refuses it, without ever expanding its digits. The timeouts only guard against a hang; the
 * assertions are on the outcome.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileNumbersTest {

    private static final PgType NUMERIC = PgType.builtin("numeric");
    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType INT8 = PgType.builtin("int8");
    private static final PgType FLOAT8 = PgType.builtin("float8");
    private static final PgType FLOAT4 = PgType.builtin("float4");
    private static final PgType JSONB = PgType.builtin("jsonb");
    private static final PgType JSON = PgType.builtin("json");
    private static final PgType TEXT = PgType.builtin("text");

    private static JsonNumber number(String json) {
        return (JsonNumber) Json.parse(json);
    }

    // ------------------------------------------------------------------------------------------ numeric text input

    /** What PostgreSQL 18 answers for {@code 'text'::numeric} (checked with psql), as our text. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1e131071|1E+131071", "1e-16383|1E-16383", "0e100000000|0E+100000000", "1e0000000001|1E+1", "1.5e1|15",
        "1.50e1|15.0", "-2.5E-3|-0.0025", "0e1073741822|0E+1073741822"})
    void numericInRangeIsReadExactly(String text, String expected) {
        Number v = PgValues.parseNumeric(text);
        assertThat(v.toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e100000000", "1e999999999", "-1e999999999", "1e131072", "1e-16384", "0e-16384",
        "0.0e-16383", "1e1073741822", "1e1073741823", "0e1073741823", "1e99999999999999999999",
        "1e-99999999999999999999", "1e-2147483648", "1e2147483648", "1e-1073741823"})
    void numericOutOfRangeOverflowsLikePostgres(String text) {
        assertThatThrownBy(() -> PgValues.parseText(NUMERIC, text)).isInstanceOf(ValueParseException.class)
                .hasMessage("value overflows numeric format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e", "1e+", "e5", "1e5x", "1e 5"})
    void malformedExponentsAreInvalidSyntax(String text) {
        assertThatThrownBy(() -> PgValues.parseText(NUMERIC, text)).isInstanceOf(ValueParseException.class)
                .hasMessageStartingWith("invalid input syntax for type numeric");
    }

    // ------------------------------------------------------------------------------------------------ JSON literals

    @Test
    void hugeIntegralJsonNumbersAreOutOfRangeForIntegerTypes() {
        for (String n : new String[] {"1e100000000", "1e999999999", "-1e999999999", "1e20", "9223372036854775808"}) {
            assertThatThrownBy(() -> PgValues.fromJson(INT8, number(n))).as(n).isInstanceOf(ValueParseException.class)
                    .hasMessageContaining("out of range for type bigint")
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
        }
        assertThat(PgValues.fromJson(INT8, number("9.223372036854775807e18"))).isEqualTo(Long.MAX_VALUE);
        assertThat(PgValues.fromJson(INT4, number("1e2"))).isEqualTo(100);
        assertThat(PgValues.fromJson(INT4, number("0e100000000"))).isEqualTo(0);
    }

    @Test
    void tinyJsonNumbersAreNotWholeNumbers() {
        assertThatThrownBy(() -> PgValues.fromJson(INT4, number("1e-1000000000")))
                .isInstanceOf(ValueParseException.class).hasMessageContaining("whole number");
    }

    @Test
    void numericJsonLiteralsAreCheckedAgainstNumericsRange() {
        assertThatThrownBy(() -> PgValues.fromJson(NUMERIC, number("1e100000000")))
                .isInstanceOf(ValueParseException.class).hasMessage("value overflows numeric format");
        assertThatThrownBy(() -> PgValues.fromJson(NUMERIC, number("-1e-20000")))
                .isInstanceOf(ValueParseException.class).hasMessage("value overflows numeric format");
        assertThat(PgValues.fromJson(NUMERIC, number("1e131071"))).isEqualTo(new BigDecimal("1e131071"));
    }

    @Test
    void floatLiteralsOutOfRangeAreRefusedAsPostgresRefusesThem() {
        assertThatThrownBy(() -> PgValues.fromJson(FLOAT8, number("1e400"))).isInstanceOf(ValueParseException.class)
                .hasMessageContaining("out of range for type double precision");
        assertThatThrownBy(() -> PgValues.fromJson(FLOAT8, number("1e-400"))).isInstanceOf(ValueParseException.class)
                .hasMessageContaining("out of range for type double precision");
        assertThatThrownBy(() -> PgValues.fromJson(FLOAT8, number("1e100000000"))).isInstanceOf(ValueParseException.class);
        assertThatThrownBy(() -> PgValues.fromJson(FLOAT4, number("1e-1000000000"))).isInstanceOf(ValueParseException.class)
                .hasMessageContaining("out of range for type real");
        assertThat(PgValues.fromJson(FLOAT8, number("1e300"))).isEqualTo(1e300);
    }

    @Test
    void jsonbNumbersOutsideNumericAreRefusedAsJsonbInRefusesThem() {
        JsonValue v = Json.parse("{\"a\": [1, {\"b\": 1e100000000}]}");
        assertThatThrownBy(() -> PgValues.fromJson(JSONB, v)).isInstanceOf(ValueParseException.class)
                .hasMessage("value overflows numeric format");
        assertThatThrownBy(() -> PgValues.fromJson(JSON, v)).isInstanceOf(ValueParseException.class);
        assertThatThrownBy(() -> PgValues.parseText(JSONB, "{\"a\": 1e-2147483648}"))
                .isInstanceOf(ValueParseException.class).hasMessage("value overflows numeric format");
        assertThatThrownBy(() -> PgValues.parseText(JSONB, "[1e2147483648]")).isInstanceOf(ValueParseException.class);
        assertThat(PgValues.parseText(JSONB, "{\"a\": 1e5}")).isEqualTo(Json.parse("{\"a\": 100000}"));
    }

    @Test
    void arraysOfNumbersAreCheckedElementByElement() {
        PgType numerics = new PgType.Array(NUMERIC);
        assertThatThrownBy(() -> PgValues.fromJson(numerics, Json.parse("[1, 1e100000000]")))
                .isInstanceOf(ValueParseException.class).hasMessage("value overflows numeric format");
        assertThatThrownBy(() -> PgValues.parseText(numerics, "{1,1e100000000}")).isInstanceOf(ValueParseException.class);
    }

    @Test
    void numberTextNeverExpandsAnExponent() {
        assertThat(PgValues.numberText(new BigDecimal("-1e999999999"))).isEqualTo("-1E+999999999");
        assertThat(PgValues.numberText(new BigDecimal("1e-999999999"))).isEqualTo("1E-999999999");
        assertThat(PgValues.numberText(new BigDecimal("12345.678"))).isEqualTo("12345.678");
        assertThat(PgValues.numberText(new BigDecimal("1e5"))).isEqualTo("100000");
    }

    // ------------------------------------------------------------------------------------------- lone surrogates

    @Test
    void loneSurrogatesAreRefusedForEveryType() {
        for (String s : new String[] {"\ud800", "a\udc00", "x\ud800y", "\udc00\ud800"}) {
            assertThatThrownBy(() -> PgValues.parseText(TEXT, s)).isInstanceOf(ValueParseException.class)
                    .hasMessageContaining("lone UTF-16 surrogate");
            assertThatThrownBy(() -> PgValues.parseText(new PgType.Array(TEXT), "{\"" + s + "\"}"))
                    .isInstanceOf(ValueParseException.class);
        }
        assertThat(PgValues.parseText(TEXT, "emoji \ud83d\ude00")).isEqualTo("emoji \ud83d\ude00");
    }

    @Test
    void loneSurrogatesInJsonAreRefused() {
        assertThatThrownBy(() -> PgValues.parseText(JSONB, "\"\\ud800\"")).isInstanceOf(ValueParseException.class)
                .hasMessageContaining("lone UTF-16 surrogate");
        assertThatThrownBy(() -> PgValues.parseText(JSONB, "{\"\\udc00\": 1}")).isInstanceOf(ValueParseException.class);
        assertThatThrownBy(() -> PgValues.parseText(JSONB, "{\"a\\ud800\": 1}")).isInstanceOf(ValueParseException.class);
        assertThatThrownBy(() -> PgValues.fromJson(JSONB, Json.parse("{\"a\": [\"\\ud800\"]}")))
                .isInstanceOf(ValueParseException.class).hasMessageContaining("lone UTF-16 surrogate");
        assertThatThrownBy(() -> PgValues.fromJson(TEXT, Json.parse("\"\\ud800\""))).isInstanceOf(ValueParseException.class);
        assertThat(PgValues.parseText(JSONB, "\"\\ud83d\\ude00\"")).isEqualTo(Json.parse("\"\ud83d\ude00\""));
    }
}

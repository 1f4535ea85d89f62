package dev.hasuraperms.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.names.QualifiedName;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PgValuesTest {

    private static final PgType INT2 = PgType.builtin("int2");
    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType INT8 = PgType.builtin("int8");
    private static final PgType BOOL = PgType.builtin("bool");
    private static final PgType TEXT = PgType.builtin("text");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "42|42", "' 42 '|42", "+7|7", "-2147483648|-2147483648", "0x1F|31", "0X1f|31", "-0o17|-15", "0b101|5",
        "1_000|1000", "0x_1F|31", "'\t12\n'|12"})
    void int4Input(String text, int expected) {
        assertThat(PgValues.parseText(INT4, text)).isEqualTo(expected);
    }

    /** Issue 18: the PostgreSQL 16 integer forms are invalid input for an older server, in every integer position. */
    @ParameterizedTest
    @ValueSource(strings = {"0x1F", "0X1f", "-0o17", "0b101", "1_000", "0x_1F", " 1_0 "})
    void sixteenIntegerFormsAreRefusedBeforeSixteen(String text) {
        PgType numeric = PgType.builtin("numeric");
        for (int major : List.of(13, 14, 15)) {
            assertThatThrownBy(() -> PgValues.parseText(INT4, text, major)).as("int4 on %d", major)
                    .isInstanceOf(ValueParseException.class).hasMessageContaining("invalid input syntax for type integer");
            assertThatThrownBy(() -> PgValues.parseText(INT8, text, major)).isInstanceOf(ValueParseException.class);
            assertThatThrownBy(() -> PgValues.parseText(numeric, text, major)).isInstanceOf(ValueParseException.class)
                    .hasMessageContaining("invalid input syntax for type numeric");
            assertThatThrownBy(() -> PgValues.parseText(new PgType.Array(INT4), "{1," + text.trim() + "}", major))
                    .isInstanceOf(ValueParseException.class).hasMessageContaining("array element");
        }
        assertThat(PgValues.parseText(INT4, text, 16)).isEqualTo(PgValues.parseText(INT4, text));
        assertThat(PgValues.parseText(INT4, text, 18)).isEqualTo(PgValues.parseText(INT4, text));
        assertThat(PgValues.parseText(numeric, text, 16)).isEqualTo(PgValues.parseText(numeric, text));
    }

    /** numeric_in reads prefixed digits beyond int8's range; more than 1000 digits is refused without building them. */
    @Test
    void prefixedNumericIsNotLimitedToInt8() {
        PgType numeric = PgType.builtin("numeric");
        assertThat(PgValues.parseText(numeric, "0x8000000000000000", 16)).isEqualTo(new BigDecimal("9223372036854775808"));
        assertThat(PgValues.parseText(numeric, "-0x" + "F".repeat(40), 18))
                .isEqualTo(new BigDecimal(new java.math.BigInteger("F".repeat(40), 16).negate()));
        assertThatThrownBy(() -> PgValues.parseText(numeric, "0x" + "F".repeat(100_000), 18))
                .isInstanceOf(ValueParseException.class).hasMessageContaining("overflows numeric");
        assertThatThrownBy(() -> PgValues.parseText(INT8, "0x8000000000000000", 18))
                .isInstanceOf(ValueParseException.class).hasMessageContaining("out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", " -7 ", "+3", "017", "1.5", "1e3"})
    void decimalFormsReadTheSameOnEveryMajor(String text) {
        PgType numeric = PgType.builtin("numeric");
        for (int major : List.of(13, 15, 16, 18)) {
            assertThat(PgValues.parseText(numeric, text, major)).isEqualTo(PgValues.parseText(numeric, text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.0", "1e3", "2147483648", "_1", "1_", "1__0", "0x", "12abc", "١٢", "1 2", "--1"})
    void int4Refused(String text) {
        assertThatThrownBy(() -> PgValues.parseText(INT4, text)).isInstanceOf(ValueParseException.class);
    }

    @Test
    void integerRangesPerType() {
        assertThat(PgValues.parseText(INT2, "32767")).isEqualTo((short) 32767);
        assertThatThrownBy(() -> PgValues.parseText(INT2, "32768")).hasMessageContaining("out of range for type smallint");
        assertThat(PgValues.parseText(INT8, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> PgValues.parseText(INT8, "9223372036854775808")).hasMessageContaining("bigint");
    }

    @ParameterizedTest
    @CsvSource({"t,true", "TRUE,true", "tr,true", "yes,true", "y,true", "on,true", "1,true", "' true ',true",
        "f,false", "fal,false", "no,false", "n,false", "off,false", "of,false", "0,false"})
    void booleanInput(String text, boolean expected) {
        assertThat(PgValues.parseText(BOOL, text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"o", "truee", "2", "10", "", "yess", "nope"})
    void booleanRefused(String text) {
        assertThatThrownBy(() -> PgValues.parseText(BOOL, text)).isInstanceOf(ValueParseException.class);
    }

    @Test
    void uuidForms() {
        UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        for (String s : List.of("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
                "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}")) {
            assertThat(PgValues.parseText(PgType.builtin("uuid"), s)).as(s).isEqualTo(u);
        }
        for (String s : List.of("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-",
                " a0eebc999c0b4ef8bb6d6bb9bd380a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0e-ebc999c0b4ef8bb6d6bb9bd380a11")) {
            assertThatThrownBy(() -> PgValues.parseText(PgType.builtin("uuid"), s)).as(s).isInstanceOf(ValueParseException.class);
        }
    }

    @Test
    void numericAndFloat() {
        assertThat(PgValues.parseText(PgType.builtin("numeric"), " 1_000.50 ")).isEqualTo(new BigDecimal("1000.50"));
        assertThat(PgValues.parseText(PgType.builtin("numeric"), ".5e2")).isEqualTo(new BigDecimal(".5e2"));
        PgType numeric = PgType.builtin("numeric");
        for (String nan : List.of("NaN", "nan", " NAN ")) {
            assertThat(PgValues.parseText(numeric, nan, 13)).as(nan).isEqualTo(Double.NaN);
        }
        for (String inf : List.of("Infinity", "inf", "+INF", "+infinity", " Infinity ")) {
            assertThat(PgValues.parseText(numeric, inf, 14)).as(inf).isEqualTo(Double.POSITIVE_INFINITY);
            assertThatThrownBy(() -> PgValues.parseText(numeric, inf, 13)).as(inf)
                    .hasMessageContaining("invalid input syntax for type numeric");
        }
        for (String inf : List.of("-Infinity", "-inf", "-INFINITY")) {
            assertThat(PgValues.parseText(numeric, inf, 16)).as(inf).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThatThrownBy(() -> PgValues.parseText(numeric, inf, 13)).as(inf).isInstanceOf(ValueParseException.class);
        }
        for (String bad : List.of("nana", "infinit", "+nan", "-nan", "in f", "Infinity1")) {
            assertThatThrownBy(() -> PgValues.parseText(numeric, bad, 16)).as(bad).isInstanceOf(ValueParseException.class);
        }
        assertThat(PgValues.parseText(PgType.builtin("float8"), "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PgValues.parseText(PgType.builtin("float8"), "1e308")).isEqualTo(1e308);
        assertThatThrownBy(() -> PgValues.parseText(PgType.builtin("float8"), "1e309")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PgValues.parseText(PgType.builtin("float4"), "1e39")).hasMessageContaining("out of range");
    }

    @Test
    void datesAndTimes() {
        assertThat(PgValues.parseText(PgType.builtin("date"), "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(PgValues.parseText(PgType.builtin("date"), "20240229")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThatThrownBy(() -> PgValues.parseText(PgType.builtin("date"), "2023-02-29")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PgValues.parseText(PgType.builtin("date"), "02/29/2024")).hasMessageContaining("ISO 8601");
        assertThat(PgValues.parseText(PgType.builtin("time"), "13:45")).isEqualTo(LocalTime.of(13, 45));
        assertThat(PgValues.parseText(PgType.builtin("timestamp"), "2024-05-01 12:30:00.5+02"))
                .as("a zone given to a timestamp without time zone is ignored")
                .isEqualTo(LocalDateTime.of(2024, 5, 1, 12, 30, 0, 500_000_000));
        assertThat(PgValues.parseText(PgType.builtin("timestamptz"), "2024-05-01T12:30:00+02:00"))
                .isEqualTo(OffsetDateTime.of(2024, 5, 1, 10, 30, 0, 0, ZoneOffset.UTC));
        assertThat(PgValues.parseText(PgType.builtin("timestamptz"), "2024-05-01 12:30"))
                .as("no offset: UTC").isEqualTo(OffsetDateTime.of(2024, 5, 1, 12, 30, 0, 0, ZoneOffset.UTC));
        assertThat(PgValues.parseText(PgType.builtin("timestamptz"), "2024-01-01 00:00:00.0000005Z"))
                .as("rounded half-even to microseconds")
                .isEqualTo(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThatThrownBy(() -> PgValues.parseText(PgType.builtin("timestamptz"), "now")).isInstanceOf(ValueParseException.class);
    }

    @Test
    void intervals() {
        PgType interval = PgType.builtin("interval");
        assertThat(PgValues.parseText(interval, "P1Y2M3DT4H5M6.5S")).isEqualTo(new PgInterval(14, 3, 14_706_500_000L));
        assertThat(PgValues.parseText(interval, "1 day 02:00:00")).isEqualTo(new PgInterval(0, 1, 7_200_000_000L));
        assertThat(PgValues.parseText(interval, "@ 2 hours ago")).isEqualTo(new PgInterval(0, 0, -7_200_000_000L));
        assertThat(PgValues.parseText(interval, "1.5 months")).isEqualTo(new PgInterval(1, 15, 0));
        assertThat(((PgInterval) PgValues.parseText(interval, "1 month")).sqlEquals((PgInterval) PgValues.parseText(interval, "30 days")))
                .isTrue();
    }

    @Test
    void textRefusesNul() {
        assertThat(PgValues.parseText(TEXT, "  spaces kept ")).isEqualTo("  spaces kept ");
        assertThatThrownBy(() -> PgValues.parseText(TEXT, "a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void jsonbKeepsTheLastDuplicateKeyAndRefusesNulEscapes() {
        Object v = PgValues.parseText(PgType.builtin("jsonb"), "{\"a\": 1, \"a\": 2}");
        assertThat(v).isEqualTo(Json.parse("{\"a\": 2}"));
        assertThatThrownBy(() -> PgValues.parseText(PgType.builtin("jsonb"), "\"\\u0000\"")).hasMessageContaining("\\u0000");
        assertThatThrownBy(() -> PgValues.parseText(PgType.builtin("jsonb"), "[1,]")).isInstanceOf(ValueParseException.class);
    }

    @Test
    void arrayLiterals() {
        assertThat(PgValues.parseText(INT4.arrayOf(), "{1,2,3}")).isEqualTo(List.of(1, 2, 3));
        assertThat(PgValues.parseText(INT4.arrayOf(), "{}")).isEqualTo(List.of());
        assertThat(PgValues.parseText(INT4.arrayOf(), " { 1 , NULL , null } ")).isEqualTo(List.of(1, SqlNull.INSTANCE, SqlNull.INSTANCE));
        assertThat(PgValues.parseText(TEXT.arrayOf(), "{\"a,b\",\"c\\\"d\",\"NULL\",e f,\\{}"))
                .isEqualTo(List.of("a,b", "c\"d", "NULL", "e f", "{"));
        assertThat(PgValues.parseText(INT4.arrayOf(), "{{1,2},{3,4}}")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(PgValues.parseText(INT4.arrayOf(), "[1:2]={5,6}")).isEqualTo(List.of(5, 6));
        for (String bad : List.of("1,2", "{1,2", "{1,,2}", "{{1},2}", "{{1,2},{3}}", "{1}x", "[1,2,3]", "{\"1\"2}", "{a}")) {
            assertThatThrownBy(() -> PgValues.parseText(INT4.arrayOf(), bad)).as(bad).isInstanceOf(ValueParseException.class);
        }
    }

    @Test
    void enumsAndLtree() {
        PgType mood = new PgType.Enum(QualifiedName.of("mood"), List.of("sad", "ok", "happy"));
        assertThat(PgValues.parseText(mood, "ok")).isEqualTo("ok");
        assertThatThrownBy(() -> PgValues.parseText(mood, "OK")).hasMessageContaining("not a label");
        PgType ltree = new PgType.Base(QualifiedName.of("public", "ltree"));
        assertThat(PgValues.parseText(ltree, "top.science-fiction_1")).isEqualTo("top.science-fiction_1");
        assertThatThrownBy(() -> PgValues.parseText(ltree, "top..x")).isInstanceOf(ValueParseException.class);
    }

    @Test
    void jsonLiteralsFollowHasurasRules() {
        assertThat(PgValues.fromJson(INT4, JsonNumber.of(5))).isEqualTo(5);
        assertThat(PgValues.fromJson(INT4, JsonString.of("0x10"))).as("strings are read as PostgreSQL input").isEqualTo(16);
        assertThatThrownBy(() -> PgValues.fromJson(INT4, JsonNumber.of(new BigDecimal("1.5")))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> PgValues.fromJson(TEXT, JsonNumber.of(5))).hasMessageContaining("expected a string");
        assertThat(PgValues.fromJson(PgType.builtin("jsonb"), JsonString.of("{\"a\":1}")))
                .as("a JSON string is a jsonb string, not JSON text").isEqualTo(JsonString.of("{\"a\":1}"));
        assertThat(PgValues.fromJson(INT4.arrayOf(), Json.parse("[1, null, \"3\"]"))).isEqualTo(List.of(1, SqlNull.INSTANCE, 3));
        assertThat(PgValues.fromJson(INT4.arrayOf(), JsonString.of("{1,2}"))).isEqualTo(List.of(1, 2));
    }
}

package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.BOOL;
import static dev.hasuraperms.eval.EvalSupport.BPCHAR;
import static dev.hasuraperms.eval.EvalSupport.BYTEA;
import static dev.hasuraperms.eval.EvalSupport.CITEXT;
import static dev.hasuraperms.eval.EvalSupport.DATE;
import static dev.hasuraperms.eval.EvalSupport.FLOAT4;
import static dev.hasuraperms.eval.EvalSupport.FLOAT8;
import static dev.hasuraperms.eval.EvalSupport.INT2;
import static dev.hasuraperms.eval.EvalSupport.INT4;
import static dev.hasuraperms.eval.EvalSupport.INT8;
import static dev.hasuraperms.eval.EvalSupport.INTERVAL;
import static dev.hasuraperms.eval.EvalSupport.JSONB;
import static dev.hasuraperms.eval.EvalSupport.LTREE;
import static dev.hasuraperms.eval.EvalSupport.MOOD;
import static dev.hasuraperms.eval.EvalSupport.NAME;
import static dev.hasuraperms.eval.EvalSupport.NUMERIC;
import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.TIME;
import static dev.hasuraperms.eval.EvalSupport.TIMESTAMP;
import static dev.hasuraperms.eval.EvalSupport.TIMESTAMPTZ;
import static dev.hasuraperms.eval.EvalSupport.TIMETZ;
import static dev.hasuraperms.eval.EvalSupport.UUID;
import static dev.hasuraperms.eval.EvalSupport.VARCHAR;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.compareTexts;
import static dev.hasuraperms.eval.EvalSupport.eval;
import static dev.hasuraperms.eval.EvalSupport.lit;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.types.PgType;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order (and equality) of every type, as PostgreSQL's btree operators have it. */
class EvalOrderingTest {

    /** (type, a, b) with a &lt; b in PostgreSQL, texts in PostgreSQL input syntax. */
    static Stream<Arguments> strictlyLess() {
        return Stream.of(
                Arguments.of(INT2, "-3", "2"),
                Arguments.of(INT8, "9223372036854775806", "9223372036854775807"),
                Arguments.of(NUMERIC, "1.10", "1.2"),
                Arguments.of(NUMERIC, "-0.5", "0"),
                Arguments.of(FLOAT8, "-Infinity", "-1e308"),
                Arguments.of(FLOAT8, "Infinity", "NaN"),
                Arguments.of(FLOAT8, "1e308", "NaN"),
                Arguments.of(FLOAT4, "1.5", "NaN"),
                Arguments.of(BOOL, "false", "true"),
                // C collation: code point order, upper case before lower case, no accents folding
                Arguments.of(TEXT, "B", "a"),
                Arguments.of(TEXT, "a", "ab"),
                Arguments.of(TEXT, "Z", "\u00e9"),
                Arguments.of(TEXT, "\uffff", "\ud83d\ude00"),
                Arguments.of(VARCHAR, "abc", "abd"),
                Arguments.of(NAME, "A", "_"),
                Arguments.of(BPCHAR, "a", "a\t"),
                Arguments.of(CITEXT, "apple", "BANANA"),
                Arguments.of(CITEXT, "[", "A"),
                // uuid: unsigned byte order (java.util.UUID.compareTo is signed and gets these wrong)
                Arguments.of(UUID, "7fffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-0000-000000000000"),
                Arguments.of(UUID, "00000000-0000-0000-7fff-ffffffffffff", "00000000-0000-0000-8000-000000000000"),
                Arguments.of(MOOD, "sad", "ok"),
                Arguments.of(MOOD, "ok", "happy"),
                Arguments.of(INTERVAL, "29 days", "1 mon"),
                Arguments.of(INTERVAL, "1 mon", "30 days 00:00:00.000001"),
                Arguments.of(INTERVAL, "-1 day", "0 seconds"),
                Arguments.of(DATE, "1999-12-31", "2000-01-01"),
                Arguments.of(TIME, "23:59:59.999998", "23:59:59.999999"),
                Arguments.of(TIMESTAMP, "2024-01-01 00:00:00", "2024-01-01 00:00:00.000001"),
                Arguments.of(TIMESTAMPTZ, "2024-01-01 01:00:00+02", "2024-01-01 00:00:00+00"),
                // timetz: the UTC-adjusted time first (not wrapped at midnight), then the zone
                Arguments.of(TIMETZ, "10:00:00+02", "09:00:00+00"),
                Arguments.of(TIMETZ, "12:00:00+02", "10:00:00+00"),
                Arguments.of(TIMETZ, "00:30:00+00", "23:00:00-02"),
                Arguments.of(BYTEA, "\\x00ff", "\\x01"),
                Arguments.of(BYTEA, "\\x01", "\\x0100"),
                Arguments.of(BYTEA, "\\x7f", "\\x80"),
                Arguments.of(LTREE, "a.b", "a.b.c"),
                Arguments.of(LTREE, "a.b.z", "a.bb"),
                Arguments.of(LTREE, "", "a"),
                // arrays: element by element, NULL greater than any value, then length
                Arguments.of(INT4.arrayOf(), "{1,2}", "{1,3}"),
                Arguments.of(INT4.arrayOf(), "{1,2}", "{1,2,0}"),
                Arguments.of(INT4.arrayOf(), "{1,1000}", "{1,NULL}"),
                Arguments.of(INT4.arrayOf(), "{}", "{NULL}"),
                Arguments.of(INT4.arrayOf(), "{1,2,3,4}", "{{1,2},{3,4}}"),
                Arguments.of(INT4.arrayOf(), "{{1,2,3}}", "{{1},{2},{3}}"),
                Arguments.of(TEXT.arrayOf(), "{B}", "{a}"),
                // jsonb: null < string < number < boolean < array < object; more elements/pairs greater
                Arguments.of(JSONB, "null", "\"a\""),
                Arguments.of(JSONB, "\"zzz\"", "1"),
                Arguments.of(JSONB, "1", "1.5"),
                Arguments.of(JSONB, "99", "false"),
                Arguments.of(JSONB, "false", "true"),
                Arguments.of(JSONB, "true", "[1]"),
                Arguments.of(JSONB, "[1]", "[0, 0]"),
                Arguments.of(JSONB, "[\"a\"]", "[1]"),
                Arguments.of(JSONB, "[1, 2]", "[1, [0]]"),
                Arguments.of(JSONB, "[9, 9, 9]", "{}"),
                Arguments.of(JSONB, "{\"z\": 1}", "{\"a\": 1, \"b\": 1}"),
                Arguments.of(JSONB, "{\"a\": 2}", "{\"b\": 1}"),
                Arguments.of(JSONB, "{\"a\": 1}", "{\"a\": 2}"),
                // storage order is by key length first, but keys compare as strings: {"b","aa"} vs {"b","ab"}
                Arguments.of(JSONB, "{\"aa\": 1, \"b\": 1}", "{\"ab\": 1, \"b\": 1}"),
                Arguments.of(JSONB, "{\"b\": 1, \"aa\": 9}", "{\"c\": 0, \"aa\": 0}"),
                // a top-level scalar is a one-element raw array: before any non-empty array, after the empty one
                Arguments.of(JSONB, "[]", "1"),
                Arguments.of(JSONB, "\"x\"", "[null]"),
                Arguments.of(JSONB, "true", "{}"));
    }

    @ParameterizedTest(name = "{0}: {1} < {2}")
    @MethodSource("strictlyLess")
    void ordering(PgType type, String a, String b) {
        assertThat(compareTexts(type, a, CompareOp.LT, b)).isEqualTo(TriBool.TRUE);
        assertThat(compareTexts(type, a, CompareOp.LTE, b)).isEqualTo(TriBool.TRUE);
        assertThat(compareTexts(type, b, CompareOp.GT, a)).isEqualTo(TriBool.TRUE);
        assertThat(compareTexts(type, b, CompareOp.GTE, a)).isEqualTo(TriBool.TRUE);
        assertThat(compareTexts(type, a, CompareOp.EQ, b)).isEqualTo(TriBool.FALSE);
        assertThat(compareTexts(type, a, CompareOp.NEQ, b)).isEqualTo(TriBool.TRUE);
        assertThat(compareTexts(type, b, CompareOp.LT, a)).isEqualTo(TriBool.FALSE);
    }

    /** (type, a, b) equal in PostgreSQL although they may be written differently. */
    static Stream<Arguments> equal() {
        return Stream.of(
                Arguments.of(NUMERIC, "1.0", "1.000"),
                Arguments.of(FLOAT8, "NaN", "NaN"),
                Arguments.of(FLOAT8, "-0", "0"),
                Arguments.of(BPCHAR, "ab  ", "ab"),
                Arguments.of(CITEXT, "Hello", "hELLO"),
                Arguments.of(INTERVAL, "1 mon", "30 days"),
                Arguments.of(INTERVAL, "1 day", "24:00:00"),
                Arguments.of(TIMESTAMPTZ, "2024-01-01 02:00:00+02", "2024-01-01 00:00:00Z"),
                Arguments.of(UUID, "{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11"),
                Arguments.of(BYTEA, "\\x41", "A"),
                Arguments.of(INT4.arrayOf(), "{1,NULL}", "{1,NULL}"),
                Arguments.of(JSONB, "{\"a\": 1, \"b\": [1.0, 2]}", "{\"b\": [1, 2.00], \"a\": 1}"),
                Arguments.of(JSONB, "1e2", "100"));
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("equal")
    void equality(PgType type, String a, String b) {
        assertThat(compareTexts(type, a, CompareOp.EQ, b)).isEqualTo(TriBool.TRUE);
        assertThat(compareTexts(type, a, CompareOp.NEQ, b)).isEqualTo(TriBool.FALSE);
        assertThat(compareTexts(type, a, CompareOp.LT, b)).isEqualTo(TriBool.FALSE);
        assertThat(compareTexts(type, a, CompareOp.GTE, b)).isEqualTo(TriBool.TRUE);
    }

    @Test
    void timetzWithTheSameUtcTimeButDifferentZonesDiffers() {
        assertThat(compareTexts(TIMETZ, "12:00:00+02", CompareOp.EQ, "10:00:00+00")).isEqualTo(TriBool.FALSE);
        // the zone orders west-of-UTC first: +02 (zone -7200 in PostgreSQL) sorts before +00
        assertThat(compareTexts(TIMETZ, "12:00:00+02", CompareOp.LT, "10:00:00+00")).isEqualTo(TriBool.TRUE);
    }

    @Test
    void numbersCompareAcrossJavaAndPostgresTypes() {
        // an int4 column against a numeric literal, an int8 against a float8, a Long row value for an int2 column
        assertThat(eval(cmp(CompareOp.EQ, col("a", INT4), litValue(NUMERIC, new BigDecimal("5.00"))), row("a", 5)))
                .isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.LT, col("a", INT8), litValue(FLOAT8, 2.5)), row("a", 2L))).isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.EQ, col("a", INT2), lit(INT2, "7")), row("a", 7L))).isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.GT, col("a", NUMERIC), lit(NUMERIC, "0.1")), row("a", 0.25d))).isEqualTo(TriBool.TRUE);
        // float4 0.1 is not float8 0.1 (the float4 is widened exactly, as PostgreSQL does)
        assertThat(eval(cmp(CompareOp.EQ, col("a", FLOAT4), litValue(FLOAT8, 0.1d)), row("a", 0.1f)))
                .isEqualTo(TriBool.FALSE);
    }

    @Test
    void bpcharIgnoresOnlyTrailingSpaces() {
        assertThat(compareTexts(BPCHAR, " a", CompareOp.EQ, "a")).isEqualTo(TriBool.FALSE);
        assertThat(compareTexts(BPCHAR, "a\t", CompareOp.EQ, "a")).isEqualTo(TriBool.FALSE);
    }
}

package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.JSONB;
import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.eval;
import static dev.hasuraperms.eval.EvalSupport.lit;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgValues;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** jsonb containment, key existence and text output, with the examples of the PostgreSQL documentation. */
class EvalJsonbTest {

    private static TriBool op(String left, CompareOp op, String right) {
        return eval(cmp(op, col("j", JSONB), lit(JSONB, right)), row("j", left));
    }

    static Stream<Arguments> containment() {
        return Stream.of(
                // PostgreSQL documentation, 8.14.3 "jsonb Containment and Existence"
                Arguments.of("\"foo\"", "\"foo\"", true),
                Arguments.of("[1, 2, 3]", "[1, 3]", true),
                Arguments.of("[1, 2, 3]", "[3, 1]", true),
                Arguments.of("[1, 2, 3]", "[1, 2, 2]", true),
                Arguments.of("{\"product\": \"PostgreSQL\", \"version\": 9.4, \"jsonb\": true}", "{\"version\": 9.4}", true),
                Arguments.of("[1, 2, [1, 3]]", "[1, 3]", false),
                Arguments.of("[1, 2, [1, 3]]", "[[1, 3]]", true),
                Arguments.of("{\"foo\": {\"bar\": \"baz\"}}", "{\"bar\": \"baz\"}", false),
                Arguments.of("{\"foo\": {\"bar\": \"baz\"}}", "{\"foo\": {}}", true),
                Arguments.of("[\"foo\", \"bar\"]", "\"bar\"", true),
                Arguments.of("\"bar\"", "[\"bar\"]", false),
                // more: numbers by value, nested arrays of objects, type mismatches, empty containers
                Arguments.of("{\"a\": 1.0}", "{\"a\": 1}", true),
                Arguments.of("{\"a\": 1}", "{\"a\": \"1\"}", false),
                Arguments.of("{\"a\": [1, 2]}", "{\"a\": 1}", false),
                Arguments.of("{\"a\": [{\"b\": 1, \"c\": 2}]}", "{\"a\": [{\"b\": 1}]}", true),
                Arguments.of("{\"a\": [{\"b\": 1}]}", "{\"a\": [{\"b\": 2}]}", false),
                Arguments.of("{\"a\": {}}", "{\"a\": []}", false),
                Arguments.of("[[1]]", "[{}]", false),
                Arguments.of("{}", "{}", true),
                Arguments.of("[]", "[]", true),
                Arguments.of("[1]", "[]", true),
                Arguments.of("{\"a\": 1}", "[]", false),
                Arguments.of("[]", "{}", false),
                Arguments.of("1", "1.00", true),
                Arguments.of("null", "null", true),
                Arguments.of("[null]", "null", true),
                Arguments.of("{\"a\": null}", "{\"a\": null}", true),
                Arguments.of("[1, [2]]", "[[2], 1]", true),
                Arguments.of("[[1, 2]]", "[[2], [1]]", true));
    }

    @ParameterizedTest(name = "{0} @> {1}")
    @MethodSource("containment")
    void containmentBothWays(String left, String right, boolean contains) {
        assertThat(op(left, CompareOp.CONTAINS, right)).isEqualTo(TriBool.of(contains));
        assertThat(eval(cmp(CompareOp.CONTAINED_IN, lit(JSONB, right), col("j", JSONB)), row("j", left)))
                .isEqualTo(TriBool.of(contains));
    }

    static Stream<Arguments> existence() {
        return Stream.of(
                Arguments.of("[\"foo\", \"bar\", \"baz\"]", "bar", true),
                Arguments.of("{\"foo\": \"bar\"}", "foo", true),
                Arguments.of("{\"foo\": \"bar\"}", "bar", false),
                Arguments.of("{\"foo\": {\"bar\": \"baz\"}}", "bar", false),
                Arguments.of("\"foo\"", "foo", true),
                Arguments.of("[1, \"1\"]", "1", true),
                Arguments.of("[1]", "1", false),
                Arguments.of("[[\"a\"]]", "a", false),
                Arguments.of("null", "null", false));
    }

    @ParameterizedTest(name = "{0} ? {1}")
    @MethodSource("existence")
    void hasKey(String json, String key, boolean expected) {
        assertThat(eval(cmp(CompareOp.HAS_KEY, col("j", JSONB), litValue(TEXT, key)), row("j", json)))
                .isEqualTo(TriBool.of(expected));
    }

    @Test
    void hasAnyAndAllKeysSkipNullKeys() {
        String j = "{\"a\": 1, \"b\": 2, \"c\": 3}";
        assertThat(keys(j, CompareOp.HAS_KEYS_ANY, "{b,d}")).isEqualTo(TriBool.TRUE);
        assertThat(keys(j, CompareOp.HAS_KEYS_ANY, "{d,e}")).isEqualTo(TriBool.FALSE);
        assertThat(keys(j, CompareOp.HAS_KEYS_ANY, "{}")).isEqualTo(TriBool.FALSE);
        assertThat(keys(j, CompareOp.HAS_KEYS_ANY, "{NULL,a}")).isEqualTo(TriBool.TRUE);
        assertThat(keys("[\"a\", \"b\", \"c\"]", CompareOp.HAS_KEYS_ALL, "{a,b}")).isEqualTo(TriBool.TRUE);
        assertThat(keys(j, CompareOp.HAS_KEYS_ALL, "{a,d}")).isEqualTo(TriBool.FALSE);
        assertThat(keys(j, CompareOp.HAS_KEYS_ALL, "{}")).isEqualTo(TriBool.TRUE);
        assertThat(keys(j, CompareOp.HAS_KEYS_ALL, "{a,NULL}")).isEqualTo(TriBool.TRUE);
        assertThat(keys(null, CompareOp.HAS_KEYS_ALL, "{a}")).isEqualTo(TriBool.UNKNOWN);
    }

    private static TriBool keys(String json, CompareOp op, String keys) {
        return eval(cmp(op, col("j", JSONB), lit(TEXT.arrayOf(), keys)), row("j", json));
    }

    static Stream<Arguments> textOutput() {
        return Stream.of(
                Arguments.of("{\"b\": [1,2], \"a\": 1}", "{\"a\": 1, \"b\": [1, 2]}"),
                Arguments.of("{\"aaa\": 1, \"b\": 2, \"cc\": 3, \"ab\": 4}", "{\"b\": 2, \"ab\": 4, \"cc\": 3, \"aaa\": 1}"),
                // storage order counts UTF-8 bytes: "é" (2 bytes) after "zz"? no: same length 2, then bytes
                Arguments.of("{\"\u00e9\": 1, \"zzz\": 2, \"y\": 3}", "{\"y\": 3, \"\u00e9\": 1, \"zzz\": 2}"),
                Arguments.of("[]", "[]"),
                Arguments.of("{}", "{}"),
                Arguments.of("[{}, [], [[]]]", "[{}, [], [[]]]"),
                Arguments.of("{\"a\":{\"b\":{\"c\":null}}}", "{\"a\": {\"b\": {\"c\": null}}}"),
                Arguments.of("1.50", "1.50"),
                Arguments.of("1e2", "100"),
                Arguments.of("1.5e-3", "0.0015"),
                Arguments.of("-0", "0"),
                Arguments.of("-0.0", "0.0"),
                Arguments.of("12345678901234567890.5", "12345678901234567890.5"),
                Arguments.of("true", "true"),
                Arguments.of("null", "null"),
                Arguments.of("\"x\"", "\"x\""),
                Arguments.of("\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\u00e9\\/\"", "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\u00e9/\""),
                Arguments.of("[1, \"a\", false, null, 2.0]", "[1, \"a\", false, null, 2.0]"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("textOutput")
    void jsonbToTextIsPostgresOutput(String input, String expected) {
        JsonValue v = (JsonValue) PgValues.parseText(JSONB, input);
        assertThat(Jsonb.toText(v)).isEqualTo(expected);
        // and through the IR: (j)::text = '<expected>'
        Expr cast = new Expr.Cast(col("j", JSONB), TEXT);
        assertThat(eval(cmp(CompareOp.EQ, cast, litValue(TEXT, expected)), row("j", input))).isEqualTo(TriBool.TRUE);
    }

    @Test
    void castOfNullJsonbIsNullAndJsonNullIsTheTextNull() {
        Expr cast = new Expr.Cast(col("j", JSONB), TEXT);
        assertThat(eval(cmp(CompareOp.EQ, cast, litValue(TEXT, "null")), row("j", null))).isEqualTo(TriBool.UNKNOWN);
        assertThat(eval(cmp(CompareOp.EQ, cast, litValue(TEXT, "null")), row("j", "null"))).isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.LIKE, cast, litValue(TEXT, "{\"a\": %")), row("j", "{\"a\":1}")))
                .isEqualTo(TriBool.TRUE);
    }
}

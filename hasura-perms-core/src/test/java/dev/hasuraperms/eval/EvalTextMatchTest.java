package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.BPCHAR;
import static dev.hasuraperms.eval.EvalSupport.CITEXT;
import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.eval;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.nul;
import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.types.PgType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** LIKE, ILIKE, SIMILAR TO and POSIX regular expressions, with their negations. */
class EvalTextMatchTest {

    private static TriBool match(CompareOp op, PgType type, String value, String pattern) {
        return eval(cmp(op, col("s", type), litValue(type, pattern)), row("s", value));
    }

    static Stream<Arguments> like() {
        return Stream.of(
                // value, pattern, LIKE, ILIKE
                Arguments.of("abc", "abc", true, true),
                Arguments.of("abc", "a%", true, true),
                Arguments.of("abc", "_b_", true, true),
                Arguments.of("abc", "c", false, false),
                Arguments.of("abc", "%", true, true),
                Arguments.of("", "%", true, true),
                Arguments.of("", "_", false, false),
                Arguments.of("ABC", "abc", false, true),
                Arguments.of("a%c", "a\\%c", true, true),
                Arguments.of("abc", "a\\%c", false, false),
                Arguments.of("a_c", "a\\_c", true, true),
                Arguments.of("a\\c", "a\\\\c", true, true),
                Arguments.of("abc", "\\a\\b\\c", true, true),
                Arguments.of("mississippi", "%iss%ppi", true, true),
                Arguments.of("mississippi", "m%s%s%s%i", true, true),
                Arguments.of("mississippi", "m%s%s%s%s%s%i", false, false),
                Arguments.of("line1\nline2", "line1%", true, true),
                // one character, even outside the BMP
                Arguments.of("\ud83d\ude00", "_", true, true),
                // ILIKE folds only A-Z in the C locale
                Arguments.of("\u00c9T\u00c9", "\u00e9t\u00e9", false, false),
                Arguments.of("\u00c9T\u00c9", "\u00c9t\u00c9", false, true));
    }

    @ParameterizedTest(name = "{0} LIKE {1}")
    @MethodSource("like")
    void likeAndIlike(String value, String pattern, boolean like, boolean ilike) {
        assertThat(match(CompareOp.LIKE, TEXT, value, pattern)).isEqualTo(TriBool.of(like));
        assertThat(match(CompareOp.NLIKE, TEXT, value, pattern)).isEqualTo(TriBool.of(!like));
        assertThat(match(CompareOp.ILIKE, TEXT, value, pattern)).isEqualTo(TriBool.of(ilike));
        assertThat(match(CompareOp.NILIKE, TEXT, value, pattern)).isEqualTo(TriBool.of(!ilike));
    }

    @Test
    void patternOperatorsWithNullAreUnknown() {
        for (CompareOp op : new CompareOp[] {CompareOp.LIKE, CompareOp.NLIKE, CompareOp.ILIKE, CompareOp.NILIKE,
                CompareOp.SIMILAR, CompareOp.NSIMILAR, CompareOp.REGEX, CompareOp.NREGEX, CompareOp.IREGEX,
                CompareOp.NIREGEX}) {
            assertThat(eval(cmp(op, col("s", TEXT), litValue(TEXT, "a")), row("s", null))).as(op.name())
                    .isEqualTo(TriBool.UNKNOWN);
            assertThat(eval(cmp(op, col("s", TEXT), nul(TEXT)), row("s", "a"))).as(op.name()).isEqualTo(TriBool.UNKNOWN);
        }
    }

    @Test
    void aLikePatternEndingInTheEscapeIsAnErrorAsInPostgres() {
        assertThatThrownBy(() -> match(CompareOp.LIKE, TEXT, "50", "50\\"))
                .isInstanceOf(EvaluationException.class)
                .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.EVALUATION_ERROR))
                .hasMessageContaining("LIKE pattern must not end with escape character");
    }

    @Test
    void citextPatternsAreCaseInsensitiveAndBpcharValuesKeepTheirPadding() {
        assertThat(match(CompareOp.LIKE, CITEXT, "Hello", "hello")).isEqualTo(TriBool.TRUE);
        assertThat(match(CompareOp.REGEX, CITEXT, "Hello", "^HEL")).isEqualTo(TriBool.TRUE);
        assertThat(match(CompareOp.SIMILAR, CITEXT, "Hello", "h%")).isEqualTo(TriBool.TRUE);
        // char(5) 'ab' is stored as 'ab   '; LIKE sees the padding, the bpchar pattern loses its trailing spaces
        assertThat(match(CompareOp.LIKE, BPCHAR, "ab   ", "ab")).isEqualTo(TriBool.FALSE);
        assertThat(match(CompareOp.LIKE, BPCHAR, "ab   ", "ab%")).isEqualTo(TriBool.TRUE);
        assertThat(match(CompareOp.LIKE, BPCHAR, "ab   ", "ab   ")).isEqualTo(TriBool.FALSE);
    }

    static Stream<Arguments> similar() {
        return Stream.of(
                // examples from the PostgreSQL documentation
                Arguments.of("abc", "abc", true),
                Arguments.of("abc", "a", false),
                Arguments.of("abc", "%(b|d)%", true),
                Arguments.of("abc", "(b|c)%", false),
                Arguments.of("-abc-", "%\\mabc\\M%", true),
                Arguments.of("xabcy", "%\\mabc\\M%", false),
                // the translation escapes regex specials that SIMILAR TO takes literally
                Arguments.of("a.c", "a.c", true),
                Arguments.of("abc", "a.c", false),
                Arguments.of("a$", "a$", true),
                Arguments.of("^a", "^a", true),
                Arguments.of("ab", "a_", true),
                Arguments.of("aaa", "a+", true),
                Arguments.of("aaa", "a{2}", false),
                Arguments.of("aa", "a{2}", true),
                Arguments.of("ab", "[a-c]*", true),
                Arguments.of("]", "[]]", true),
                Arguments.of("x", "[^]]", true),
                Arguments.of("a%", "a\\%", true),
                Arguments.of("ab", "a\\%", false),
                Arguments.of("a\nb", "a%b", true),
                Arguments.of("ab", "a\\\"b", true));
    }

    @ParameterizedTest(name = "{0} SIMILAR TO {1}")
    @MethodSource("similar")
    void similarTo(String value, String pattern, boolean expected) {
        assertThat(match(CompareOp.SIMILAR, TEXT, value, pattern)).isEqualTo(TriBool.of(expected));
        assertThat(match(CompareOp.NSIMILAR, TEXT, value, pattern)).isEqualTo(TriBool.of(!expected));
    }

    @Test
    void similarToTranslationIsPostgresOwn() {
        assertThat(dev.hasuraperms.types.PgRegex.similarToRegex("a.%_(b|c)")).isEqualTo("^(?:a\\..*.(?:b|c))$");
        assertThat(dev.hasuraperms.types.PgRegex.similarToRegex("[]%]x")).isEqualTo("^(?:[]%]x)$");
        assertThat(dev.hasuraperms.types.PgRegex.similarToRegex("a\\\"b\\\"c")).isEqualTo("^(?:a){1,1}?(b){1,1}(?:c)$");
        assertThatThrownBy(() -> dev.hasuraperms.types.PgRegex.similarToRegex("\\\"a\\\"b\\\"c\\\""))
                .hasMessageContaining("more than two escape-double-quote separators");
    }

    static Stream<Arguments> regex() {
        return Stream.of(
                // value, pattern, ~, ~*
                Arguments.of("abc", "abc", true, true),
                Arguments.of("abc", "^a", true, true),
                Arguments.of("abc", "(b|d)", true, true),
                Arguments.of("abc", "^(b|c)", false, false),
                Arguments.of("ABC", "abc", false, true),
                Arguments.of("thomas", ".*thom.*", true, true),
                Arguments.of("thomas", "^.*Thom.*$", false, true),
                // . matches a newline and $ is only the very end of the string
                Arguments.of("a\nb", "a.b", true, true),
                Arguments.of("a\n", "a$", false, false),
                Arguments.of("ab\n", "b\\Z", false, false),
                // \b is backspace in PostgreSQL, \y the word boundary; \m and \M start and end of a word
                Arguments.of("a\bb", "a\\bb", true, true),
                Arguments.of("ab", "a\\bb", false, false),
                Arguments.of("foo bar", "\\yba", true, true),
                Arguments.of("foobar", "\\yba", false, false),
                Arguments.of("foobar", "\\Yba", true, true),
                Arguments.of("foo bar", "\\mbar\\M", true, true),
                Arguments.of("\u00e9\u00e9", "\\w", false, false),
                Arguments.of("a1", "[[:digit:]]", true, true),
                Arguments.of("AB", "^[[:lower:]]+$", false, true),
                Arguments.of("x]y", "[]]", true, true),
                Arguments.of("xy", "[a-]", false, false),
                Arguments.of("x-y", "[a-]", true, true),
                Arguments.of("x-y", "[x-]y", true, true),
                Arguments.of("[", "[[]", true, true),
                Arguments.of("a&&b", "a[&]&b", true, true),
                Arguments.of("a{b", "a{b", true, true),
                Arguments.of("aaa", "^a{2,3}$", true, true),
                Arguments.of("aaaa", "^a{2,3}$", false, false),
                Arguments.of("aaa", "a+?", true, true),
                Arguments.of("tab\there", "\\t", true, true),
                Arguments.of("\u0041", "\\u0041", true, true),
                Arguments.of("A", "\\x41", true, true),
                Arguments.of("a.b", "***=a.b", true, true),
                Arguments.of("axb", "***=a.b", false, false),
                Arguments.of("ABC", "(?i)abc", true, true),
                Arguments.of("ABC", "(?c)abc", false, false),
                Arguments.of("abc", "***:b", true, true),
                Arguments.of("abc", "a(?=b)", true, true),
                Arguments.of("abc", "a(?!b)", false, false),
                Arguments.of("abc", "(?<=a)b", true, true),
                Arguments.of("abc", "a(?#comment)bc", true, true),
                Arguments.of("", "", true, true),
                Arguments.of("abc", "a|", true, true));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @MethodSource("regex")
    void posixRegularExpressions(String value, String pattern, boolean sensitive, boolean insensitive) {
        assertThat(match(CompareOp.REGEX, TEXT, value, pattern)).isEqualTo(TriBool.of(sensitive));
        assertThat(match(CompareOp.NREGEX, TEXT, value, pattern)).isEqualTo(TriBool.of(!sensitive));
        assertThat(match(CompareOp.IREGEX, TEXT, value, pattern)).isEqualTo(TriBool.of(insensitive));
        assertThat(match(CompareOp.NIREGEX, TEXT, value, pattern)).isEqualTo(TriBool.of(!insensitive));
    }

    static Stream<Arguments> refusedRegex() {
        return Stream.of(
                Arguments.of("(a)\\1"), Arguments.of("[[.a.]]"), Arguments.of("[[=a=]]"), Arguments.of("(?x)a b"),
                Arguments.of("(?n)a"), Arguments.of("(?<name>a)"), Arguments.of("[\\W]"));
    }

    @ParameterizedTest
    @MethodSource("refusedRegex")
    void constructsThatCannotBeMappedSafelyAreRefusedBeforeAnyRowIsRead(String pattern) {
        Predicate p = cmp(CompareOp.REGEX, col("s", TEXT), litValue(TEXT, pattern));
        assertThatThrownBy(() -> EvalSupport.EV.checkSupported(p)).isInstanceOf(UnsupportedInMemoryException.class);
        assertThatThrownBy(() -> eval(p, row())).isInstanceOf(UnsupportedInMemoryException.class);
    }

    static Stream<Arguments> invalidRegex() {
        return Stream.of(Arguments.of("a\\"), Arguments.of("(a"), Arguments.of("a)"), Arguments.of("*a"),
                Arguments.of("a**"), Arguments.of("[a"), Arguments.of("a{3,2}"), Arguments.of("a{256}"),
                Arguments.of("[z-a]"), Arguments.of("\\q"), Arguments.of("[[:nope:]]"));
    }

    @ParameterizedTest
    @MethodSource("invalidRegex")
    void invalidRegularExpressionsAreErrorsWhenEvaluated(String pattern) {
        Predicate p = cmp(CompareOp.REGEX, col("s", TEXT), litValue(TEXT, pattern));
        EvalSupport.EV.checkSupported(p);
        assertThatThrownBy(() -> eval(p, row("s", "a")))
                .isInstanceOf(EvaluationException.class)
                .isNotInstanceOf(UnsupportedInMemoryException.class)
                .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.EVALUATION_ERROR));
        // A NULL value short-circuits the operator, as in PostgreSQL.
        assertThat(eval(p, row("s", null))).isEqualTo(TriBool.UNKNOWN);
    }

    @Test
    void aPatternFromASessionVariableIsTranslatedWhenEvaluated() {
        Predicate p = cmp(CompareOp.REGEX, col("s", TEXT), EvalSupport.sv("x-hasura-pattern", TEXT));
        Evaluation e = EvalSupport.EV.evaluate(p, row("s", "hello"), EvalSupport.session(java.util.Map.of(
                "x-hasura-pattern", "^h.*o$")));
        assertThat(e.result()).isEqualTo(TriBool.TRUE);
    }
}

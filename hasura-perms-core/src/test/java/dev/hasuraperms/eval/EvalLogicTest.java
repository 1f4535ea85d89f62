package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.INT4;
import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.and;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.eval;
import static dev.hasuraperms.eval.EvalSupport.isNotNull;
import static dev.hasuraperms.eval.EvalSupport.isNull;
import static dev.hasuraperms.eval.EvalSupport.lit;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.not;
import static dev.hasuraperms.eval.EvalSupport.nul;
import static dev.hasuraperms.eval.EvalSupport.or;
import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.types.SqlNull;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Three-valued logic: connectives, constants, comparisons with NULL, IS NULL and IN. */
class EvalLogicTest {

    private static final TriBool T = TriBool.TRUE;
    private static final TriBool F = TriBool.FALSE;
    private static final TriBool U = TriBool.UNKNOWN;

    private static Predicate c(TriBool v) {
        return new Predicate.Const(v);
    }

    static Stream<Arguments> truthTables() {
        return Stream.of(
                // a, b, a AND b, a OR b
                Arguments.of(T, T, T, T), Arguments.of(T, F, F, T), Arguments.of(T, U, U, T),
                Arguments.of(F, T, F, T), Arguments.of(F, F, F, F), Arguments.of(F, U, F, U),
                Arguments.of(U, T, U, T), Arguments.of(U, F, F, U), Arguments.of(U, U, U, U));
    }

    @ParameterizedTest
    @MethodSource("truthTables")
    void andOrFollowSqlThreeValuedLogic(TriBool a, TriBool b, TriBool andResult, TriBool orResult) {
        assertThat(eval(and(c(a), c(b)), row())).isEqualTo(andResult);
        assertThat(eval(or(c(a), c(b)), row())).isEqualTo(orResult);
    }

    @Test
    void notOfUnknownIsUnknownAndEmptyConnectivesAreTheirUnits() {
        assertThat(eval(not(c(U)), row())).isEqualTo(U);
        assertThat(eval(not(c(T)), row())).isEqualTo(F);
        assertThat(eval(new Predicate.And(List.of()), row())).isEqualTo(T);
        assertThat(eval(new Predicate.Or(List.of()), row())).isEqualTo(F);
        assertThat(eval(not(new Predicate.And(List.of())), row())).isEqualTo(F);
    }

    static Stream<Arguments> comparisonsWithNull() {
        return Arrays.stream(new CompareOp[] {CompareOp.EQ, CompareOp.NEQ, CompareOp.GT, CompareOp.LT, CompareOp.GTE,
                CompareOp.LTE}).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("comparisonsWithNull")
    void everyComparisonWithANullSideIsUnknownAndSoIsItsNegation(CompareOp op) {
        Predicate left = cmp(op, col("score", INT4), lit(INT4, "5"));
        assertThat(eval(left, row("score", null))).isEqualTo(U);
        assertThat(eval(not(left), row("score", null))).isEqualTo(U);
        assertThat(eval(cmp(op, col("score", INT4), nul(INT4)), row("score", 5))).isEqualTo(U);
        assertThat(eval(cmp(op, nul(INT4), nul(INT4)), row())).isEqualTo(U);
    }

    static Stream<Arguments> integerComparisons() {
        return Stream.of(
                Arguments.of(CompareOp.EQ, 5, 5, T), Arguments.of(CompareOp.EQ, 5, 6, F),
                Arguments.of(CompareOp.NEQ, 5, 5, F), Arguments.of(CompareOp.NEQ, 5, 6, T),
                Arguments.of(CompareOp.GT, 6, 5, T), Arguments.of(CompareOp.GT, 5, 5, F),
                Arguments.of(CompareOp.LT, 4, 5, T), Arguments.of(CompareOp.LT, 5, 5, F),
                Arguments.of(CompareOp.GTE, 5, 5, T), Arguments.of(CompareOp.GTE, 4, 5, F),
                Arguments.of(CompareOp.LTE, 5, 5, T), Arguments.of(CompareOp.LTE, 6, 5, F));
    }

    @ParameterizedTest
    @MethodSource("integerComparisons")
    void comparisonsOfValues(CompareOp op, int left, int right, TriBool expected) {
        assertThat(eval(cmp(op, col("a", INT4), litValue(INT4, right)), row("a", left))).isEqualTo(expected);
    }

    @Test
    void notOverANullComparisonDoesNotAcceptTheRow() {
        // {"_not": {"score": {"_gt": 5}}} does not return rows whose score is NULL.
        Predicate p = not(cmp(CompareOp.GT, col("score", INT4), lit(INT4, "5")));
        assertThat(eval(p, row("score", null))).isEqualTo(U);
        assertThat(EvalSupport.EV.evaluate(p, row("score", null), SessionValueSource.none()).accepted()).isFalse();
        assertThat(eval(p, row("score", 3))).isEqualTo(T);
    }

    @Test
    void isNullIsNeverUnknown() {
        assertThat(eval(isNull(col("a", INT4)), row("a", null))).isEqualTo(T);
        assertThat(eval(isNull(col("a", INT4)), row("a", 1))).isEqualTo(F);
        assertThat(eval(isNotNull(col("a", INT4)), row("a", null))).isEqualTo(F);
        assertThat(eval(isNotNull(col("a", INT4)), row("a", SqlNull.INSTANCE))).isEqualTo(F);
        assertThat(eval(isNotNull(col("a", INT4)), row("a", 0))).isEqualTo(T);
    }

    @Test
    void hasurasEqNullShapeActsAsIsNullAndItsNegationAsIsNotNull() {
        // FilterCompiler: {"c": {"_eq": null}} on a nullable column is (c = NULL) OR (c IS NULL).
        Predicate eqNull = or(new Predicate.Const(U), isNull(col("c", TEXT)));
        assertThat(eval(eqNull, row("c", null))).isEqualTo(T);
        assertThat(eval(eqNull, row("c", "x"))).isEqualTo(U);
        assertThat(eval(not(eqNull), row("c", null))).isEqualTo(F);
        assertThat(eval(not(eqNull), row("c", "x"))).isEqualTo(U);
        // _neq: null is (c = NULL) OR (c IS NOT NULL)
        Predicate neqNull = or(new Predicate.Const(U), isNotNull(col("c", TEXT)));
        assertThat(eval(neqNull, row("c", "x"))).isEqualTo(T);
        assertThat(eval(neqNull, row("c", null))).isEqualTo(U);
    }

    static Stream<Arguments> inCases() {
        return Stream.of(
                // left, array, = ANY, NOT (= ANY)
                Arguments.of(1, "{1,2}", T, F),
                Arguments.of(3, "{1,2}", F, T),
                Arguments.of(3, "{1,NULL}", U, U),
                Arguments.of(1, "{1,NULL}", T, F),
                Arguments.of(null, "{1,2}", U, U),
                Arguments.of(null, "{}", F, T),
                Arguments.of(1, "{}", F, T),
                Arguments.of(null, "{NULL}", U, U),
                Arguments.of(2, "{{1,2},{3,4}}", T, F));
    }

    @ParameterizedTest
    @MethodSource("inCases")
    void inFollowsEqualsAny(Integer left, String array, TriBool in, TriBool notIn) {
        Predicate p = cmp(CompareOp.IN, col("a", INT4), lit(INT4.arrayOf(), array));
        assertThat(eval(p, row("a", left))).isEqualTo(in);
        assertThat(eval(not(p), row("a", left))).isEqualTo(notIn);
    }

    /** Every operator with a sample of its operand types: (op, left type, left text, right type, right text). */
    static Stream<Arguments> everyOperator() {
        dev.hasuraperms.types.PgType jsonb = EvalSupport.JSONB;
        dev.hasuraperms.types.PgType ltree = EvalSupport.LTREE;
        return Stream.of(
                Arguments.of(CompareOp.EQ, INT4, "1", INT4, "1"), Arguments.of(CompareOp.NEQ, INT4, "1", INT4, "2"),
                Arguments.of(CompareOp.GT, INT4, "2", INT4, "1"), Arguments.of(CompareOp.LT, INT4, "1", INT4, "2"),
                Arguments.of(CompareOp.GTE, INT4, "1", INT4, "1"), Arguments.of(CompareOp.LTE, INT4, "1", INT4, "1"),
                Arguments.of(CompareOp.IN, INT4, "1", INT4.arrayOf(), "{1}"),
                Arguments.of(CompareOp.LIKE, TEXT, "ab", TEXT, "a%"), Arguments.of(CompareOp.NLIKE, TEXT, "ab", TEXT, "b%"),
                Arguments.of(CompareOp.ILIKE, TEXT, "AB", TEXT, "a%"), Arguments.of(CompareOp.NILIKE, TEXT, "ab", TEXT, "b%"),
                Arguments.of(CompareOp.SIMILAR, TEXT, "ab", TEXT, "a_"), Arguments.of(CompareOp.NSIMILAR, TEXT, "ab", TEXT, "b"),
                Arguments.of(CompareOp.REGEX, TEXT, "ab", TEXT, "^a"), Arguments.of(CompareOp.NREGEX, TEXT, "ab", TEXT, "^b"),
                Arguments.of(CompareOp.IREGEX, TEXT, "AB", TEXT, "^a"), Arguments.of(CompareOp.NIREGEX, TEXT, "ab", TEXT, "^b"),
                Arguments.of(CompareOp.CONTAINS, jsonb, "[1, 2]", jsonb, "[1]"),
                Arguments.of(CompareOp.CONTAINED_IN, jsonb, "[1]", jsonb, "[1, 2]"),
                Arguments.of(CompareOp.CONTAINS, INT4.arrayOf(), "{1,2}", INT4.arrayOf(), "{2}"),
                Arguments.of(CompareOp.HAS_KEY, jsonb, "{\"a\": 1}", TEXT, "a"),
                Arguments.of(CompareOp.HAS_KEYS_ANY, jsonb, "{\"a\": 1}", TEXT.arrayOf(), "{a,b}"),
                Arguments.of(CompareOp.HAS_KEYS_ALL, jsonb, "{\"a\": 1}", TEXT.arrayOf(), "{a}"),
                Arguments.of(CompareOp.ANCESTOR, ltree, "a", ltree, "a.b"),
                Arguments.of(CompareOp.DESCENDANT, ltree, "a.b", ltree, "a"),
                Arguments.of(CompareOp.ANCESTOR, ltree, "a", ltree.arrayOf(), "{a.b}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyOperator")
    void everyOperatorIsTrueOnItsSampleAndUnknownWithANullSide(CompareOp op, dev.hasuraperms.types.PgType lt, String l,
                                                               dev.hasuraperms.types.PgType rt, String r) {
        assertThat(eval(cmp(op, lit(lt, l), lit(rt, r)), row())).isEqualTo(T);
        assertThat(eval(not(cmp(op, lit(lt, l), lit(rt, r))), row())).isEqualTo(F);
        assertThat(eval(cmp(op, nul(lt), lit(rt, r)), row())).isEqualTo(U);
        assertThat(eval(cmp(op, lit(lt, l), nul(rt)), row())).isEqualTo(U);
        assertThat(eval(not(cmp(op, nul(lt), nul(rt))), row())).isEqualTo(U);
    }

    @Test
    void inWithANullArrayIsUnknown() {
        Predicate p = cmp(CompareOp.IN, col("a", INT4), nul(INT4.arrayOf()));
        assertThat(eval(p, row("a", 1))).isEqualTo(U);
    }

    @Test
    void andStopsAtTheFirstFalseAndOrAtTheFirstTrue() {
        Evaluation e = EvalSupport.EV.evaluate(and(c(T), c(F), c(U), c(T)), row(), SessionValueSource.none());
        assertThat(e.result()).isEqualTo(F);
        assertThat(e.explanation().children()).hasSize(2);
        assertThat(e.explanation().notEvaluated()).isEqualTo(2);
        Evaluation o = EvalSupport.EV.evaluate(or(c(U), c(T), c(F)), row(), SessionValueSource.none());
        assertThat(o.result()).isEqualTo(T);
        assertThat(o.explanation().notEvaluated()).isEqualTo(1);
    }
}

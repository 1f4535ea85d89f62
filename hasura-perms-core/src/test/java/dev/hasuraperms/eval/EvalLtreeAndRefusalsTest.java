package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.INET;
import static dev.hasuraperms.eval.EvalSupport.INT4;
import static dev.hasuraperms.eval.EvalSupport.JSONB;
import static dev.hasuraperms.eval.EvalSupport.LQUERY;
import static dev.hasuraperms.eval.EvalSupport.LTREE;
import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.eval;
import static dev.hasuraperms.eval.EvalSupport.lit;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.or;
import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ltree ancestry and array containment, and what the evaluator refuses. */
class EvalLtreeAndRefusalsTest {

    static Stream<Arguments> ancestry() {
        return Stream.of(
                // left, right, left @> right (ancestor or equal)
                Arguments.of("Top.Science", "Top.Science.Astronomy", true),
                Arguments.of("Top.Science", "Top.Science", true),
                Arguments.of("Top.Science.Astronomy", "Top.Science", false),
                Arguments.of("Top.Sci", "Top.Science", false),
                Arguments.of("", "Top", true),
                Arguments.of("top", "Top", false));
    }

    @ParameterizedTest(name = "{0} @> {1}")
    @MethodSource("ancestry")
    void ancestorAndDescendant(String left, String right, boolean ancestor) {
        assertThat(eval(cmp(CompareOp.ANCESTOR, col("p", LTREE), lit(LTREE, right)), row("p", left)))
                .isEqualTo(TriBool.of(ancestor));
        assertThat(eval(cmp(CompareOp.DESCENDANT, col("p", LTREE), lit(LTREE, left)), row("p", right)))
                .isEqualTo(TriBool.of(ancestor));
    }

    @Test
    void ltreeArraysMatchAnyElementAndRefuseNulls() {
        PgType arr = LTREE.arrayOf();
        assertThat(eval(cmp(CompareOp.ANCESTOR, col("p", LTREE), lit(arr, "{a.x,b.c.d}")), row("p", "b.c"))).isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.ANCESTOR, col("p", LTREE), lit(arr, "{a.x,b}")), row("p", "b.c"))).isEqualTo(TriBool.FALSE);
        assertThat(eval(cmp(CompareOp.DESCENDANT, col("p", LTREE), lit(arr, "{a.x,b}")), row("p", "b.c"))).isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.DESCENDANT, col("p", LTREE), lit(arr, "{}")), row("p", "b.c"))).isEqualTo(TriBool.FALSE);
        assertThat(eval(cmp(CompareOp.DESCENDANT, col("p", LTREE), lit(arr, "{a}")), row("p", null))).isEqualTo(TriBool.UNKNOWN);
        assertThatThrownBy(() -> eval(cmp(CompareOp.DESCENDANT, col("p", LTREE), lit(arr, "{a,NULL}")), row("p", "a")))
                .isInstanceOf(EvaluationException.class)
                .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.EVALUATION_ERROR));
    }

    static Stream<Arguments> arrayContainment() {
        return Stream.of(
                // left, right, left @> right
                Arguments.of("{1,2,3}", "{3,1}", true),
                Arguments.of("{1,2,3}", "{1,1,1}", true),
                Arguments.of("{1,2}", "{}", true),
                Arguments.of("{}", "{}", true),
                Arguments.of("{}", "{1}", false),
                Arguments.of("{1,NULL}", "{NULL}", false),
                Arguments.of("{1,NULL}", "{1}", true),
                Arguments.of("{{1,2},{3,4}}", "{4,1}", true),
                Arguments.of("{1,2}", "{{1},{2}}", true));
    }

    @ParameterizedTest(name = "{0} @> {1}")
    @MethodSource("arrayContainment")
    void arraysContainAsSetsWhereNullsNeverMatch(String left, String right, boolean contains) {
        PgType arr = INT4.arrayOf();
        assertThat(eval(cmp(CompareOp.CONTAINS, col("a", arr), lit(arr, right)), row("a", left))).isEqualTo(TriBool.of(contains));
        assertThat(eval(cmp(CompareOp.CONTAINED_IN, lit(arr, right), col("a", arr)), row("a", left)))
                .isEqualTo(TriBool.of(contains));
    }

    @Test
    void arrayEqualityTreatsNullElementsAsEqual() {
        PgType arr = INT4.arrayOf();
        assertThat(eval(cmp(CompareOp.EQ, col("a", arr), lit(arr, "{1,NULL}")), row("a", "{1,NULL}"))).isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.EQ, col("a", arr), lit(arr, "{1,NULL}")), row("a", "{1,2}"))).isEqualTo(TriBool.FALSE);
    }

    @Test
    void lqueryAndLtxtqueryAreRefusedBeforeAnyRowIsRead() {
        for (CompareOp op : new CompareOp[] {CompareOp.MATCHES, CompareOp.MATCHES_ANY, CompareOp.MATCHES_FULLTEXT}) {
            Predicate p = cmp(op, col("p", LTREE), litValue(op == CompareOp.MATCHES_ANY ? LQUERY.arrayOf() : LQUERY,
                    op == CompareOp.MATCHES_ANY ? java.util.List.of("*.a") : "*.a"));
            assertThatThrownBy(() -> eval(p, row()))
                    .isInstanceOf(UnsupportedInMemoryException.class)
                    .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.UNSUPPORTED_IN_MEMORY));
        }
        Predicate matches = cmp(CompareOp.MATCHES, col("p", LTREE), litValue(LQUERY, "*.science.*"));
        assertThatThrownBy(() -> eval(matches, row()))
                .hasMessage("the ltree operator ~ (matches, with lquery or ltxtquery) is unsupported in memory");
    }

    @Test
    void refusalsDoNotDependOnTheData() {
        // an unsupported operand under an OR that a TRUE first operand would short-circuit is refused anyway
        Predicate p = or(Predicate.Const.TRUE, cmp(CompareOp.EQ, col("ip", INET), litValue(INET, "10.0.0.1")));
        assertThatThrownBy(() -> eval(p, row())).isInstanceOf(UnsupportedInMemoryException.class)
                .hasMessageContaining("inet");
        // casts other than jsonb to text
        Predicate cast = cmp(CompareOp.EQ, new Expr.Cast(col("a", INT4), TEXT), litValue(TEXT, "1"));
        assertThatThrownBy(() -> eval(cast, row("a", 1))).isInstanceOf(UnsupportedInMemoryException.class)
                .hasMessageContaining("cast from integer to text");
        // a function inside a redaction condition, without a resolver
        Expr redacted = new Expr.Redacted(cmp(CompareOp.EQ, new Expr.Call(QualifiedName.of("f"), java.util.List.of(), INT4),
                litValue(INT4, 1)), col("a", INT4));
        assertThatThrownBy(() -> eval(new Predicate.IsNull(redacted, false), row("a", 1)))
                .isInstanceOf(UnsupportedInMemoryException.class);
        // json (not jsonb) has no equality
        Predicate json = cmp(CompareOp.EQ, col("j", PgType.builtin("json")), litValue(PgType.builtin("json"),
                dev.hasuraperms.json.JsonNull.INSTANCE));
        assertThatThrownBy(() -> eval(json, row())).isInstanceOf(UnsupportedInMemoryException.class);
        // an exists-less predicate over a jsonb column is fine
        assertThat(eval(cmp(CompareOp.EQ, col("j", JSONB), lit(JSONB, "{}")), row("j", "{}"))).isEqualTo(TriBool.TRUE);
    }
}

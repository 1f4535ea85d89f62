package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.BOOL;
import static dev.hasuraperms.eval.EvalSupport.INT4;
import static dev.hasuraperms.eval.EvalSupport.INT8;
import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.and;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.lit;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.not;
import static dev.hasuraperms.eval.EvalSupport.or;
import static dev.hasuraperms.eval.EvalSupport.row;
import static dev.hasuraperms.eval.EvalSupport.sv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Explanations: which sub-expression decided, with the values compared. */
class EvalExplanationTest {

    private static final QualifiedName EVENTS = QualifiedName.of("events");
    private static final QualifiedName MEMBERS = QualifiedName.of("members");

    @Test
    void comparisonsShowBothValuesAndTheDecidingOperand() {
        Predicate p = and(cmp(CompareOp.EQ, col("user_id", INT4), sv("x-hasura-user-id", INT4)),
                cmp(CompareOp.EQ, col("kind", TEXT), litValue(TEXT, "it's")));
        Evaluation e = EvalSupport.EV.evaluate(p, EVENTS, row("user_id", 3, "kind", "x"),
                EvalSupport.session(Map.of("x-hasura-user-id", 2)));
        assertThat(e.result()).isEqualTo(TriBool.FALSE);
        assertThat(e.explanation().render()).isEqualTo(String.join("\n",
                "FALSE   AND (1 more operand not evaluated)",
                "  FALSE   public.events.user_id (3) = x-hasura-user-id (2)"));
        Explanation cmp = e.explanation().children().get(0);
        assertThat(cmp.kind()).isEqualTo(Explanation.Kind.COMPARISON);
        assertThat(cmp.operator()).contains(CompareOp.EQ);
        assertThat(cmp.left().orElseThrow().value()).isEqualTo(3);
        assertThat(cmp.left().orElseThrow().type()).isEqualTo(INT4);
        assertThat(cmp.right().orElseThrow().expression()).isEqualTo("x-hasura-user-id");
    }

    @Test
    void nullsLiteralsArraysAndNegationsRender() {
        Predicate p = or(not(cmp(CompareOp.GT, col("score", INT4), lit(INT4, "5"))),
                cmp(CompareOp.IN, col("tag", TEXT), lit(TEXT.arrayOf(), "{a,\"b c\",NULL}")),
                new Predicate.IsNull(col("score", INT4), true));
        Evaluation e = EvalSupport.EV.evaluate(p, row("score", null, "tag", "z"), SessionValueSource.none());
        assertThat(e.result()).isEqualTo(TriBool.UNKNOWN);
        assertThat(e.explanation().render()).isEqualTo(String.join("\n",
                "UNKNOWN OR",
                "  UNKNOWN NOT",
                "    UNKNOWN score (NULL) > 5",
                "  UNKNOWN tag ('z') = ANY '{a,\"b c\",NULL}'",
                "  FALSE   score (NULL) IS NOT NULL"));
    }

    @Test
    void existsSaysHowManyRowsWereExaminedAndWhichMatched() {
        Evaluator ev = Evaluator.builder().relations(RelationResolver.of(Map.of(MEMBERS, List.of(
                row("org_id", 1, "user_id", 7, "active", false),
                row("org_id", 2, "user_id", 8, "active", true),
                row("org_id", 1, "user_id", 9, "active", true))))).build();
        Predicate p = new Predicate.Exists(new Predicate.TableSource(MEMBERS), 1,
                List.of(new Predicate.JoinPair(col(1, "org_id", INT4), col(0, "org_id", INT4))),
                cmp(CompareOp.EQ, col(1, "active", BOOL), litValue(BOOL, true)));
        Evaluation e = ev.evaluate(p, EVENTS, row("org_id", 1), SessionValueSource.none());
        assertThat(e.result()).isEqualTo(TriBool.TRUE);
        assertThat(e.explanation().render()).isEqualTo(String.join("\n",
                "TRUE    EXISTS public.members: 3 rows examined, 2 joined, row 2 matched",
                "  TRUE    public.members.active (true) = true"));
        Evaluation none = ev.evaluate(p, EVENTS, row("org_id", 2), SessionValueSource.none());
        assertThat(none.explanation().render()).isEqualTo(String.join("\n",
                "TRUE    EXISTS public.members: 2 rows examined, 1 joined, row 1 matched",
                "  TRUE    public.members.active (true) = true"));
        Evaluation nobody = ev.evaluate(p, EVENTS, row("org_id", 3), SessionValueSource.none());
        assertThat(nobody.explanation().render()).isEqualTo(
                "FALSE   EXISTS public.members: 3 rows examined, 0 joined, none matched");
        Evaluation nullKey = ev.evaluate(p, EVENTS, row("org_id", null), SessionValueSource.none());
        assertThat(nullKey.explanation().render()).isEqualTo(
                "FALSE   EXISTS public.members: 0 rows examined, 0 joined, none matched (a join key is NULL)");
    }

    @Test
    void aggregatesShowTheirValue() {
        Evaluator ev = Evaluator.builder().relations(RelationResolver.of(Map.of(MEMBERS, List.of(
                row("org_id", 1, "user_id", 7), row("org_id", 1, "user_id", 8), row("org_id", 2, "user_id", 9))))).build();
        Predicate p = new Predicate.Aggregate(new Predicate.TableSource(MEMBERS), 1,
                List.of(new Predicate.JoinPair(col(1, "org_id", INT4), col(0, "org_id", INT4))), Predicate.Const.TRUE,
                "count", List.of(), false, 2, cmp(CompareOp.GT, new Expr.Column(2, "agg", INT8, true), lit(INT8, "2")));
        Evaluation e = ev.evaluate(p, row("org_id", 1), SessionValueSource.none());
        assertThat(e.result()).isEqualTo(TriBool.FALSE);
        assertThat(e.explanation().render()).isEqualTo(String.join("\n",
                "FALSE   count(*) over public.members = 2: 3 rows examined, 2 joined and filtered",
                "  FALSE   count(*) (2) > 2"));
        assertThat(e.explanation().rows().orElseThrow().aggregate().orElseThrow().value()).isEqualTo(2L);
    }

    @Test
    void explanationsCanBeTurnedOff() {
        Evaluator ev = Evaluator.builder().explanations(false).build();
        Evaluation e = ev.evaluate(cmp(CompareOp.EQ, col("a", INT4), lit(INT4, "1")), row("a", 1), SessionValueSource.none());
        assertThat(e.result()).isEqualTo(TriBool.TRUE);
        assertThat(e.explanation().kind()).isEqualTo(Explanation.Kind.NOT_RECORDED);
        assertThat(e.explanation().render()).isEqualTo("TRUE    (explanations are off)");
    }
}

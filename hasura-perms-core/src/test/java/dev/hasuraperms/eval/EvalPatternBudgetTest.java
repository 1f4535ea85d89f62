package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.eval;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.types.Patterns;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile patterns and values (issue 16): matching is bounded by a step budget, so a pattern that backtracks is
 * refused as UNSUPPORTED_IN_MEMORY instead of running for minutes. (The timeouts only guard against a hang.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EvalPatternBudgetTest {

    private static TriBool match(CompareOp op, String value, String pattern) {
        return eval(cmp(op, col("s", TEXT), litValue(TEXT, pattern)), row("s", value));
    }

    private static void assertRefused(CompareOp op, String value, String pattern) {
        assertThatThrownBy(() -> match(op, value, pattern))
                .isInstanceOf(UnsupportedInMemoryException.class)
                .satisfies(e -> assertThat(((UnsupportedInMemoryException) e).code())
                        .isEqualTo(DiagnosticCode.UNSUPPORTED_IN_MEMORY))
                .hasMessageContaining("steps");
    }

    @Test
    void aBacktrackingRegexIsRefusedInsteadOfRunning() {
        // Minutes on java.util.regex before the budget (7 s at 31 characters); PostgreSQL's automaton answers at once.
        String value = "a".repeat(60) + "!";
        assertRefused(CompareOp.REGEX, value, "(a{1,10}){1,10}$");
        assertRefused(CompareOp.IREGEX, value, "(a{1,10}){1,10}$");
        assertRefused(CompareOp.NREGEX, value, "(a{1,10}){1,10}$");
        assertRefused(CompareOp.NIREGEX, value, "(?:a{1,10}){1,10}$");
    }

    @Test
    void theSameRegexOnAShortValueIsStillEvaluated() {
        assertThat(match(CompareOp.REGEX, "a".repeat(61), "(a{1,10}){1,10}$")).isEqualTo(TriBool.TRUE);
        assertThat(match(CompareOp.REGEX, "a".repeat(8) + "!", "(a{1,10}){1,10}$")).isEqualTo(TriBool.FALSE);
    }

    @Test
    void aBacktrackingSimilarToIsRefused() {
        assertRefused(CompareOp.SIMILAR, "a".repeat(60) + "!", "(a{1,10}){1,10}");
        assertRefused(CompareOp.NSIMILAR, "a".repeat(60) + "!", "(a{1,10}){1,10}");
    }

    @Test
    void aQuadraticLikeIsRefusedOnALongValue() {
        String value = "a".repeat(100_000);
        assertRefused(CompareOp.LIKE, value, "%" + "a".repeat(1_000) + "b");
        // The same pattern on a short value, and a linear pattern on the long value, are evaluated.
        assertThat(match(CompareOp.LIKE, "a".repeat(1_500), "%" + "a".repeat(500) + "b")).isEqualTo(TriBool.FALSE);
        assertThat(match(CompareOp.LIKE, value, "%a%b")).isEqualTo(TriBool.FALSE);
        assertThat(match(CompareOp.LIKE, value + "b", "a%b")).isEqualTo(TriBool.TRUE);
    }

    @Test
    void linearMatchesOnLongValuesStayWithinTheBudget() {
        String value = "x".repeat(1_000_000) + "needle";
        assertThat(match(CompareOp.REGEX, value, "needle$")).isEqualTo(TriBool.TRUE);
        assertThat(match(CompareOp.REGEX, value, "^x+needle")).isEqualTo(TriBool.TRUE);
        assertThat(match(CompareOp.SIMILAR, value, "%needle")).isEqualTo(TriBool.TRUE);
    }

    @Test
    void theBudgetIsCountedNotTimed() {
        // The same input is refused every time: the budget depends on the text's length only.
        for (int i = 0; i < 3; i++) {
            assertRefused(CompareOp.REGEX, "a".repeat(60) + "!", "(a{1,10}){1,10}$");
        }
        assertThat(TextMatch.budget("")).isEqualTo(TextMatch.STEP_BUDGET);
        assertThat(TextMatch.budget("abc")).isEqualTo(TextMatch.STEP_BUDGET + 3 * TextMatch.STEPS_PER_CHARACTER);
    }

    @Test
    void aLongLiteralPatternCompilesInLinearTime() {
        // A literal prefix used to get java.util.regex's Boyer-Moore table, quadratic to build (16 s at 100,000).
        String literal = "a".repeat(Patterns.MAX_PATTERN_LENGTH);
        assertThat(match(CompareOp.REGEX, literal, literal)).isEqualTo(TriBool.TRUE);
        assertThat(match(CompareOp.REGEX, "b" + literal.substring(1), literal)).isEqualTo(TriBool.FALSE);
    }

    @Test
    void aPatternOverTheLengthLimitIsRefused() {
        String pattern = "a".repeat(Patterns.MAX_PATTERN_LENGTH + 1);
        Predicate p = cmp(CompareOp.REGEX, col("s", TEXT), litValue(TEXT, pattern));
        assertThatThrownBy(() -> eval(p, row("s", "a")))
                .isInstanceOf(UnsupportedInMemoryException.class)
                .hasMessageContaining("longer than the " + Patterns.MAX_PATTERN_LENGTH);
    }
}

package dev.hasuraperms.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Patterns are refused only where PostgreSQL would raise an error. */
class PatternsTest {

    @ParameterizedTest
    @ValueSource(strings = {"\\mword\\M", "\\yend\\y", "a{b", "[[:alpha:]]+", "(?:x)|y", "***=a(b", "^$", "a\\1"})
    void validPostgresRegexesAreAccepted(String re) {
        assertThatCode(() -> Patterns.validate(Patterns.Kind.REGEX, re)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a", "a)", "[ab", "*a", "a{2,1}", "a\\"})
    void invalidRegexesAreRefused(String re) {
        assertThatThrownBy(() -> Patterns.validate(Patterns.Kind.REGEX, re)).isInstanceOf(ValueParseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\", "%\\\\\\"})
    void likePatternsEndingWithTheEscapeAreRefused(String p) {
        assertThatThrownBy(() -> Patterns.validate(Patterns.Kind.LIKE, p)).hasMessageContaining("escape character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\\\", "%", "\\%", "_a\\_"})
    void otherLikePatternsAreAccepted(String p) {
        assertThatCode(() -> Patterns.validate(Patterns.Kind.LIKE, p)).doesNotThrowAnyException();
        assertThatCode(() -> Patterns.validate(Patterns.Kind.SIMILAR, "(a|b)%")).doesNotThrowAnyException();
    }

    /** Issue 16: a 100,000-character session value used as a regex took 20 s per bind (quadratic); now refused. */
    @ParameterizedTest
    @EnumSource(value = Patterns.Kind.class, names = {"REGEX", "SIMILAR"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void patternsOverTheLengthLimitAreRefused(Patterns.Kind kind) {
        for (String unit : new String[] {"a", "-", "(a)", "[ab]", "a*"}) {
            String p = unit.repeat(100_000 / unit.length());
            assertThatThrownBy(() -> Patterns.validate(kind, p)).isInstanceOf(ValueParseException.class)
                    .hasMessageContaining("longer than the " + Patterns.MAX_PATTERN_LENGTH);
        }
        String over = "a".repeat(Patterns.MAX_PATTERN_LENGTH + 1);
        assertThatThrownBy(() -> Patterns.validate(kind, over)).isInstanceOf(ValueParseException.class);
    }

    /** Up to the limit, validation is linear: every shape of pattern at the limit is checked (hang guard only). */
    @ParameterizedTest
    @EnumSource(value = Patterns.Kind.class, names = {"REGEX", "SIMILAR"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void patternsAtTheLengthLimitAreValidated(Patterns.Kind kind) {
        for (String unit : new String[] {"a", "-", "(a)", "[ab]", "a*", "\\w", "a|", "[[:alpha:]]"}) {
            String p = unit.repeat((Patterns.MAX_PATTERN_LENGTH - 1) / unit.length());
            if (p.endsWith("|")) {
                p = p + "b";
            }
            String pattern = p;
            assertThat(pattern.length()).isLessThanOrEqualTo(Patterns.MAX_PATTERN_LENGTH);
            assertThatCode(() -> Patterns.validate(kind, pattern)).as(unit).doesNotThrowAnyException();
        }
        // PostgreSQL's errors are still found at the end of a long pattern.
        String unbalanced = "a".repeat(Patterns.MAX_PATTERN_LENGTH - 1) + "(";
        assertThatThrownBy(() -> Patterns.validate(kind, unbalanced)).isInstanceOf(ValueParseException.class)
                .hasMessageContaining("not balanced");
    }

    @Test
    void likePatternsAreNotLimited() {
        assertThatCode(() -> Patterns.validate(Patterns.Kind.LIKE, "%a".repeat(100_000))).doesNotThrowAnyException();
    }
}

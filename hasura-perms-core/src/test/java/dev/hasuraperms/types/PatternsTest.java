package dev.hasuraperms.types;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
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
}

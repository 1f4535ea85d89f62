package dev.hasuraperms.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.types.PgType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java numbers of astronomical magnitude given for columns (issue 16): refused (EvaluationException, as any invalid value) without expanding their digits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileValuesEvalTest {

    @Test
    void hugeBigDecimalsAreOutOfRangeForIntegerColumns() {
        for (String n : new String[] {"1e100000000", "-1e999999999", "1e20"}) {
            assertThatThrownBy(() -> Values.normalise(new BigDecimal(n), PgType.builtin("int8"), "x")).as(n)
                    .isInstanceOf(EvaluationException.class).hasMessageContaining("out of range for type bigint")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(140));
        }
        assertThat(Values.normalise(new BigDecimal("4.2e1"), PgType.builtin("int4"), "x")).isEqualTo(42);
    }

    @Test
    void numericValuesAreCheckedAgainstNumericsRange() {
        PgType numeric = PgType.builtin("numeric");
        assertThatThrownBy(() -> Values.normalise(new BigDecimal("1e100000000"), numeric, "x"))
                .isInstanceOf(EvaluationException.class).hasMessageEndingWith("value overflows numeric format");
        assertThatThrownBy(() -> Values.normalise(new BigDecimal("1e-16384"), numeric, "x"))
                .isInstanceOf(EvaluationException.class).hasMessageEndingWith("value overflows numeric format");
        assertThatThrownBy(() -> Values.normalise(BigInteger.TEN.pow(131_072), numeric, "x"))
                .isInstanceOf(EvaluationException.class).hasMessageEndingWith("value overflows numeric format");
        assertThat(Values.normalise(new BigDecimal("1e-16383"), numeric, "x")).isEqualTo(new BigDecimal("1e-16383"));
    }
}

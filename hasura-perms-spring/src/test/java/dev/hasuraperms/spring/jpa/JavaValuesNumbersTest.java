package dev.hasuraperms.spring.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.ValueParseException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Huge numbers reaching an entity attribute are refused with the library's typed exception, never expanded. */
class JavaValuesNumbersTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // hang guard only
    void hugeExponentIsRefusedForEveryIntegralAttribute() {
        BigDecimal huge = new BigDecimal("1e100000000");
        for (Class<?> t : new Class<?>[] {Integer.class, Long.class, Short.class, BigInteger.class, int.class}) {
            assertThatThrownBy(() -> JavaValues.convert(huge, t)).as(t.getName())
                    .isInstanceOf(ValueParseException.class);
        }
    }

    @Test
    void outOfRangeAndFractionsAreTypedRefusals() {
        assertThatThrownBy(() -> JavaValues.convert(4_294_967_298L, Integer.class))
                .isInstanceOf(ValueParseException.class).hasMessageContaining("out of range for attribute type Integer");
        assertThatThrownBy(() -> JavaValues.convert(new BigDecimal("1e-2147483647"), Long.class))
                .isInstanceOf(ValueParseException.class);
        assertThatThrownBy(() -> JavaValues.convert(new BigDecimal("1e999999999"), BigInteger.class))
                .isInstanceOf(ValueParseException.class);
        assertThatThrownBy(() -> JavaValues.convert(new BigDecimal("2.5"), Integer.class))
                .isInstanceOf(ValueParseException.class).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> JavaValues.convert(Double.NaN, Long.class)).isInstanceOf(ValueParseException.class);
    }

    @Test
    void aSessionValueTheAttributeCannotHoldIsAnInvalidSessionVariable() {
        Expr.SessionValue s = new Expr.SessionValue(new SessionVariable("x-hasura-user-id"), PgType.builtin("int8"));
        assertThatThrownBy(() -> JavaValues.convertSessionValue(4_294_967_298L, s, Integer.class))
                .isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("x-hasura-user-id").hasMessageContaining("4294967298");
        assertThat(JavaValues.convertSessionValue(42L, s, Integer.class)).isEqualTo(42);
    }

    @Test
    void inRangeValuesStillConvertExactly() {
        assertThat(JavaValues.convert(42L, Integer.class)).isEqualTo(42);
        assertThat(JavaValues.convert(-32768, Short.class)).isEqualTo((short) -32768);
        assertThat(JavaValues.convert(new BigDecimal("4.20E+1"), int.class)).isEqualTo(42);
        assertThat(JavaValues.convert(Long.MIN_VALUE, Long.class)).isEqualTo(Long.MIN_VALUE);
        assertThat(JavaValues.convert(7, BigInteger.class)).isEqualTo(BigInteger.valueOf(7));
        assertThat(JavaValues.convert(7, BigDecimal.class)).isEqualTo(BigDecimal.valueOf(7));
        assertThatThrownBy(() -> JavaValues.convert(32768, Short.class)).isInstanceOf(ValueParseException.class);
    }
}

package dev.hasuraperms.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.session.InvalidJwtClaimsException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Numeric JWT claims outside PostgreSQL's numeric range or not finite are typed refusals. */
class JwtClaimNumbersTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // hang guard only
    void hugeAndNonFiniteClaimNumbersAreInvalidClaims() {
        for (Number n : new Number[] {new BigDecimal("1e100000000"), new BigDecimal("1e-2147483647"),
                Double.POSITIVE_INFINITY, Double.NaN, Float.NEGATIVE_INFINITY, BigInteger.TEN.pow(200_000)}) {
            assertThatThrownBy(() -> JwtSessionResolver.toJson(Map.of("https://hasura.io/jwt/claims",
                    Map.of("x-hasura-user-id", n)))).as(n.getClass().getName())
                    .isInstanceOf(InvalidJwtClaimsException.class);
        }
    }

    @Test
    void ordinaryNumbersAreKept() {
        assertThat(JwtSessionResolver.toJson(1.5d)).isEqualTo(JsonNumber.of(new BigDecimal("1.5")));
        assertThat(JwtSessionResolver.toJson(new BigDecimal("1e300"))).isEqualTo(JsonNumber.of(new BigDecimal("1e300")));
        assertThat(JwtSessionResolver.toJson(42L)).isEqualTo(JsonNumber.of(42));
    }
}

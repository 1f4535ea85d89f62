package dev.hasuraperms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgType;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Session values in exponent form and with lone surrogates (issue 16): typed refusals, never a hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileSessionValuesTest {

    private static final SessionVariable V = SessionVariable.of("x-hasura-user-id");
    private static final PgType NUMERIC = PgType.builtin("numeric");

    private static Object typed(String value, PgType type) {
        return Session.of("user", Map.of("x-hasura-user-id", value)).typedValue(V, type);
    }

    @Test
    void numericSessionValuesInExponentFormAreRangeChecked() {
        for (String v : new String[] {"1e100000000", "1e999999999", "-1e999999999", "1e-16384", "1e131072",
            "1e9999999999"}) {
            assertThatThrownBy(() -> typed(v, NUMERIC)).as(v)
                    .isInstanceOfSatisfying(InvalidSessionVariableException.class,
                            e -> assertThat(e.getMessage()).contains("value overflows numeric format").hasSizeLessThan(300));
        }
        assertThat(typed("1e131071", NUMERIC)).isEqualTo(new BigDecimal("1e131071"));
        assertThat(typed("12.5e-1", NUMERIC)).isEqualTo(new BigDecimal("1.25"));
    }

    @Test
    void integerSessionValuesInExponentFormAreInvalidAsInPostgres() {
        assertThatThrownBy(() -> typed("1e100000000", PgType.builtin("int8")))
                .isInstanceOf(InvalidSessionVariableException.class).hasMessageContaining("invalid input syntax");
        assertThatThrownBy(() -> typed("1e400", PgType.builtin("float8")))
                .isInstanceOf(InvalidSessionVariableException.class).hasMessageContaining("out of range");
    }

    @Test
    void loneSurrogatesInSessionValuesAreRefused() {
        for (PgType t : new PgType[] {PgType.builtin("text"), PgType.builtin("varchar"), PgType.builtin("jsonb")}) {
            String value = t.displayName().equals("jsonb") ? "\"\\ud800\"" : "id-\ud800";
            assertThatThrownBy(() -> typed(value, t)).as(t.displayName())
                    .isInstanceOf(InvalidSessionVariableException.class).hasMessageContaining("lone UTF-16 surrogate");
        }
    }

    @Test
    void stringifiedClaimsWithExponentsOutOfRangeAreInvalidClaims() {
        JwtClaimsConfig config = JwtClaimsConfig.namespace(JwtClaimsConfig.DEFAULT_NAMESPACE,
                JwtClaimsConfig.ClaimsFormat.STRINGIFIED_JSON);
        for (String n : new String[] {"1e-2147483648", "1e2147483648"}) {
            String claims = "{\"x-hasura-default-role\": \"user\", \"x-hasura-allowed-roles\": [\"user\"], \"n\": " + n + "}";
            JsonValue token = Json.parse("{\"https://hasura.io/jwt/claims\": " + JsonString.of(claims).toJson() + "}");
            assertThatThrownBy(() -> Session.fromJwtClaims(token, config, Optional.empty())).as(n)
                    .isInstanceOf(InvalidJwtClaimsException.class);
        }
    }
}

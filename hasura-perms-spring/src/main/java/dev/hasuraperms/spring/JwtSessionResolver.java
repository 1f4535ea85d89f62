package dev.hasuraperms.spring;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.session.InvalidJwtClaimsException;
import dev.hasuraperms.session.JwtClaimsConfig;
import dev.hasuraperms.session.MissingRoleException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.ValueParseException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The session of Spring Security's authenticated JWT ({@code JwtAuthenticationToken}, or any authentication whose
 * principal or credentials is a {@link Jwt}), read with Hasura's claims mapping ({@link JwtClaimsConfig}: namespace
 * or namespace path, {@code claims_format}, {@code claims_map}; allowed and default role). The role is the
 * {@code X-Hasura-Role} request header when the header lookup is given and the header is present (it must be one
 * of the token's allowed roles, as in Hasura), else the token's default role.
 *
 * <p>The token must already be verified: this class only reads claims. No authenticated JWT →
 * {@link MissingRoleException}; claims that cannot be read → {@code InvalidJwtClaimsException}; a role outside the
 * allowed roles → {@code RoleNotAllowedException}.
 */
public final class JwtSessionResolver implements SessionResolver {

    /** The request header that selects the role. */
    public static final String ROLE_HEADER = "X-Hasura-Role";

    private final JwtClaimsConfig config;
    private final Function<String, Optional<String>> headers;

    /**
     * @param config  where the Hasura claims are
     * @param headers the current request's header by name (e.g. {@link RequestHeaders#current}); a function
     *                answering empty disables role selection by header
     */
    public JwtSessionResolver(JwtClaimsConfig config, Function<String, Optional<String>> headers) {
        this.config = Objects.requireNonNull(config, "config");
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    @Override
    public Session resolve() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        Jwt jwt = null;
        if (a != null && a.isAuthenticated()) {
            if (a.getPrincipal() instanceof Jwt j) {
                jwt = j;
            } else if (a.getCredentials() instanceof Jwt j) {
                jwt = j;
            }
        }
        if (jwt == null) {
            throw new MissingRoleException("no authenticated JWT in Spring Security's context: the request has no"
                    + " Hasura session");
        }
        return Session.fromJwtClaims(toJson(jwt.getClaims()), config, headers.apply(ROLE_HEADER));
    }

    /** Spring Security's claim values (strings, numbers, booleans, instants, lists, maps) as JSON. */
    static JsonValue toJson(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        } else if (v instanceof String s) {
            return JsonString.of(s);
        } else if (v instanceof Boolean b) {
            return JsonBoolean.of(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return JsonNumber.of(((Number) v).longValue());
        } else if (v instanceof Number n) {
            return number(n);
        } else if (v instanceof Instant i) {
            return JsonNumber.of(i.getEpochSecond());
        } else if (v instanceof Map<?, ?> m) {
            Map<String, JsonValue> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), toJson(x)));
            return JsonObject.of(out);
        } else if (v instanceof Collection<?> c) {
            List<JsonValue> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(toJson(x)));
            return JsonArray.of(out);
        } else if (v instanceof Object[] arr) {
            return toJson(List.of(arr));
        }
        return JsonString.of(v.toString());
    }

    /**
     * A numeric claim as JSON, refused as {@link InvalidJwtClaimsException} (never an {@code ArithmeticException},
     * {@code NumberFormatException} or an expansion) when it is not finite, its exponent is out of range
     * ({@code 1e-2147483648}) or it is outside PostgreSQL's numeric range ({@code 1e100000000}).
     */
    private static JsonValue number(Number n) {
        if ((n instanceof Double d && !Double.isFinite(d)) || (n instanceof Float f && !Float.isFinite(f))) {
            throw new InvalidJwtClaimsException("a numeric JWT claim is not a finite number");
        }
        BigDecimal d;
        try {
            d = n instanceof BigDecimal b ? b : n instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(n.toString());
            PgValues.numericInRange(d);
        } catch (NumberFormatException | ArithmeticException | ValueParseException e) {
            throw new InvalidJwtClaimsException("a numeric JWT claim is out of range: " + e.getMessage());
        }
        return JsonNumber.of(d);
    }
}

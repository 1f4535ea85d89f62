package dev.hasuraperms.session;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the Hasura claims out of a verified token payload, as Hasura's {@code parseHasuraClaims} does. */
final class JwtClaimsReader {

    private JwtClaimsReader() {
    }

    /** The claims that decide the session: allowed roles, default role and the other {@code x-hasura-*} claims. */
    record HasuraClaims(List<String> allowedRoles, String defaultRole, Map<String, String> variables) {
    }

    static HasuraClaims read(JsonValue claims, JwtClaimsConfig config) {
        if (!(claims instanceof JsonObject token)) {
            throw new InvalidJwtClaimsException("the token's claims must be a JSON object, found " + claims.typeName());
        }
        return config.claimsMap().isEmpty() ? fromNamespace(token, config) : fromClaimsMap(token, config.claimsMap());
    }

    private static HasuraClaims fromNamespace(JsonObject token, JwtClaimsConfig config) {
        Optional<JsonValue> namespace;
        String where;
        if (config.claimsNamespacePath().isPresent()) {
            JsonPath path = config.claimsNamespacePath().get();
            where = "claims_namespace_path " + Messages.quote(path.toString());
            namespace = path.find(token);
            if (namespace.isEmpty()) {
                throw new InvalidJwtClaimsException("claims not found at " + where);
            }
        } else {
            String key = config.claimsNamespace().orElse(JwtClaimsConfig.DEFAULT_NAMESPACE);
            where = "claims_namespace " + Messages.quote(key);
            namespace = token.get(key);
            if (namespace.isEmpty()) {
                throw new InvalidJwtClaimsException("claims key: " + Messages.quote(key) + " not found");
            }
        }
        JsonObject hasura = claimsObject(namespace.get(), config.claimsFormat(), where);

        TreeMap<String, JsonValue> claims = new TreeMap<>();
        for (Map.Entry<String, JsonValue> e : hasura.members().entrySet()) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (lower.startsWith(SessionVariable.PREFIX) && claims.put(lower, e.getValue()) != null) {
                throw new InvalidJwtClaimsException("the claim " + Messages.quote(lower)
                        + " appears twice (claim names are case-insensitive)");
            }
        }
        List<String> allowedRoles = allowedRoles(Optional.ofNullable(claims.remove(JwtClaimsConfig.ALLOWED_ROLES.name())));
        String defaultRole = defaultRole(Optional.ofNullable(claims.remove(JwtClaimsConfig.DEFAULT_ROLE.name())));
        return new HasuraClaims(allowedRoles, defaultRole, texts(claims));
    }

    private static JsonObject claimsObject(JsonValue namespace, JwtClaimsConfig.ClaimsFormat format, String where) {
        if (format == JwtClaimsConfig.ClaimsFormat.JSON) {
            if (namespace instanceof JsonObject o) {
                return o;
            }
            throw new InvalidJwtClaimsException("expecting a json object when claims_format is json, found "
                    + namespace.typeName() + " at " + where);
        }
        if (!(namespace instanceof JsonString s)) {
            throw new InvalidJwtClaimsException("expecting a string when claims_format is stringified_json, found "
                    + namespace.typeName() + " at " + where);
        }
        JsonValue parsed;
        try {
            parsed = Json.parse(s.value());
        } catch (HasuraPermsException e) {
            throw new InvalidJwtClaimsException("expecting stringified json at " + where + ", but found: "
                    + Messages.quoteWithLength(s.value()));
        }
        if (parsed instanceof JsonObject o) {
            return o;
        }
        throw new InvalidJwtClaimsException("expecting a stringified json object at " + where + ", but found "
                + (parsed == null ? "nothing" : parsed.typeName()));
    }

    private static HasuraClaims fromClaimsMap(JsonObject token, Map<SessionVariable, JwtClaimsConfig.ClaimMapping> map) {
        List<String> allowedRoles = allowedRoles(resolve(token, map.get(JwtClaimsConfig.ALLOWED_ROLES)));
        String defaultRole = defaultRole(resolve(token, map.get(JwtClaimsConfig.DEFAULT_ROLE)));
        TreeMap<String, JsonValue> claims = new TreeMap<>();
        for (Map.Entry<SessionVariable, JwtClaimsConfig.ClaimMapping> e : map.entrySet()) {
            SessionVariable claim = e.getKey();
            if (claim.equals(JwtClaimsConfig.ALLOWED_ROLES) || claim.equals(JwtClaimsConfig.DEFAULT_ROLE)) {
                continue;
            }
            JsonValue v = resolve(token, e.getValue()).orElseThrow(() -> new InvalidJwtClaimsException(
                    "JWT claim from claims_map, " + Messages.quote(claim.name()) + " not found"));
            claims.put(claim.name(), v);
        }
        return new HasuraClaims(allowedRoles, defaultRole, texts(claims));
    }

    private static Optional<JsonValue> resolve(JsonObject token, JwtClaimsConfig.ClaimMapping mapping) {
        if (mapping instanceof JwtClaimsConfig.ClaimMapping.Literal l) {
            return Optional.of(l.value());
        }
        JwtClaimsConfig.ClaimMapping.FromPath p = (JwtClaimsConfig.ClaimMapping.FromPath) mapping;
        Optional<JsonValue> found = p.path().find(token);
        return found.isPresent() ? found : p.defaultValue();
    }

    private static List<String> allowedRoles(Optional<JsonValue> v) {
        if (v.isEmpty()) {
            throw new InvalidJwtClaimsException("JWT claim does not contain " + JwtClaimsConfig.ALLOWED_ROLES);
        }
        if (!JwtClaimsConfig.isRoleList(v.get())) {
            throw new InvalidJwtClaimsException("invalid " + JwtClaimsConfig.ALLOWED_ROLES
                    + "; should be a list of roles (non-empty strings), found " + describe(v.get()));
        }
        JsonArray a = (JsonArray) v.get();
        List<String> roles = new ArrayList<>(a.size());
        for (JsonValue e : a.elements()) {
            roles.add(((JsonString) e).value());
        }
        return List.copyOf(roles);
    }

    private static String defaultRole(Optional<JsonValue> v) {
        if (v.isEmpty()) {
            throw new InvalidJwtClaimsException("JWT claim does not contain " + JwtClaimsConfig.DEFAULT_ROLE);
        }
        if (!(v.get() instanceof JsonString s) || s.value().isEmpty()) {
            throw new InvalidJwtClaimsException("invalid " + JwtClaimsConfig.DEFAULT_ROLE
                    + "; should be a role (a non-empty string), found " + describe(v.get()));
        }
        return s.value();
    }

    /** The claims as text; Hasura refuses any {@code x-hasura-*} claim that is not a JSON string. */
    private static Map<String, String> texts(TreeMap<String, JsonValue> claims) {
        TreeMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonValue> e : claims.entrySet()) {
            if (!(e.getValue() instanceof JsonString s)) {
                throw new InvalidJwtClaimsException("x-hasura-* claims: " + Messages.quote(e.getKey())
                        + ": expected Text, encountered " + jsonTypeName(e.getValue()));
            }
            out.put(e.getKey(), s.value());
        }
        return out;
    }

    /** What a refused role claim is, for the message: its type, an empty string, or a list's first bad element. */
    private static String describe(JsonValue v) {
        if (v instanceof JsonString s && s.value().isEmpty()) {
            return "an empty string";
        }
        if (v instanceof JsonArray a) {
            for (JsonValue e : a.elements()) {
                if (!(e instanceof JsonString s)) {
                    return "a list containing a " + e.typeName();
                }
                if (s.value().isEmpty()) {
                    return "a list containing an empty string";
                }
            }
        }
        return "a " + v.typeName();
    }

    /** Aeson's names for JSON types, as in Hasura's message. */
    private static String jsonTypeName(JsonValue v) {
        String t = v.typeName();
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}

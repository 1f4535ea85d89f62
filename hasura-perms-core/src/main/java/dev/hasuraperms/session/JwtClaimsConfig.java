package dev.hasuraperms.session;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a token's Hasura claims are: the claims part of Hasura's JWT configuration
 * ({@code HASURA_GRAPHQL_JWT_SECRET}). Either a claims namespace (the default key {@value #DEFAULT_NAMESPACE}, another
 * top-level key, or a JSON path) holding the claims as a JSON object or as a string of JSON, or a claims map that says
 * for each Hasura claim where it is in the token (a JSON path, with an optional default) or what it is (a literal).
 * When the claims map is not empty, the namespace and the format are not used (as in Hasura).
 *
 * <p>A claims map must map {@code x-hasura-allowed-roles} (to a path, or to a literal list of role names) and
 * {@code x-hasura-default-role} (to a path, or to a literal role name); every other claim maps to a path or to a
 * literal string. Defaults follow the same types. Role names are non-empty.
 *
 * @param claimsNamespace     the top-level key holding the claims; at most one of this and {@code claimsNamespacePath}
 * @param claimsNamespacePath the JSON path of the claims in the token
 * @param claimsFormat        whether the namespace holds a JSON object or a string of JSON
 * @param claimsMap           the claims map (sorted by claim name), or empty to use the namespace
 */
public record JwtClaimsConfig(Optional<String> claimsNamespace, Optional<JsonPath> claimsNamespacePath,
                              ClaimsFormat claimsFormat, Map<SessionVariable, ClaimMapping> claimsMap) {

    /** Hasura's default claims namespace: {@code https://hasura.io/jwt/claims}. */
    public static final String DEFAULT_NAMESPACE = "https://hasura.io/jwt/claims";

    /** The claim listing the roles a token may use. */
    public static final SessionVariable ALLOWED_ROLES = new SessionVariable("x-hasura-allowed-roles");

    /** The claim naming the role used when none is requested. */
    public static final SessionVariable DEFAULT_ROLE = new SessionVariable("x-hasura-default-role");

    /**
     * Checks and copies the components.
     *
     * @param claimsNamespace the top-level key holding the claims; at most one of this and {@code claimsNamespacePath}
     * @param claimsNamespacePath the JSON path of the claims in the token
     * @param claimsFormat whether the namespace holds a JSON object or a string of JSON
     * @param claimsMap the claims map (sorted by claim name), or empty to use the namespace
     * @throws IllegalArgumentException when both namespace forms are set, or the claims map is incomplete or has a
     *                                  literal or default of the wrong type
     */
    public JwtClaimsConfig {
        Objects.requireNonNull(claimsNamespace, "claimsNamespace");
        Objects.requireNonNull(claimsNamespacePath, "claimsNamespacePath");
        Objects.requireNonNull(claimsFormat, "claimsFormat");
        Objects.requireNonNull(claimsMap, "claimsMap");
        if (claimsNamespace.isPresent() && claimsNamespacePath.isPresent()) {
            throw new IllegalArgumentException("claims_namespace and claims_namespace_path both cannot be set");
        }
        TreeMap<SessionVariable, ClaimMapping> map = new TreeMap<>();
        for (Map.Entry<SessionVariable, ClaimMapping> e : claimsMap.entrySet()) {
            map.put(Objects.requireNonNull(e.getKey(), "claim"), Objects.requireNonNull(e.getValue(), "mapping"));
        }
        if (!map.isEmpty()) {
            for (SessionVariable required : List.of(ALLOWED_ROLES, DEFAULT_ROLE)) {
                if (!map.containsKey(required)) {
                    throw new IllegalArgumentException("claims_map: " + required + " is expected but not found");
                }
            }
            map.forEach(JwtClaimsConfig::checkMapping);
        }
        claimsMap = Collections.unmodifiableSortedMap(map);
    }

    /**
     * Hasura's default: the claims are a JSON object under {@value #DEFAULT_NAMESPACE}.
     *
     * @return the default configuration, never null
     */
    public static JwtClaimsConfig defaults() {
        return new JwtClaimsConfig(Optional.empty(), Optional.empty(), ClaimsFormat.JSON, Map.of());
    }

    /**
     * {@return the claims are under the top-level key {@code key}, in {@code format}}
     *
     * @param key the claim that holds the Hasura claims, e.g. {@code https://hasura.io/jwt/claims}; never null
     * @param format how the claims are encoded there; never null
     */
    public static JwtClaimsConfig namespace(String key, ClaimsFormat format) {
        return new JwtClaimsConfig(Optional.of(key), Optional.empty(), format, Map.of());
    }

    /**
     * {@return the claims are at {@code path} in the token, in {@code format}}
     *
     * @param path where the Hasura claims are; never null
     * @param format how the claims are encoded there; never null
     */
    public static JwtClaimsConfig namespacePath(JsonPath path, ClaimsFormat format) {
        return new JwtClaimsConfig(Optional.empty(), Optional.of(path), format, Map.of());
    }

    /**
     * {@return the claims are where {@code claimsMap} says} Its keys are claim names in any case
     * ({@code X-Hasura-User-Id}).
     *
     * @param claimsMap each session variable's name with where its value comes from; never null
     * @throws IllegalArgumentException when a key is not an {@code x-hasura-*} name or two keys differ only in case, or
     *                                  as the canonical constructor
     */
    public static JwtClaimsConfig claimsMap(Map<String, ClaimMapping> claimsMap) {
        TreeMap<SessionVariable, ClaimMapping> map = new TreeMap<>();
        for (Map.Entry<String, ClaimMapping> e : claimsMap.entrySet()) {
            SessionVariable v = claimName(Objects.requireNonNull(e.getKey(), "claim"));
            if (map.put(v, Objects.requireNonNull(e.getValue(), "mapping")) != null) {
                throw new IllegalArgumentException("claims_map: " + Messages.quote(v.name())
                        + " is given twice (claim names are case-insensitive)");
            }
        }
        return new JwtClaimsConfig(Optional.empty(), Optional.empty(), ClaimsFormat.JSON, map);
    }

    private static SessionVariable claimName(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(SessionVariable.PREFIX)) {
            throw new IllegalArgumentException("claims_map: " + Messages.quote(key)
                    + " is not a Hasura claim (claim names start with x-hasura-)");
        }
        return new SessionVariable(lower);
    }

    /**
     * Reads Hasura's JSON form of the claims configuration:
     * {@code {"claims_namespace": ..., "claims_namespace_path": ..., "claims_format": ..., "claims_map": {...}}}.
     * All keys are optional. The keys of {@code HASURA_GRAPHQL_JWT_SECRET} that are about verifying the token
     * ({@code type}, {@code key}, {@code jwk_url}, {@code audience}, {@code issuer}, {@code allowed_skew},
     * {@code header}) are accepted and ignored, so the whole secret can be pasted; any other key is refused (a typo
     * would otherwise silently select the default namespace).
     *
     * @param json the configuration's JSON text; never null
     * @return the configuration, never null
     * @throws InvalidJwtConfigException when the configuration is not valid
     * @throws InvalidJwtConfigException when the text is not JSON or the configuration is not valid
     */
    public static JwtClaimsConfig parse(String json) {
        JsonValue v;
        try {
            v = Json.parse(json);
        } catch (HasuraPermsException e) {
            throw new InvalidJwtConfigException("the JWT claims configuration is not valid JSON: "
                    + Messages.detail(e.getMessage()));
        }
        return fromJson(v);
    }

    /**
     * Reads Hasura's JSON form of the claims configuration, as {@link #parse(String)}.
     *
     * @param config the configuration as a JSON value; never null
     * @return the configuration, never null
     * @throws InvalidJwtConfigException when the configuration is not valid
     */
    public static JwtClaimsConfig fromJson(JsonValue config) {
        if (!(config instanceof JsonObject o)) {
            throw new InvalidJwtConfigException("the JWT claims configuration must be a JSON object, found "
                    + config.typeName());
        }
        for (String key : o.keyList()) {
            if (!CONFIG_KEYS.contains(key) && !IGNORED_KEYS.contains(key)) {
                throw new InvalidJwtConfigException("unknown key " + Messages.quote(key)
                        + " in the JWT configuration (expected claims_namespace, claims_namespace_path, claims_format"
                        + " or claims_map)");
            }
        }
        try {
            Optional<String> namespace = optionalString(o, "claims_namespace");
            Optional<JsonPath> namespacePath = optionalString(o, "claims_namespace_path").map(JwtClaimsConfig::path);
            ClaimsFormat format = ClaimsFormat.JSON;
            Optional<String> formatName = optionalString(o, "claims_format");
            if (formatName.isPresent()) {
                format = ClaimsFormat.fromJsonName(formatName.get()).orElseThrow(() -> new IllegalArgumentException(
                        "claims_format must be \"json\" or \"stringified_json\", found " + Messages.quote(formatName.get())));
            }
            TreeMap<SessionVariable, ClaimMapping> map = new TreeMap<>();
            Optional<JsonValue> rawMap = o.get("claims_map").filter(m -> !m.isNull());
            if (rawMap.isPresent()) {
                if (!(rawMap.get() instanceof JsonObject m)) {
                    throw new IllegalArgumentException("claims_map must be an object, found " + rawMap.get().typeName());
                }
                if (m.isEmpty()) {
                    throw new IllegalArgumentException("claims_map: " + ALLOWED_ROLES + " is expected but not found");
                }
                for (String key : m.keyList()) {
                    SessionVariable v = claimName(key);
                    if (map.put(v, ClaimMapping.fromJson(v, m.get(key).orElseThrow())) != null) {
                        throw new IllegalArgumentException("claims_map: " + Messages.quote(v.name())
                                + " is given twice (claim names are case-insensitive)");
                    }
                }
            }
            return new JwtClaimsConfig(namespace, namespacePath, format, map);
        } catch (IllegalArgumentException e) {
            throw new InvalidJwtConfigException(e.getMessage());
        }
    }

    private static final Set<String> CONFIG_KEYS =
            Set.of("claims_namespace", "claims_namespace_path", "claims_format", "claims_map");
    private static final Set<String> IGNORED_KEYS =
            Set.of("type", "key", "jwk_url", "audience", "issuer", "allowed_skew", "header");

    private static Optional<String> optionalString(JsonObject o, String key) {
        Optional<JsonValue> v = o.get(key).filter(x -> !x.isNull());
        if (v.isPresent() && !(v.get() instanceof JsonString)) {
            throw new IllegalArgumentException(key + " must be a string, found " + v.get().typeName());
        }
        return v.map(x -> ((JsonString) x).value());
    }

    private static JsonPath path(String text) {
        return JsonPath.parse(text);
    }

    /** Checks that a literal or default has the type its claim needs. */
    private static void checkMapping(SessionVariable claim, ClaimMapping mapping) {
        Optional<JsonValue> value;
        if (mapping instanceof ClaimMapping.Literal l) {
            value = Optional.of(l.value());
        } else {
            value = ((ClaimMapping.FromPath) mapping).defaultValue();
        }
        if (value.isEmpty()) {
            return;
        }
        JsonValue v = value.get();
        String what = mapping instanceof ClaimMapping.Literal ? "the value of " : "the default of ";
        if (claim.equals(ALLOWED_ROLES)) {
            if (!isRoleList(v)) {
                throw new IllegalArgumentException("claims_map: " + what + claim
                        + " must be a list of role names (non-empty strings), found " + Messages.quote(v.toJson()));
            }
        } else if (claim.equals(DEFAULT_ROLE)) {
            if (!(v instanceof JsonString s) || s.value().isEmpty()) {
                throw new IllegalArgumentException("claims_map: " + what + claim
                        + " must be a role name (a non-empty string), found " + Messages.quote(v.toJson()));
            }
        } else if (!(v instanceof JsonString)) {
            throw new IllegalArgumentException("claims_map: " + what + Messages.quote(claim.name())
                    + " must be a string, found " + v.typeName());
        }
    }

    static boolean isRoleList(JsonValue v) {
        if (!(v instanceof JsonArray a)) {
            return false;
        }
        for (JsonValue e : a.elements()) {
            if (!(e instanceof JsonString s) || s.value().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** How the namespace holds the claims ({@code claims_format}). */
    public enum ClaimsFormat {
        /** {@code json}: the namespace value is a JSON object (the default). */
        JSON("json"),
        /** {@code stringified_json}: the namespace value is a string holding a JSON object (AWS Cognito, ...). */
        STRINGIFIED_JSON("stringified_json");

        private final String jsonName;

        ClaimsFormat(String jsonName) {
            this.jsonName = jsonName;
        }

        /** {@return the name in Hasura's configuration: {@code json} or {@code stringified_json}} */
        public String jsonName() {
            return jsonName;
        }

        /**
         * {@return the format called {@code name} in Hasura's configuration (case-sensitive)}
         *
         * @param name the name, {@code json} or {@code stringified_json}; never null
         */
        public static Optional<ClaimsFormat> fromJsonName(String name) {
            for (ClaimsFormat f : values()) {
                if (f.jsonName.equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** Where one claim of a claims map comes from. */
    public sealed interface ClaimMapping permits ClaimMapping.FromPath, ClaimMapping.Literal {

        /**
         * {@return the claim is at {@code path} in the token (see {@link JsonPath#parse}), with no default}
         *
         * @param path the JSON path; never null
         */
        static ClaimMapping path(String path) {
            return new FromPath(JsonPath.parse(path), Optional.empty());
        }

        /**
         * {@return the claim is at {@code path} in the token; {@code defaultValue} when the path finds nothing}
         *
         * @param path the JSON path; never null
         * @param defaultValue the value when the path finds nothing; never null
         */
        static ClaimMapping path(String path, JsonValue defaultValue) {
            return new FromPath(JsonPath.parse(path), Optional.of(defaultValue));
        }

        /**
         * {@return the claim is the string {@code value}}
         *
         * @param value the string; never null
         */
        static ClaimMapping literal(String value) {
            return new Literal(JsonString.of(value));
        }

        /**
         * {@return the claim is the list {@code values} (for {@code x-hasura-allowed-roles})}
         *
         * @param values the strings; never null
         */
        static ClaimMapping literal(List<String> values) {
            List<JsonValue> elements = new ArrayList<>();
            for (String v : values) {
                elements.add(JsonString.of(v));
            }
            return new Literal(JsonArray.of(elements));
        }

        /**
         * Reads Hasura's form: {@code {"path": "$.x", "default": ...}} (default optional; {@code null} is no
         * default) or a literal value.
         *
         * @throws IllegalArgumentException when an object has no {@code path}, a key other than {@code path} and
         *                                  {@code default}, or an invalid path
         */
        private static ClaimMapping fromJson(SessionVariable claim, JsonValue v) {
            if (!(v instanceof JsonObject o)) {
                return new Literal(v);
            }
            for (String key : o.keyList()) {
                if (!key.equals("path") && !key.equals("default")) {
                    throw new IllegalArgumentException("claims_map: unknown key " + Messages.quote(key) + " in the mapping of "
                            + Messages.quote(claim.name()) + " (expected path and default)");
                }
            }
            Optional<JsonValue> path = o.get("path");
            if (path.isEmpty()) {
                throw new IllegalArgumentException("claims_map: the mapping of " + Messages.quote(claim.name())
                        + " is an object without a path (a literal must be a string or, for " + ALLOWED_ROLES
                        + ", a list)");
            }
            if (!(path.get() instanceof JsonString s)) {
                throw new IllegalArgumentException("claims_map: the path of " + Messages.quote(claim.name())
                        + " must be a string, found " + path.get().typeName());
            }
            return new FromPath(JsonPath.parse(s.value()), o.get("default").filter(d -> !d.isNull()));
        }

        /**
         * The claim is at {@code path} in the token's claims; when the path finds nothing, {@code defaultValue} if
         * there is one, else the token is refused. A JSON {@code null} found at the path is a value (and, not being a
         * string, is refused), not "nothing".
         *
         * @param path         where the claim is
         * @param defaultValue the value when the path finds nothing
         */
        record FromPath(JsonPath path, Optional<JsonValue> defaultValue) implements ClaimMapping {
            /**
             * Checks the components are there.
             *
             * @param path where the claim is
             * @param defaultValue the value when the path finds nothing
             */
            public FromPath {
                Objects.requireNonNull(path, "path");
                Objects.requireNonNull(defaultValue, "defaultValue");
            }
        }

        /**
         * The claim is this value, whatever the token says.
         *
         * @param value a string, or a list of strings for {@code x-hasura-allowed-roles}
         */
        record Literal(JsonValue value) implements ClaimMapping {
            /**
             * Checks the component is there.
             *
             * @param value a string, or a list of strings for {@code x-hasura-allowed-roles}
             */
            public Literal {
                Objects.requireNonNull(value, "value");
            }
        }
    }
}

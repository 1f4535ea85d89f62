package dev.hasuraperms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.session.JwtClaimsConfig.ClaimMapping;
import dev.hasuraperms.session.JwtClaimsConfig.ClaimsFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtClaimsTest {

    private static final JwtClaimsConfig DEFAULT = JwtClaimsConfig.defaults();

    private static JsonValue json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    /** A payload with the Hasura claims under the default namespace. */
    private static JsonValue token(String hasuraClaims) {
        return json("{'sub': '1234', 'iat': 1516239022, 'https://hasura.io/jwt/claims': " + hasuraClaims + "}");
    }

    private static final String USER_CLAIMS = "{'x-hasura-allowed-roles': ['user', 'editor'], "
            + "'x-hasura-default-role': 'user', 'X-Hasura-User-Id': '42', 'x-hasura-org-ids': '{1,2}'}";

    @Test
    void defaultNamespaceAndDefaultRole() {
        Session s = Session.fromJwtClaims(token(USER_CLAIMS), DEFAULT, Optional.empty());
        assertThat(s.role()).isEqualTo("user");
        assertThat(s.variables()).containsExactly(Map.entry("x-hasura-org-ids", "{1,2}"),
                Map.entry("x-hasura-role", "user"), Map.entry("x-hasura-user-id", "42"));
    }

    @Test
    void allowedAndDefaultRolesAreNotSessionVariables() {
        Session s = Session.fromJwtClaims(token(USER_CLAIMS), DEFAULT, Optional.of("editor"));
        assertThat(s.variables()).doesNotContainKeys("x-hasura-allowed-roles", "x-hasura-default-role");
        assertThat(s.variable("X-Hasura-Allowed-Roles")).isEmpty();
        assertThat(s.variable("x-hasura-default-role")).isEmpty();
    }

    @Test
    void theRequestedRoleIsUsedWhenAllowed() {
        Session s = Session.fromJwtClaims(token(USER_CLAIMS), DEFAULT, Optional.of("editor"));
        assertThat(s.role()).isEqualTo("editor");
        assertThat(s.variable(Session.ROLE)).contains("editor");
    }

    @Test
    void anEmptyRequestedRoleMeansTheDefaultRole() {
        assertThat(Session.fromJwtClaims(token(USER_CLAIMS), DEFAULT, Optional.of("")).role()).isEqualTo("user");
    }

    @Test
    void aRequestedRoleThatIsNotAllowedIsRefused() {
        assertThatThrownBy(() -> Session.fromJwtClaims(token(USER_CLAIMS), DEFAULT, Optional.of("admin")))
                .isInstanceOfSatisfying(RoleNotAllowedException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.ROLE_NOT_ALLOWED);
                    assertThat(e.role()).isEqualTo("admin");
                    assertThat(e.allowedRoles()).containsExactly("user", "editor");
                })
                .hasMessage("your requested role is not in allowed roles: role \"admin\", allowed roles [\"user\", \"editor\"]");
        // Role names are case-sensitive.
        assertThatThrownBy(() -> Session.fromJwtClaims(token(USER_CLAIMS), DEFAULT, Optional.of("User")))
                .isInstanceOf(RoleNotAllowedException.class);
    }

    @Test
    void aDefaultRoleThatIsNotAllowedIsRefused() {
        JsonValue t = token("{'x-hasura-allowed-roles': ['editor'], 'x-hasura-default-role': 'user'}");
        assertThatThrownBy(() -> Session.fromJwtClaims(t, DEFAULT, Optional.empty()))
                .isInstanceOf(RoleNotAllowedException.class);
        assertThat(Session.fromJwtClaims(t, DEFAULT, Optional.of("editor")).role()).isEqualTo("editor");
    }

    @Test
    void manyAllowedRolesAreCutInTheMessage() {
        StringBuilder roles = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            roles.append(i == 0 ? "" : ",").append("'r").append(i).append("'");
        }
        JsonValue t = token("{'x-hasura-allowed-roles': [" + roles + "], 'x-hasura-default-role': 'r1'}");
        assertThatThrownBy(() -> Session.fromJwtClaims(t, DEFAULT, Optional.of("x".repeat(1 << 20))))
                .isInstanceOf(RoleNotAllowedException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).endsWith(", ... (990 more)]"));
    }

    @Test
    void missingAllowedRoles() {
        assertThatThrownBy(() -> Session.fromJwtClaims(token("{'x-hasura-default-role': 'user'}"), DEFAULT, Optional.empty()))
                .isInstanceOfSatisfying(InvalidJwtClaimsException.class,
                        e -> assertThat(e.code()).isEqualTo(DiagnosticCode.INVALID_JWT_CLAIMS))
                .hasMessage("JWT claim does not contain x-hasura-allowed-roles");
    }

    @Test
    void missingDefaultRole() {
        assertThatThrownBy(() -> Session.fromJwtClaims(token("{'x-hasura-allowed-roles': ['user']}"), DEFAULT,
                Optional.of("user")))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("JWT claim does not contain x-hasura-default-role");
    }

    @Test
    void malformedRoleClaims() {
        assertThatThrownBy(() -> Session.fromJwtClaims(
                token("{'x-hasura-allowed-roles': 'user', 'x-hasura-default-role': 'user'}"), DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("invalid x-hasura-allowed-roles; should be a list of roles (non-empty strings), found a string");
        assertThatThrownBy(() -> Session.fromJwtClaims(
                token("{'x-hasura-allowed-roles': ['user', 5], 'x-hasura-default-role': 'user'}"), DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessageContaining("found a list containing a number");
        assertThatThrownBy(() -> Session.fromJwtClaims(
                token("{'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': ['user']}"), DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("invalid x-hasura-default-role; should be a role (a non-empty string), found a array");
        assertThatThrownBy(() -> Session.fromJwtClaims(
                token("{'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': ''}"), DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessageEndingWith("found an empty string");
    }

    @Test
    void rolesClaimNamesAreCaseInsensitive() {
        Session s = Session.fromJwtClaims(
                token("{'X-Hasura-Allowed-Roles': ['user'], 'X-HASURA-DEFAULT-ROLE': 'user'}"), DEFAULT, Optional.empty());
        assertThat(s.role()).isEqualTo("user");
        assertThat(s.variables()).containsOnlyKeys("x-hasura-role");
    }

    @Test
    void nonStringClaimsAreRejected() {
        for (String bad : List.of("42", "[1,2,3]", "true", "null", "{'a': 1}")) {
            String claims = "{'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': 'user', 'x-hasura-user-id': "
                    + bad + "}";
            assertThatThrownBy(() -> Session.fromJwtClaims(token(claims), DEFAULT, Optional.empty()))
                    .as(bad)
                    .isInstanceOf(InvalidJwtClaimsException.class)
                    .hasMessageStartingWith("x-hasura-* claims: \"x-hasura-user-id\": expected Text, encountered ");
        }
        String numbers = "{'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': 'user', 'x-hasura-ids': [1,2]}";
        assertThatThrownBy(() -> Session.fromJwtClaims(token(numbers), DEFAULT, Optional.empty()))
                .hasMessage("x-hasura-* claims: \"x-hasura-ids\": expected Text, encountered Array");
    }

    @Test
    void otherKeysInTheNamespaceAreIgnored() {
        Session s = Session.fromJwtClaims(token("{'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': 'user', "
                + "'name': 'Ann', 'permissions': [1, 2], 'x-hasura-team': 'blue'}"), DEFAULT, Optional.empty());
        assertThat(s.variables()).containsOnlyKeys("x-hasura-role", "x-hasura-team");
    }

    @Test
    void claimsOutsideTheNamespaceAreIgnored() {
        JsonValue t = json("{'x-hasura-user-id': '1', 'https://hasura.io/jwt/claims': "
                + "{'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': 'user'}}");
        assertThat(Session.fromJwtClaims(t, DEFAULT, Optional.empty()).variables()).containsOnlyKeys("x-hasura-role");
    }

    @Test
    void aRoleClaimIsReplacedByTheRoleAndSecretsAreDropped() {
        Session s = Session.fromJwtClaims(token("{'x-hasura-allowed-roles': ['user', 'editor'], "
                + "'x-hasura-default-role': 'user', 'x-hasura-role': 'editor', 'x-hasura-admin-secret': 's'}"),
                DEFAULT, Optional.empty());
        assertThat(s.role()).isEqualTo("user");
        assertThat(s.variables()).containsExactly(Map.entry("x-hasura-role", "user"));
    }

    @Test
    void claimsDifferingOnlyInCaseAreRefused() {
        assertThatThrownBy(() -> Session.fromJwtClaims(token("{'x-hasura-allowed-roles': ['user'], "
                + "'x-hasura-default-role': 'user', 'x-hasura-user-id': '1', 'X-Hasura-User-Id': '2'}"),
                DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("the claim \"x-hasura-user-id\" appears twice (claim names are case-insensitive)");
    }

    @Test
    void missingNamespace() {
        assertThatThrownBy(() -> Session.fromJwtClaims(json("{'sub': '1'}"), DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("claims key: \"https://hasura.io/jwt/claims\" not found");
        assertThatThrownBy(() -> Session.fromJwtClaims(token("'a string'"), DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("expecting a json object when claims_format is json, found string at claims_namespace"
                        + " \"https://hasura.io/jwt/claims\"");
        assertThatThrownBy(() -> Session.fromJwtClaims(json("[1]"), DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("the token's claims must be a JSON object, found array");
    }

    @Test
    void customNamespace() {
        JwtClaimsConfig config = JwtClaimsConfig.namespace("hasura", ClaimsFormat.JSON);
        JsonValue t = json("{'hasura': " + USER_CLAIMS + "}");
        assertThat(Session.fromJwtClaims(t, config, Optional.empty()).variable("x-hasura-user-id")).contains("42");
        assertThatThrownBy(() -> Session.fromJwtClaims(token(USER_CLAIMS), config, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("claims key: \"hasura\" not found");
    }

    @Test
    void namespacePath() {
        JwtClaimsConfig config = JwtClaimsConfig.namespacePath(JsonPath.parse("$.hasura.claims"), ClaimsFormat.JSON);
        JsonValue t = json("{'sub': '1', 'hasura': {'claims': " + USER_CLAIMS + "}}");
        Session s = Session.fromJwtClaims(t, config, Optional.of("editor"));
        assertThat(s.role()).isEqualTo("editor");
        assertThat(s.variable("x-hasura-user-id")).contains("42");
        assertThatThrownBy(() -> Session.fromJwtClaims(json("{'hasura': {}}"), config, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("claims not found at claims_namespace_path \"$.hasura.claims\"");
        JwtClaimsConfig bracketed = JwtClaimsConfig.namespacePath(
                JsonPath.parse("$['https://example.com/claims'][0]"), ClaimsFormat.JSON);
        JsonValue t2 = json("{'https://example.com/claims': [" + USER_CLAIMS + "]}");
        assertThat(Session.fromJwtClaims(t2, bracketed, Optional.empty()).role()).isEqualTo("user");
    }

    @Test
    void stringifiedJson() {
        String stringified = Json.parse(USER_CLAIMS.replace('\'', '"')).toJson();
        JsonValue t = Json.parse("{\"https://hasura.io/jwt/claims\": " + JsonString.of(stringified).toJson() + "}");
        JwtClaimsConfig config = JwtClaimsConfig.namespace(JwtClaimsConfig.DEFAULT_NAMESPACE, ClaimsFormat.STRINGIFIED_JSON);
        Session s = Session.fromJwtClaims(t, config, Optional.empty());
        assertThat(s.variables()).containsExactly(Map.entry("x-hasura-org-ids", "{1,2}"),
                Map.entry("x-hasura-role", "user"), Map.entry("x-hasura-user-id", "42"));
        // With the json format, the string is refused.
        assertThatThrownBy(() -> Session.fromJwtClaims(t, DEFAULT, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class);
        // With stringified_json, an object is refused, and so is a string that is not a JSON object.
        assertThatThrownBy(() -> Session.fromJwtClaims(token(USER_CLAIMS), config, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessageStartingWith("expecting a string when claims_format is stringified_json, found object");
        assertThatThrownBy(() -> Session.fromJwtClaims(token("'{not json'"), config, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("expecting stringified json at claims_namespace \"https://hasura.io/jwt/claims\", but found:"
                        + " \"{not json\"");
        assertThatThrownBy(() -> Session.fromJwtClaims(token("'[1]'"), config, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessageEndingWith("but found array");
        String huge = "{\"x\": \"" + "\\n".repeat(1 << 19);
        assertThatThrownBy(() -> Session.fromJwtClaims(
                Json.parse("{\"https://hasura.io/jwt/claims\": " + JsonString.of(huge).toJson() + "}"), config, Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\n"));
    }

    @Test
    void stringifiedJsonAtANamespacePath() {
        JsonValue t = Json.parse("{\"a\": {\"b\": " + JsonString.of(json(USER_CLAIMS).toJson()).toJson() + "}}");
        JwtClaimsConfig config = JwtClaimsConfig.namespacePath(JsonPath.parse("$.a.b"), ClaimsFormat.STRINGIFIED_JSON);
        assertThat(Session.fromJwtClaims(t, config, Optional.empty()).variable("x-hasura-user-id")).contains("42");
    }

    // ------------------------------------------------------------------------------------------------- claims_map

    private static final JsonValue AUTH0_LIKE = json("{'sub': 'auth0|123', 'user': {'id': 'u-9', 'age': 40, "
            + "'roles': ['user', 'editor']}, 'org': null}");

    @Test
    void claimsMapWithPaths() {
        Map<String, ClaimMapping> map = new LinkedHashMap<>();
        map.put("x-hasura-allowed-roles", ClaimMapping.path("$.user.roles"));
        map.put("x-hasura-default-role", ClaimMapping.path("$.user.roles[0]"));
        map.put("X-Hasura-User-Id", ClaimMapping.path("$.user.id"));
        map.put("x-hasura-subject", ClaimMapping.path("$.sub"));
        Session s = Session.fromJwtClaims(AUTH0_LIKE, JwtClaimsConfig.claimsMap(map), Optional.of("editor"));
        assertThat(s.role()).isEqualTo("editor");
        assertThat(s.variables()).containsExactly(Map.entry("x-hasura-role", "editor"),
                Map.entry("x-hasura-subject", "auth0|123"), Map.entry("x-hasura-user-id", "u-9"));
    }

    @Test
    void claimsMapWithDefaultsAndLiterals() {
        Map<String, ClaimMapping> map = new LinkedHashMap<>();
        map.put("x-hasura-allowed-roles", ClaimMapping.literal(List.of("user", "viewer")));
        map.put("x-hasura-default-role", ClaimMapping.literal("viewer"));
        map.put("x-hasura-user-id", ClaimMapping.path("$.user.id"));
        map.put("x-hasura-team", ClaimMapping.path("$.user.team", JsonString.of("none")));
        map.put("x-hasura-tenant", ClaimMapping.literal("acme"));
        Session s = Session.fromJwtClaims(AUTH0_LIKE, JwtClaimsConfig.claimsMap(map), Optional.empty());
        assertThat(s.role()).isEqualTo("viewer");
        assertThat(s.variables()).containsExactly(Map.entry("x-hasura-role", "viewer"), Map.entry("x-hasura-team", "none"),
                Map.entry("x-hasura-tenant", "acme"), Map.entry("x-hasura-user-id", "u-9"));
        // The token's own roles are not used when the map gives literals.
        assertThatThrownBy(() -> Session.fromJwtClaims(AUTH0_LIKE, JwtClaimsConfig.claimsMap(map), Optional.of("editor")))
                .isInstanceOf(RoleNotAllowedException.class);
    }

    @Test
    void claimsMapDefaultsForRoles() {
        JwtClaimsConfig config = JwtClaimsConfig.parse("{\"claims_map\": {"
                + "\"x-hasura-allowed-roles\": {\"path\": \"$.roles\", \"default\": [\"anonymous\"]},"
                + "\"x-hasura-default-role\": {\"path\": \"$.role\", \"default\": \"anonymous\"}}}");
        Session s = Session.fromJwtClaims(json("{'sub': 'x'}"), config, Optional.empty());
        assertThat(s.role()).isEqualTo("anonymous");
        assertThat(s.variables()).containsOnlyKeys("x-hasura-role");
    }

    @Test
    void claimsMapPathNotFound() {
        Map<String, ClaimMapping> map = new LinkedHashMap<>();
        map.put("x-hasura-allowed-roles", ClaimMapping.path("$.user.roles"));
        map.put("x-hasura-default-role", ClaimMapping.literal("user"));
        map.put("x-hasura-user-id", ClaimMapping.path("$.user.uid"));
        assertThatThrownBy(() -> Session.fromJwtClaims(AUTH0_LIKE, JwtClaimsConfig.claimsMap(map), Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("JWT claim from claims_map, \"x-hasura-user-id\" not found");
        map.put("x-hasura-allowed-roles", ClaimMapping.path("$.roles"));
        assertThatThrownBy(() -> Session.fromJwtClaims(AUTH0_LIKE, JwtClaimsConfig.claimsMap(map), Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("JWT claim does not contain x-hasura-allowed-roles");
        map.put("x-hasura-allowed-roles", ClaimMapping.literal(List.of("user")));
        map.put("x-hasura-default-role", ClaimMapping.path("$.user.roles[7]"));
        assertThatThrownBy(() -> Session.fromJwtClaims(AUTH0_LIKE, JwtClaimsConfig.claimsMap(map), Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("JWT claim does not contain x-hasura-default-role");
    }

    @Test
    void claimsMapValuesMustBeStrings() {
        Map<String, ClaimMapping> map = new LinkedHashMap<>();
        map.put("x-hasura-allowed-roles", ClaimMapping.literal(List.of("user")));
        map.put("x-hasura-default-role", ClaimMapping.literal("user"));
        map.put("x-hasura-age", ClaimMapping.path("$.user.age"));
        assertThatThrownBy(() -> Session.fromJwtClaims(AUTH0_LIKE, JwtClaimsConfig.claimsMap(map), Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("x-hasura-* claims: \"x-hasura-age\": expected Text, encountered Number");
        // A null found at the path is a value, not "not found": the default does not apply.
        map.put("x-hasura-age", ClaimMapping.path("$.org", JsonString.of("none")));
        assertThatThrownBy(() -> Session.fromJwtClaims(AUTH0_LIKE, JwtClaimsConfig.claimsMap(map), Optional.empty()))
                .isInstanceOf(InvalidJwtClaimsException.class)
                .hasMessage("x-hasura-* claims: \"x-hasura-age\": expected Text, encountered Null");
    }

    @Test
    void theNamespaceIsNotUsedWithAClaimsMap() {
        Map<String, ClaimMapping> map = new LinkedHashMap<>();
        map.put("x-hasura-allowed-roles", ClaimMapping.literal(List.of("user")));
        map.put("x-hasura-default-role", ClaimMapping.literal("user"));
        Session s = Session.fromJwtClaims(token(USER_CLAIMS), JwtClaimsConfig.claimsMap(map), Optional.empty());
        assertThat(s.variables()).containsOnlyKeys("x-hasura-role");
    }

    @Test
    void hostileClaimValuesAreJustValues() {
        String nasty = "'; DROP TABLE t; --\\\"\u0000\u2028" + "x".repeat(1 << 20);
        String claims = "{\"x-hasura-allowed-roles\": [\"user\"], \"x-hasura-default-role\": \"user\", "
                + "\"x-hasura-nasty\": " + JsonString.of(nasty).toJson() + "}";
        Session s = Session.fromJwtClaims(Json.parse("{\"https://hasura.io/jwt/claims\": " + claims + "}"), DEFAULT,
                Optional.empty());
        assertThat(s.variable("x-hasura-nasty")).contains(nasty);
    }
}

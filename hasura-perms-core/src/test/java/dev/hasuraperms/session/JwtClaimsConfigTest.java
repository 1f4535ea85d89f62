package dev.hasuraperms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.session.JwtClaimsConfig.ClaimMapping;
import dev.hasuraperms.session.JwtClaimsConfig.ClaimsFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtClaimsConfigTest {

    private static JwtClaimsConfig parse(String json) {
        return JwtClaimsConfig.parse(json.replace('\'', '"'));
    }

    @Test
    void anEmptyConfigIsHasurasDefault() {
        assertThat(parse("{}")).isEqualTo(JwtClaimsConfig.defaults());
        assertThat(JwtClaimsConfig.defaults().claimsNamespace()).isEmpty();
        assertThat(JwtClaimsConfig.defaults().claimsFormat()).isEqualTo(ClaimsFormat.JSON);
        assertThat(JwtClaimsConfig.defaults().claimsMap()).isEmpty();
    }

    @Test
    void aWholeJwtSecretCanBePasted() {
        JwtClaimsConfig c = parse("{'type': 'RS256', 'key': '-----BEGIN PUBLIC KEY-----...', 'audience': 'app', "
                + "'issuer': 'https://issuer', 'allowed_skew': 30, 'header': {'type': 'Cookie', 'name': 'jwt'}, "
                + "'claims_namespace': 'hasura', 'claims_format': 'stringified_json'}");
        assertThat(c).isEqualTo(JwtClaimsConfig.namespace("hasura", ClaimsFormat.STRINGIFIED_JSON));
        assertThat(parse("{'jwk_url': 'https://example.com/jwks'}")).isEqualTo(JwtClaimsConfig.defaults());
    }

    @Test
    void namespacePath() {
        JwtClaimsConfig c = parse("{'claims_namespace_path': '$.hasura.claims'}");
        assertThat(c.claimsNamespacePath()).contains(JsonPath.parse("$.hasura.claims"));
        assertThat(c.claimsNamespace()).isEmpty();
    }

    @Test
    void keyAndPathAreMutuallyExclusive() {
        assertThatThrownBy(() -> parse("{'claims_namespace': 'a', 'claims_namespace_path': '$.a'}"))
                .isInstanceOfSatisfying(InvalidJwtConfigException.class,
                        e -> assertThat(e.code()).isEqualTo(DiagnosticCode.INVALID_JWT_CONFIG))
                .hasMessage("claims_namespace and claims_namespace_path both cannot be set");
        assertThatThrownBy(() -> new JwtClaimsConfig(Optional.of("a"), Optional.of(JsonPath.root()), ClaimsFormat.JSON, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badValues() {
        assertThatThrownBy(() -> parse("{'claims_format': 'yaml'}")).isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("claims_format must be \"json\" or \"stringified_json\", found \"yaml\"");
        assertThatThrownBy(() -> parse("{'claims_format': 'JSON'}")).isInstanceOf(InvalidJwtConfigException.class);
        assertThatThrownBy(() -> parse("{'claims_namespace': 5}")).isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("claims_namespace must be a string, found number");
        assertThatThrownBy(() -> parse("{'claims_namespace_path': 'hasura.claims'}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("invalid JSON path \"hasura.claims\": a path must start with $ at position 0");
        assertThatThrownBy(() -> parse("{'claims_namspace': 'x'}")).isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageStartingWith("unknown key \"claims_namspace\" in the JWT configuration");
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("the JWT claims configuration must be a JSON object, found array");
        assertThatThrownBy(() -> JwtClaimsConfig.parse("{\"a\":")).isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageStartingWith("the JWT claims configuration is not valid JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void claimsMap() {
        JwtClaimsConfig c = parse("{'claims_map': {"
                + "'x-hasura-allowed-roles': {'path': '$.hasura.all_roles'},"
                + "'x-hasura-default-role': {'path': '$.hasura.all_roles[0]'},"
                + "'X-Hasura-User-Id': {'path': '$.user.id', 'default': 'anon'},"
                + "'x-hasura-tenant': 'acme', 'x-hasura-nothing': {'path': '$.n', 'default': null}}, "
                + "'claims_namespace': 'ignored'}");
        assertThat(c.claimsMap()).containsOnlyKeys(SessionVariable.of("x-hasura-allowed-roles"),
                SessionVariable.of("x-hasura-default-role"), SessionVariable.of("x-hasura-user-id"),
                SessionVariable.of("x-hasura-tenant"), SessionVariable.of("x-hasura-nothing"));
        assertThat(c.claimsMap().get(SessionVariable.of("x-hasura-user-id")))
                .isEqualTo(new ClaimMapping.FromPath(JsonPath.parse("$.user.id"), Optional.of(JsonString.of("anon"))));
        assertThat(c.claimsMap().get(SessionVariable.of("x-hasura-tenant"))).isEqualTo(ClaimMapping.literal("acme"));
        assertThat(c.claimsMap().get(SessionVariable.of("x-hasura-nothing")))
                .isEqualTo(new ClaimMapping.FromPath(JsonPath.parse("$.n"), Optional.empty()));
        assertThat(List.copyOf(c.claimsMap().keySet())).isSorted();
    }

    @Test
    void literalAllowedRoles() {
        JwtClaimsConfig c = parse("{'claims_map': {'x-hasura-allowed-roles': ['user', 'editor'], "
                + "'x-hasura-default-role': 'user'}}");
        assertThat(c.claimsMap().get(JwtClaimsConfig.ALLOWED_ROLES)).isEqualTo(ClaimMapping.literal(List.of("user", "editor")));
    }

    @Test
    void claimsMapMustHaveTheRoleClaims() {
        assertThatThrownBy(() -> parse("{'claims_map': {'x-hasura-default-role': 'user'}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("claims_map: x-hasura-allowed-roles is expected but not found");
        assertThatThrownBy(() -> parse("{'claims_map': {'x-hasura-allowed-roles': ['user']}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("claims_map: x-hasura-default-role is expected but not found");
        assertThatThrownBy(() -> parse("{'claims_map': {}}")).isInstanceOf(InvalidJwtConfigException.class);
        assertThatThrownBy(() -> JwtClaimsConfig.claimsMap(Map.of("x-hasura-user-id", ClaimMapping.path("$.id"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void claimsMapValuesHaveTypes() {
        String roles = "'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': 'user'";
        assertThatThrownBy(() -> parse("{'claims_map': {" + roles + ", 'x-hasura-ids': [1, 2]}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("claims_map: the value of \"x-hasura-ids\" must be a string, found array");
        assertThatThrownBy(() -> parse("{'claims_map': {" + roles + ", 'x-hasura-id': {'path': '$.id', 'default': 5}}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("claims_map: the default of \"x-hasura-id\" must be a string, found number");
        assertThatThrownBy(() -> parse("{'claims_map': {'x-hasura-allowed-roles': 'user', 'x-hasura-default-role': 'user'}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageStartingWith("claims_map: the value of x-hasura-allowed-roles must be a list of role names");
        assertThatThrownBy(() -> parse("{'claims_map': {'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': ''}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageStartingWith("claims_map: the value of x-hasura-default-role must be a role name");
        assertThatThrownBy(() -> parse("{'claims_map': {" + roles + ", 'x-hasura-id': {'default': 'x'}}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageStartingWith("claims_map: the mapping of \"x-hasura-id\" is an object without a path");
        assertThatThrownBy(() -> parse("{'claims_map': {" + roles + ", 'x-hasura-id': {'path': '$.id', 'defualt': 'x'}}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageStartingWith("claims_map: unknown key \"defualt\"");
        assertThatThrownBy(() -> parse("{'claims_map': {" + roles + ", 'x-hasura-id': {'path': 'id'}}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageStartingWith("invalid JSON path \"id\"");
        assertThatThrownBy(() -> parse("{'claims_map': {" + roles + ", 'user-id': {'path': '$.id'}}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("claims_map: \"user-id\" is not a Hasura claim (claim names start with x-hasura-)");
        assertThatThrownBy(() -> parse("{'claims_map': {" + roles + ", 'x-hasura-id': 'a', 'X-Hasura-Id': 'b'}}"))
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessage("claims_map: \"x-hasura-id\" is given twice (claim names are case-insensitive)");
    }

    @Test
    void theRecordCopiesItsMap() {
        java.util.TreeMap<SessionVariable, ClaimMapping> map = new java.util.TreeMap<>();
        map.put(JwtClaimsConfig.ALLOWED_ROLES, ClaimMapping.literal(List.of("user")));
        map.put(JwtClaimsConfig.DEFAULT_ROLE, ClaimMapping.literal("user"));
        JwtClaimsConfig c = new JwtClaimsConfig(Optional.empty(), Optional.empty(), ClaimsFormat.JSON, map);
        map.clear();
        assertThat(c.claimsMap()).hasSize(2);
        assertThatThrownBy(() -> c.claimsMap().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void formatNames() {
        assertThat(ClaimsFormat.fromJsonName("stringified_json")).contains(ClaimsFormat.STRINGIFIED_JSON);
        assertThat(ClaimsFormat.JSON.jsonName()).isEqualTo("json");
        assertThat(ClaimsFormat.fromJsonName("xml")).isEmpty();
    }

    @Test
    void theParsedConfigReadsTokens() {
        JwtClaimsConfig c = JwtClaimsConfig.parse(
                "{\"claims_namespace_path\": \"$.https://hasura.io/jwt/claims\"}".replace("$.https://hasura.io/jwt/claims",
                        "$['https://hasura.io/jwt/claims']"));
        Session s = Session.fromJwtClaims(Json.parse("{\"https://hasura.io/jwt/claims\": {\"x-hasura-allowed-roles\": "
                + "[\"user\"], \"x-hasura-default-role\": \"user\"}}"), c, Optional.empty());
        assertThat(s.role()).isEqualTo("user");
    }
}

package dev.hasuraperms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.Json;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final SessionVariable USER_ID = SessionVariable.of("x-hasura-user-id");

    // ------------------------------------------------------------------------------------------------ Session.of

    @Test
    void namesAreCaseInsensitiveAndStoredLowerCase() {
        Session s = Session.of("user", Map.of("X-Hasura-User-Id", "42", "X-HASURA-ORG-ID", "7"));
        assertThat(s.role()).isEqualTo("user");
        assertThat(s.variables()).containsExactly(
                Map.entry("x-hasura-org-id", "7"), Map.entry("x-hasura-role", "user"), Map.entry("x-hasura-user-id", "42"));
        assertThat(s.variable(USER_ID)).contains("42");
        assertThat(s.variable(SessionVariable.of("X-HASURA-USER-ID"))).contains("42");
        assertThat(s.variable("x-Hasura-user-ID")).contains("42");
        assertThat(s.variable(SessionVariable.of("x-hasura-other"))).isEmpty();
        assertThat(s.requireVariable(USER_ID)).isEqualTo("42");
    }

    @Test
    void theSessionAlwaysHoldsTheRole() {
        Session s = Session.of("editor", Map.of());
        assertThat(s.variables()).containsExactly(Map.entry("x-hasura-role", "editor"));
        assertThat(s.variable(Session.ROLE)).contains("editor");
        assertThat(Session.of("editor", Map.of("X-Hasura-Role", "editor"))).isEqualTo(s);
    }

    @Test
    void aRoleVariableMustAgreeWithTheRole() {
        assertThatThrownBy(() -> Session.of("user", Map.of("x-hasura-role", "admin")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x-hasura-role \"admin\" disagrees with the role \"user\"");
        // Role names are case-sensitive.
        assertThatThrownBy(() -> Session.of("user", Map.of("x-hasura-role", "User")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesMustStartWithXHasura() {
        assertThatThrownBy(() -> Session.of("user", Map.of("user-id", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a session variable name (it must start with x-hasura-): \"user-id\"");
        assertThatThrownBy(() -> Session.of("user", Map.of("x-hasura", "1"))).isInstanceOf(IllegalArgumentException.class);
        // A long s (U+017F) upper-cases to S, but Hasura lower-cases names: this is not x-hasura-.
        assertThatThrownBy(() -> Session.of("user", Map.of("x-ha\u017fura-id", "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyRoleIsRefused() {
        assertThatThrownBy(() -> Session.of("", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesDifferingOnlyInCaseMustAgree() {
        Map<String, String> same = new LinkedHashMap<>();
        same.put("X-Hasura-User-Id", "1");
        same.put("x-hasura-user-id", "1");
        assertThat(Session.of("user", same).variable(USER_ID)).contains("1");
        Map<String, String> different = new LinkedHashMap<>();
        different.put("X-Hasura-User-Id", "1");
        different.put("x-hasura-user-id", "2");
        assertThatThrownBy(() -> Session.of("user", different))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"x-hasura-user-id\" is given twice with different values");
    }

    @Test
    void adminSecretsNeverEnterASession() {
        Session s = Session.of("user", Map.of("X-Hasura-Admin-Secret", "s3cret", "x-hasura-access-key", "k", "x-hasura-a", "1"));
        assertThat(s.variables()).containsOnlyKeys("x-hasura-a", "x-hasura-role");
    }

    @Test
    void anEmptyValueIsPresent() {
        Session s = Session.of("user", Map.of("x-hasura-user-id", ""));
        assertThat(s.variable(USER_ID)).contains("");
    }

    @Test
    void theSessionIsImmutable() {
        Map<String, String> input = new TreeMap<>(Map.of("x-hasura-user-id", "1"));
        Session s = Session.of("user", input);
        input.put("x-hasura-user-id", "2");
        assertThat(s.variable(USER_ID)).contains("1");
        assertThatThrownBy(() -> s.variables().put("x-hasura-user-id", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.variables().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toJsonIsAnObjectOfStringsLikeHasurasSessionArgument() {
        Session s = Session.of("user", Map.of("X-Hasura-User-Id", "42", "x-hasura-allowed-ids", "{1,2}"));
        assertThat(s.toJson()).isEqualTo(Json.parse(
                "{\"x-hasura-allowed-ids\": \"{1,2}\", \"x-hasura-role\": \"user\", \"x-hasura-user-id\": \"42\"}"));
        assertThat(s.toJson().toJson())
                .isEqualTo("{\"x-hasura-allowed-ids\":\"{1,2}\",\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\"42\"}");
    }

    @Test
    void toStringShowsNamesNotValues() {
        Session s = Session.of("user", Map.of("x-hasura-user-id", "secret-ish"));
        assertThat(s.toString()).isEqualTo("Session[role=\"user\", variables=[\"x-hasura-role\", \"x-hasura-user-id\"]]");
    }

    @Test
    void equalityIsByRoleAndVariables() {
        assertThat(Session.of("user", Map.of("x-hasura-a", "1")))
                .isEqualTo(Session.of("user", Map.of("X-HASURA-A", "1")))
                .hasSameHashCodeAs(Session.of("user", Map.of("X-HASURA-A", "1")))
                .isNotEqualTo(Session.of("user", Map.of("x-hasura-a", "2")))
                .isNotEqualTo(Session.of("editor", Map.of("x-hasura-a", "1")));
    }

    // --------------------------------------------------------------------------------------------------- headers

    @Test
    void headersKeepOnlyHasuraHeadersAndDropTheAdminSecret() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer abc");
        headers.put("X-Hasura-Role", "user");
        headers.put("X-Hasura-User-Id", "42");
        headers.put("X-Hasura-Admin-Secret", "s3cret");
        headers.put("x-hasura-access-key", "old-secret");
        headers.put("X-Request-Id", "r1");
        Session s = Session.fromHeaders(headers);
        assertThat(s.role()).isEqualTo("user");
        assertThat(s.variables()).containsExactly(Map.entry("x-hasura-role", "user"), Map.entry("x-hasura-user-id", "42"));
    }

    @Test
    void headersNeedARole() {
        assertThatThrownBy(() -> Session.fromHeaders(Map.of("X-Hasura-User-Id", "42")))
                .isInstanceOfSatisfying(MissingRoleException.class,
                        e -> assertThat(e.code()).isEqualTo(DiagnosticCode.MISSING_ROLE))
                .hasMessage("missing role: the x-hasura-role header is required");
        assertThatThrownBy(() -> Session.fromHeaders(Map.of("X-Hasura-Role", "")))
                .isInstanceOf(MissingRoleException.class)
                .hasMessage("missing role: the x-hasura-role header is empty");
        // Only the x-hasura-role header names the role: an admin secret does not make the role admin.
        assertThatThrownBy(() -> Session.fromHeaders(Map.of("X-Hasura-Admin-Secret", "s3cret")))
                .isInstanceOf(MissingRoleException.class);
    }

    @Test
    void headerValuesAreVerbatim() {
        Session s = Session.fromHeaders(Map.of("x-hasura-role", "user", "x-hasura-name", " O'Brien; --\\ "));
        assertThat(s.variable("x-hasura-name")).contains(" O'Brien; --\\ ");
    }

    @Test
    void headerNamesDifferingOnlyInCaseWithDifferentValuesAreRefused() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Hasura-Role", "user");
        headers.put("x-hasura-role", "admin");
        assertThatThrownBy(() -> Session.fromHeaders(headers)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void multiValueHeadersTakeTheLastValue() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Hasura-Role", List.of("anonymous", "user"));
        headers.put("X-Hasura-User-Id", List.of("1", "2", "3"));
        headers.put("X-Hasura-Org-Id", List.of());
        headers.put("Accept", List.of("a", "b"));
        Session s = Session.fromMultiValueHeaders(headers);
        assertThat(s.role()).isEqualTo("user");
        assertThat(s.variables()).containsExactly(Map.entry("x-hasura-role", "user"), Map.entry("x-hasura-user-id", "3"));
    }

    @Test
    void multiValueHeadersNeedARole() {
        assertThatThrownBy(() -> Session.fromMultiValueHeaders(Map.of("X-Hasura-Role", List.of())))
                .isInstanceOf(MissingRoleException.class);
        assertThatThrownBy(() -> Session.fromMultiValueHeaders(Map.of("X-Hasura-Role", Arrays.asList("user", ""))))
                .isInstanceOf(MissingRoleException.class);
        assertThatThrownBy(() -> Session.fromMultiValueHeaders(Map.of("X-Hasura-User-Id", List.of("1"))))
                .isInstanceOf(MissingRoleException.class);
    }
}

package dev.hasuraperms.spring;

import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsProperties;
import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsAutoConfiguration;
import dev.hasuraperms.session.JwtClaimsConfig;
import dev.hasuraperms.session.MissingRoleException;
import dev.hasuraperms.session.RoleNotAllowedException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.spring.app.Event;
import dev.hasuraperms.spring.app.EventRepository;
import dev.hasuraperms.spring.app.EventsApp;
import dev.hasuraperms.spring.jpa.JpaPermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spring Security's JWT with Hasura claims selects the role and the session. */
@SpringBootTest(classes = EventsApp.class, properties = {
        "hasura.perms.metadata=classpath:events-metadata.json",
        "spring.jpa.hibernate.ddl-auto=none",
        "spring.jpa.open-in-view=false"})
class JwtSessionTest {

    @Autowired
    JpaPermissions perms;
    @Autowired
    EventRepository events;
    @Autowired
    SessionResolver sessions;

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    private static long count(String where) {
        return ((Number) EventsApp.database().query("SELECT count(*) AS n FROM events WHERE " + where).get(0).get("n"))
                .longValue();
    }

    private static void authenticate(Map<String, Object> hasuraClaims) {
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "RS256").subject("someone")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60))
                .claim("https://hasura.io/jwt/claims", hasuraClaims).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
    }

    private static void roleHeader(String role) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Hasura-Role", role);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @Test
    void theTokensDefaultRoleAndVariablesMakeTheSession() {
        authenticate(Map.of("x-hasura-allowed-roles", List.of("user", "fan"), "x-hasura-default-role", "user",
                "X-Hasura-User-Id", "3", "x-hasura-fan-of", "happy%"));
        Session s = sessions.resolve();
        assertThat(s.role()).isEqualTo("user");
        assertThat(s.variable("x-hasura-user-id")).contains("3");
        assertThat(events.count(perms.select(Event.class))).isEqualTo(count("user_id = 3"));
    }

    @Test
    void theRoleHeaderSelectsAnAllowedRole() {
        authenticate(Map.of("x-hasura-allowed-roles", List.of("user", "fan"), "x-hasura-default-role", "user",
                "x-hasura-user-id", "3", "x-hasura-fan-of", "happy%"));
        roleHeader("fan");
        assertThat(events.count(perms.select(Event.class)))
                .isEqualTo(count("user_id = (SELECT id FROM users WHERE username ILIKE 'happy%')"));
        roleHeader("writer");
        assertThatThrownBy(() -> perms.select(Event.class)).isInstanceOf(RoleNotAllowedException.class);
    }

    @Test
    void noTokenNoSessionButSessionContextWins() {
        assertThatThrownBy(() -> perms.select(Event.class)).isInstanceOf(MissingRoleException.class);
        Session explicit = Session.of("user", Map.of("x-hasura-user-id", "4"));
        assertThat(SessionContext.callAs(explicit, () -> events.count(perms.select(Event.class))))
                .isEqualTo(count("user_id = 4"));
    }

    @Test
    void claimsMappingFromProperties() {
        HasuraPermsProperties.Jwt props = new HasuraPermsProperties.Jwt();
        props.setClaimsNamespacePath("$.app.hasura");
        props.setClaimsFormat("stringified_json");
        JwtClaimsConfig config = HasuraPermsAutoConfiguration.claimsConfig(props);
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "RS256")
                .claim("app", Map.of("hasura", "{\"x-hasura-allowed-roles\":[\"user\"],"
                        + "\"x-hasura-default-role\":\"user\",\"x-hasura-user-id\":\"5\"}")).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
        Session s = new JwtSessionResolver(config, name -> Optional.empty()).resolve();
        assertThat(s.role()).isEqualTo("user");
        assertThat(s.variable("x-hasura-user-id")).contains("5");
    }
}

package dev.hasuraperms.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.session.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: with trusted headers (the only mode {@link HeaderSessionResolver} runs in), {@code X-Hasura-Role: admin}
 * is Hasura's admin, as a request with the admin secret is; any other role is an ordinary session.
 */
class HeaderSessionResolverAdminTest {

    @Test
    void theAdminRoleHeaderGivesTheTrustedAdminKeepingTheVariables() {
        Session s = new HeaderSessionResolver(() -> Map.of("X-Hasura-Role", List.of("admin"),
                "X-Hasura-User-Id", List.of("7"))).resolve();
        assertThat(s.trustedAdmin()).isTrue();
        assertThat(s.role()).isEqualTo("admin");
        assertThat(s.variable("x-hasura-user-id")).contains("7");
        Session user = new HeaderSessionResolver(() -> Map.of("X-Hasura-Role", List.of("user"))).resolve();
        assertThat(user.trustedAdmin()).isFalse();
    }
}

package dev.hasuraperms.spring;

import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsAutoConfiguration;
import dev.hasuraperms.session.MissingRoleException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.spring.app.EventsApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import javax.sql.DataSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Header sessions only with the explicit opt-in; the JWT resolver ignores X-Hasura-* variable headers. */
class SessionResolverConfigTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HasuraPermsAutoConfiguration.class))
            .withBean(DataSource.class, () -> EventsApp.database().dataSource())
            .withPropertyValues("hasura.perms.metadata=classpath:events-metadata.json");

    @AfterEach
    void clear() {
        RequestContextHolder.resetRequestAttributes();
    }

    private static void headers(Map<String, String> headers) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        headers.forEach(request::addHeader);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @Test
    void headersAreIgnoredWithoutTheOptIn() {
        runner.run(ctx -> {
            headers(Map.of("X-Hasura-Role", "user", "X-Hasura-User-Id", "1"));
            assertThat(ctx.getBean(SessionResolver.class)).isNotNull();
            assertThatThrownBy(() -> ctx.getBean(SessionResolver.class).resolve())
                    .isInstanceOf(MissingRoleException.class);
        });
    }

    @Test
    void trustedHeadersOptInReadsTheSessionFromHeaders() {
        runner.withPropertyValues("hasura.perms.session.trusted-headers=true").run(ctx -> {
            headers(Map.of("X-Hasura-Role", "user", "X-Hasura-User-Id", "1"));
            Session s = ctx.getBean(SessionResolver.class).resolve();
            assertThat(s.role()).isEqualTo("user");
            assertThat(s.variable("x-hasura-user-id")).contains("1");
            headers(Map.of("X-Hasura-User-Id", "1"));
            assertThatThrownBy(() -> ctx.getBean(SessionResolver.class).resolve())
                    .isInstanceOf(MissingRoleException.class);
            // an explicit session wins over the headers
            Session explicit = Session.of("writer", Map.of("x-hasura-user-id", "3"));
            assertThat(SessionContext.callAs(explicit, () -> ctx.getBean(SessionResolver.class).resolve()))
                    .isEqualTo(explicit);
        });
    }
}

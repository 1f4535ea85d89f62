package dev.hasuraperms.spring;

import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsAutoConfiguration;
import dev.hasuraperms.jooq.PermissionListener;
import dev.hasuraperms.jooq.UnsecuredStatementException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.spring.app.EventsApp;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** hasura.perms.jooq.auto-apply installs the jOOQ listener in Spring Boot's DSLContext; off by default. */
class JooqAutoApplyTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JooqAutoConfiguration.class, HasuraPermsAutoConfiguration.class))
            .withBean(DataSource.class, () -> EventsApp.database().dataSource())
            .withPropertyValues("hasura.perms.metadata=classpath:events-metadata.json");

    @Test
    void autoApplyFiltersEveryStatementOfBootsDslContext() {
        runner.withPropertyValues("hasura.perms.jooq.auto-apply=true").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(PermissionListener.class);
            DSLContext dsl = ctx.getBean(DSLContext.class);
            long n = SessionContext.callAs(Session.of("user", Map.of("X-Hasura-User-Id", "2")),
                    () -> dsl.fetchCount(DSL.table(DSL.name("public", "events"))));
            long expected = ((Number) EventsApp.database().query(
                    "SELECT count(*) AS n FROM events WHERE user_id = 2").get(0).get("n")).longValue();
            assertThat(n).isEqualTo(expected);
        });
    }

    @Test
    void plainSqlIsRefusedUnlessThePropertyOptsOut() {
        runner.withPropertyValues("hasura.perms.jooq.auto-apply=true").run(ctx -> {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            assertThatThrownBy(() -> SessionContext.callAs(Session.of("user", Map.of("X-Hasura-User-Id", "2")),
                    () -> dsl.fetch("SELECT id FROM events"))).isInstanceOf(UnsecuredStatementException.class);
        });
        runner.withPropertyValues("hasura.perms.jooq.auto-apply=true", "hasura.perms.jooq.plain-sql=pass").run(ctx -> {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            int all = SessionContext.callAs(Session.of("user", Map.of("X-Hasura-User-Id", "2")),
                    () -> dsl.fetch("SELECT id FROM events").size());
            assertThat((long) all).isEqualTo(((Number) EventsApp.database().query(
                    "SELECT count(*) AS n FROM events").get(0).get("n")).longValue());
        });
    }

    @Test
    void offByDefault() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PermissionListener.class));
    }
}

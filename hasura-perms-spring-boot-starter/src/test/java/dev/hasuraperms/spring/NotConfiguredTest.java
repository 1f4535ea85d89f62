package dev.hasuraperms.spring;

import dev.hasuraperms.spring.boot.autoconfigure.NotConfiguredException;
import dev.hasuraperms.spring.boot.autoconfigure.NotConfiguredFailureAnalyzer;
import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsLoader;
import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsDisabledConfiguration;
import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsAutoConfiguration;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.spring.app.EventsApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** On the class path but unconfigured, the module stops start-up; hasura.perms.enabled=false is the logged opt-out. */
@ExtendWith(OutputCaptureExtension.class)
class NotConfiguredTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HasuraPermsAutoConfiguration.class,
                    HasuraPermsDisabledConfiguration.class))
            .withBean(DataSource.class, () -> EventsApp.database().dataSource());

    @Test
    void unsetMetadataStopsStartUpWithAnExplanation() {
        runner.run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable t = ctx.getStartupFailure();
            NotConfiguredException e = find(t);
            assertThat(e.getMessage()).contains("hasura.perms.metadata is not set");
            FailureAnalysis a = new NotConfiguredFailureAnalyzer().analyze(t);
            assertThat(a).isNotNull();
            assertThat(a.getAction()).contains("hasura.perms.enabled=false").contains("hasura.perms.metadata=");
        });
    }

    @Test
    void blankMetadataIsUnsetNotTheRoot() {
        for (String blank : new String[] {"", "   "}) {
            runner.withPropertyValues("hasura.perms.metadata=" + blank).run(ctx -> {
                assertThat(ctx).hasFailed();
                assertThat(find(ctx.getStartupFailure()).getMessage()).contains("blank");
            });
        }
    }

    @Test
    void explicitOptOutDisablesTheModuleAndSaysSo(CapturedOutput output) {
        runner.withPropertyValues("hasura.perms.enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(CheckedPermissions.class)
                    .doesNotHaveBean(SessionResolver.class);
        });
        assertThat(output.getOut() + output.getErr()).contains("hasura-perms is disabled (hasura.perms.enabled=false)");
    }

    @Test
    void configuredStartsAsBefore() {
        runner.withPropertyValues("hasura.perms.metadata= classpath:events-metadata.json ")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(CheckedPermissions.class));
    }

    @Test
    void metadataWithoutADataSourceStopsStartUpInsteadOfCreatingNoPermissions() {
        ApplicationContextRunner noDataSource = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HasuraPermsAutoConfiguration.class))
                .withPropertyValues("hasura.perms.metadata=classpath:events-metadata.json");
        noDataSource.run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable t = ctx.getStartupFailure();
            assertThat(find(t).getMessage()).contains("no DataSource bean");
            FailureAnalysis a = new NotConfiguredFailureAnalyzer().analyze(t);
            assertThat(a).isNotNull();
            assertThat(a.getAction()).contains("Declare a DataSource bean").contains("CheckedPermissions bean");
        });
        // several DataSources, none @Primary: which database the permissions apply to is ambiguous
        noDataSource.withBean("one", DataSource.class, () -> EventsApp.database().dataSource())
                .withBean("two", DataSource.class, () -> EventsApp.database().dataSource())
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(find(ctx.getStartupFailure()).getMessage()).contains("several DataSource beans");
                });
        // the application's own CheckedPermissions (checked elsewhere) needs no DataSource: the module runs on it
        CheckedPermissions own = HasuraPermsLoader.load(new org.springframework.core.io.ClassPathResource(
                "events-metadata.json"), EventsApp.database().dataSource(), java.util.List.of());
        noDataSource.withBean(CheckedPermissions.class, () -> own)
                .run(ctx -> assertThat(ctx).hasNotFailed().getBean(CheckedPermissions.class).isSameAs(own));
    }

    private static NotConfiguredException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NotConfiguredException e) {
                return e;
            }
        }
        throw new AssertionError("no NotConfiguredException in " + t, t);
    }
}

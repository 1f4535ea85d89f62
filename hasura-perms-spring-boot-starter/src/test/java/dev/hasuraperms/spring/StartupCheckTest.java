package dev.hasuraperms.spring;

import dev.hasuraperms.spring.boot.autoconfigure.HasuraPermsLoader;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.spring.app.EventsApp;
import dev.hasuraperms.spring.jpa.JpaPermissions;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Metadata that cannot be enforced stops start-up, listing every diagnostic. */
@SpringBootTest(classes = EventsApp.class, properties = {
        "hasura.perms.metadata=classpath:events-metadata.json",
        "spring.jpa.hibernate.ddl-auto=none",
        "spring.jpa.open-in-view=false"})
class StartupCheckTest {

    @Autowired
    EntityManagerFactory emf;

    @Test
    void metadataThatDoesNotTypeCheckStopsStartUpWithAllDiagnostics() {
        Throwable t = catchThrowable(() -> new SpringApplicationBuilder(EventsApp.class).web(org.springframework.boot.WebApplicationType.NONE)
                .properties("hasura.perms.metadata=classpath:broken-metadata.json",
                        "spring.jpa.hibernate.ddl-auto=none", "spring.main.banner-mode=off")
                .run().close());
        assertThat(t).isNotNull();
        DiagnosticException d = rootDiagnostic(t);
        assertThat(d.errors()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(d.getMessage()).contains("no_such_column").contains("no_such_relationship");
    }

    @Test
    void permissionsTheEntitiesCannotExpressAreRefusedAllAtOnce() {
        CheckedPermissions checked = HasuraPermsLoader.load(new ClassPathResource("unmappable-metadata.json"),
                EventsApp.database().dataSource(), List.of());
        assertThatThrownBy(() -> JpaPermissions.of(checked, emf, () -> {
            throw new IllegalStateException("no session needed");
        })).isInstanceOfSatisfying(DiagnosticException.class, e -> {
            assertThat(e.errors()).extracting(Diagnostic::code).containsOnly(DiagnosticCode.UNMAPPED_PERMISSION);
            assertThat(e.errors()).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m)
                    .contains("role regex").contains("REGEX"));
            assertThat(e.errors()).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m)
                    .contains("role jsonb").contains("HAS_KEY"));
        });
        // with a table missing from the entities
        CheckedPermissions inherited = HasuraPermsLoader.load(new ClassPathResource("events-metadata.json"),
                EventsApp.database().dataSource(), List.of());
        assertThat(JpaPermissions.of(inherited, emf, () -> null)).isNotNull();
    }

    private static DiagnosticException rootDiagnostic(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DiagnosticException d) {
                return d;
            }
        }
        throw new AssertionError("no DiagnosticException in " + t, t);
    }
}

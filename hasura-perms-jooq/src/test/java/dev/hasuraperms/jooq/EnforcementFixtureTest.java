package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared enforcement fixture checks clean against its own DDL (the backends' tests rely on it). */
class EnforcementFixtureTest {

    @Test
    void enforcementFixtureChecksClean() {
        DdlSchemaReader.Result ddl = DdlSchemaReader.readFiles(List.of(Fixtures.path("enforcement/schema.sql")));
        assertThat(ddl.diagnostics()).isEmpty();
        CheckResult r = PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")),
                ddl.schema());
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.orThrow().rules()).hasSize(10);
    }
}

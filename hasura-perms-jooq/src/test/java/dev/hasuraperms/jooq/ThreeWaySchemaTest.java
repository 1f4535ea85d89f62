package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresServer;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same database read three ways — live catalog, DDL scripts, JSON snapshot — gives equal schemas, and the
 * hasura-events seed type-checks clean against each.
 */
class ThreeWaySchemaTest {

    private static DatabaseSchema live(String sqlFixture) throws Exception {
        try (TestDatabase db = PostgresServer.shared().createDatabase("threeway")) {
            db.execute(Fixtures.read(sqlFixture));
            try (Connection c = db.connection()) {
                return JdbcSchemaReader.defaults().read(c);
            }
        }
    }

    @Test
    void hasuraEventsLiveDdlAndSnapshotAreEqualAndTheSeedChecksCleanAgainstEach() throws Exception {
        DatabaseSchema live = live("hasura-events/sql/schema.sql");
        DdlSchemaReader.Result ddl = DdlSchemaReader.readFiles(List.of(Fixtures.path("hasura-events/sql/schema.sql")));
        assertThat(ddl.diagnostics()).isEmpty();
        DatabaseSchema migrations = DdlSchemaReader.readMigrations(Fixtures.path("hasura-events/migrations")).orThrow();
        DatabaseSchema snapshot = SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json"));
        assertThat(ddl.schema()).isEqualTo(live);
        assertThat(migrations).isEqualTo(live);
        assertThat(snapshot).isEqualTo(live);
        for (String form : List.of("hasura-events/export/metadata.json", "hasura-events/metadata", "hasura-events/api/operations.json")) {
            Metadata m = MetadataLoader.defaults().load(Fixtures.path(form));
            for (DatabaseSchema s : List.of(live, ddl.schema(), snapshot)) {
                CheckResult r = PermissionChecker.check(m, s);
                assertThat(r.diagnostics()).as(form).isEmpty();
                assertThat(r.orThrow().rules()).hasSize(4);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"relationships/sql/schema.sql", "check/schema.sql"})
    void otherFixturesReadTheSameLiveAndFromDdl(String sql) throws Exception {
        DdlSchemaReader.Result ddl = DdlSchemaReader.readFiles(List.of(Fixtures.path(sql)));
        assertThat(ddl.diagnostics()).isEmpty();
        assertThat(ddl.schema()).isEqualTo(live(sql));
    }
}

package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresServer;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The schemas the core tests check against as snapshots are what PostgreSQL says they are, and the seed
 * type-checks clean against the live database.
 */
class LiveSchemaCheckTest {

    private static DatabaseSchema read(String sqlFixture) throws Exception {
        try (TestDatabase db = PostgresServer.shared().createDatabase("live_" + sqlFixture.replaceAll("\\W", "_"))) {
            db.execute(Fixtures.read(sqlFixture));
            try (Connection c = db.connection()) {
                return JdbcSchemaReader.defaults().read(c);
            }
        }
    }

    @Test
    void checkFixtureSnapshotMatchesItsSql() throws Exception {
        SchemaFixtures.assertMatchesSnapshot(read("check/schema.sql"), "check/schema.json");
    }

    @Test
    void seedTypeChecksCleanAgainstTheLiveSchema() throws Exception {
        DatabaseSchema live = read("hasura-events/sql/schema.sql");
        for (String form : new String[]{"hasura-events/export/metadata.json", "hasura-events/metadata",
            "hasura-events/api/operations.json"}) {
            Metadata m = MetadataLoader.defaults().load(Fixtures.path(form));
            CheckResult r = PermissionChecker.check(m, live);
            assertThat(r.diagnostics()).as(form).isEmpty();
            assertThat(r.isOk()).isTrue();
        }
    }
}

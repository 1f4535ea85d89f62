package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cell redaction for inherited roles in enforced selects (reference §6.4, fixtures/inherited-roles-db): a column only
 * some parents grant is read as {@code CASE WHEN <their condition> THEN col ELSE NULL END}, as Hasura reads it.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureSelectRedactionTest {

    private static final QualifiedName USERS = QualifiedName.of("users");
    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("inherited-roles-db/schema.sql"));
        db.execute(Fixtures.read("inherited-roles-db/data.sql"));
        try (Connection c = db.connection()) {
            CheckedPermissions checked = PermissionChecker.check(
                    MetadataLoader.defaults().load(Fixtures.path("inherited-roles-db/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow();
            secure = SecureJdbc.create(checked);
        }
    }

    @Test
    void aRedactedColumnIsNullOutsideTheGrantingParentsRows() throws Exception {
        Session userAnon = Session.of("user_anon", Map.of("X-Hasura-User-Id", "2"));
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.select(c, userAnon, USERS).columns("id", "email")
                    .orderBy(OrderBy.asc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(1, 2, 3, 4);
            assertThat(rows).extracting(r -> r.get("email"))
                    .containsExactly(null, "bob@example.com", null, null);
            assertThat(rows.get(0).keySet()).containsExactly("id", "email");
        }
    }

    @Test
    void orderingByARedactedColumnOrdersByTheRedactedValue() throws Exception {
        Session userAnon = Session.of("user_anon", Map.of("X-Hasura-User-Id", "3"));
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.select(c, userAnon, USERS).columns("id", "email")
                    .orderBy(OrderBy.asc("email").nullsLast(), OrderBy.asc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).as("cy's own email, then the redacted nulls (limit 4)")
                    .containsExactly(3, 1, 2, 4);
        }
    }
}

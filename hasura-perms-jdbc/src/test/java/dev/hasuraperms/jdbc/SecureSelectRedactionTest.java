package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Cell redaction of inherited roles in {@link SecureSelect}, on fixtures/inherited-roles-db (the worked example of
 * reference §6.4: {@code user_anon = [user, anonymous]} reads every user, the email only on the caller's own row).
 * Both backends, with the evaluator, are compared in hasura-perms-jooq's {@code InheritedRolesDatabaseTest}.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureSelectRedactionTest {

    private static final QualifiedName USERS = QualifiedName.of("users");

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("inherited-roles-db/schema.sql"));
        db.execute(Fixtures.read("inherited-roles-db/data.sql"));
        secure = SecureJdbc.of(PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("inherited-roles-db/metadata.json")),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow());
    }

    private static Session userAnon(int uid) {
        return Session.of("user_anon", Map.of("X-Hasura-User-Id", Integer.toString(uid)));
    }

    @Test
    void theRedactedColumnIsReadSelectedFilteredAndOrderedRedacted() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.select(c, userAnon(3), USERS).alias("u").columns("id", "email")
                    .orderBy(OrderBy.asc("email"), OrderBy.asc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(3, 1, 2, 4);
            assertThat(rows).extracting(r -> r.get("email")).containsExactly("cy@example.com", null, null, null);
            assertThat(secure.select(c, userAnon(3), USERS).where(SqlCondition.of("users.email LIKE ?", "%@example.com"))
                    .fetchMaps()).extracting(r -> r.get("id")).containsExactly(3);
        }
    }

    @Test
    void sessionValuesOfTheRedactionAreBoundNotWritten() {
        SqlStatement a = secure.select(noSql(), userAnon(2), USERS).statement();
        SqlStatement b = secure.select(noSql(), userAnon(5), USERS).statement();
        assertThat(a.sql()).isEqualTo(b.sql()).contains("CASE WHEN (\"users\".\"id\" = ?::int4) THEN \"users\".\"email\" ELSE NULL END AS \"email\"")
                .doesNotContain("= 2");
        assertThat(a.values()).containsExactly(2, 4);
        assertThat(b.values()).containsExactly(5, 4);
    }
}

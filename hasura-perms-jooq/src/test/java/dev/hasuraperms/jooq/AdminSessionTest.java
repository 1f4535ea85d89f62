package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 18: Hasura's admin (every column, no filter, on every tracked table) as the host's explicit opt-in,
 * {@code Session.admin()}, on both backends; a session that merely names the role {@code admin} has no permission.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSessionTest {

    private static final QualifiedName ARTICLES = QualifiedName.of("articles");
    private static final Table<?> A = DSL.table(DSL.name("public", "articles")).as("a");

    private TestDatabase db;
    private CheckedPermissions checked;
    private SecureJdbc jdbc;
    private SecureDsl jooq;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("enforcement/schema.sql"));
        try (Connection c = db.connection()) {
            checked = PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow();
        }
        jdbc = SecureJdbc.of(checked);
        jooq = SecureDsl.of(DSL.using(db.dataSource(), SQLDialect.POSTGRES), JooqPermissions.of(checked));
    }

    @BeforeEach
    void data() {
        db.execute(Fixtures.read("enforcement/data.sql"));
    }

    @Test
    void theTrustedAdminReadsEveryRowAndColumnOnBothBackends() throws Exception {
        int columns = db.query("SELECT * FROM articles LIMIT 1").get(0).size();
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = jdbc.select(c, Session.admin(), ARTICLES).fetchMaps();
            assertThat(rows).hasSize(5).allSatisfy(r -> assertThat(r).hasSize(columns));
            assertThat(jdbc.select(c, Session.admin(), ARTICLES).where(jdbc.permissions().callerFilter(ARTICLES,
                    "articles", Session.admin(), Json.parse("{\"created_by\": {\"_is_null\": true}}"))).fetchMaps())
                    .as("a caller's where may read every column").hasSize(5);
        }
        List<Record> rows = jooq.select(Session.admin(), A).fetch();
        assertThat(rows).hasSize(5).allSatisfy(r -> assertThat(r.size()).isEqualTo(columns));
    }

    @Test
    void theTrustedAdminWritesAnyRowWithoutPresetsOrChecksOnBothBackends() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(jdbc.update(c, Session.admin(), ARTICLES).set("rating", 0).set("author_id", 3).execute()
                    .affectedRows()).isEqualTo(5);
            assertThat(jdbc.insert(c, Session.admin(), ARTICLES)
                    .values(Map.of("author_id", 4, "title", "by admin", "created_by", "ops")).execute().affectedRows()).isEqualTo(1);
        }
        assertThat(db.query("SELECT count(*) AS n FROM articles WHERE updated_by IS NULL AND author_id = 3").get(0).get("n"))
                .as("no preset, any column, no check").isEqualTo(5L);
        assertThat(jooq.deleteFrom(Session.admin(), A).execute().affectedRows()).isEqualTo(6);
    }

    @Test
    void aRoleNamedAdminIsNotTheAdmin() throws Exception {
        for (Session s : List.of(Session.of("admin", Map.of()), Session.fromHeaders(Map.of("X-Hasura-Role", "admin")))) {
            assertThat(s.trustedAdmin()).isFalse();
            try (Connection c = db.connection()) {
                assertThatThrownBy(() -> jdbc.select(c, s, ARTICLES).fetchMaps()).isInstanceOf(PermissionDeniedException.class);
                assertThatThrownBy(() -> jdbc.permissions().selectFilter(ARTICLES, "a", s))
                        .isInstanceOf(PermissionDeniedException.class);
            }
            assertThatThrownBy(() -> jooq.select(s, A).fetch()).isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> jooq.update(s, A).set(Map.of("title", "x")).execute())
                    .isInstanceOf(PermissionDeniedException.class);
            assertThat(checked.forSession(s)).isSameAs(checked);
            assertThat(checked.select(ARTICLES, "admin")).isEmpty();
        }
        assertThat(Session.admin().trustedAdmin()).isTrue();
        assertThat(Session.admin()).isNotEqualTo(Session.of("admin", Map.of()));
        assertThat(checked.forSession(Session.admin()).select(ARTICLES, "admin")).isPresent();
        assertThat(Session.admin().withBackendOnlyPermissions().trustedAdmin()).isTrue();
    }
}

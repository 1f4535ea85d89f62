package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A preset may be one of PostgreSQL's special date/time inputs ({@code 'NOW()'}, {@code today}, ...), as in Hasura's
 * graphql_mutation/insert/permissions setup ({@code set: {last_updated: 'NOW()'}}): PostgreSQL evaluates it when the
 * write runs.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureDateTimePresetTest {

    private static final QualifiedName BLOG = QualifiedName.of("blog");
    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute("CREATE TABLE blog (id serial PRIMARY KEY, title text, last_updated timestamptz, day date)");
        secure = SecureJdbc.of(SecureTesting.checked(db, """
                version: 3
                sources:
                  - name: default
                    tables:
                      - table: blog
                        insert_permissions:
                          - {role: user, permission: {columns: [title], check: {}, set: {last_updated: 'NOW()', day: ' Today '}}}
                        update_permissions:
                          - {role: user, permission: {columns: [title], filter: {}, set: {last_updated: now}}}
                """));
    }

    @Test
    void specialDateTimeInputsArePresetsEvaluatedByPostgresqlAtWriteTime() throws Exception {
        Session user = Session.of("user", Map.of());
        try (Connection c = db.connection()) {
            assertThat(secure.insert(c, user, BLOG).values(Map.of("title", "a")).execute().affectedRows()).isEqualTo(1);
        }
        List<Map<String, Object>> rows = db.query("SELECT last_updated BETWEEN now() - interval '1 minute' AND now() AS fresh,"
                + " day = current_date AS today FROM blog");
        assertThat(rows).containsExactly(Map.of("fresh", true, "today", true));
        db.execute("UPDATE blog SET last_updated = '2000-01-01'");
        try (Connection c = db.connection()) {
            assertThat(secure.update(c, user, BLOG).set("title", "b").execute().affectedRows()).isEqualTo(1);
        }
        assertThat(db.query("SELECT last_updated > '2001-01-01' AS fresh FROM blog")).containsExactly(Map.of("fresh", true));
    }

    @Test
    void otherTextIsStillRefused() {
        for (String bad : new String[] {"now(1)", "n(o)w", "soon"}) {
            assertThatThrownBy(() -> SecureTesting.checked(db, """
                    version: 3
                    sources:
                      - name: default
                        tables:
                          - table: blog
                            insert_permissions:
                              - {role: user, permission: {columns: [title], check: {}, set: {last_updated: '%s'}}}
                    """.formatted(bad))).as(bad).isInstanceOf(DiagnosticException.class).hasMessageContaining("LITERAL_TYPE_MISMATCH");
        }
    }
}

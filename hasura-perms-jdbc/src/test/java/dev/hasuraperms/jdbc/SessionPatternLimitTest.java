package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.Patterns;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: a session value used as a regular expression or SIMILAR TO pattern is refused over
 * {@link Patterns#MAX_PATTERN_LENGTH} characters, before any SQL (it used to cost 20 s of validation per bind at
 * 100,000 characters); up to the limit it reaches PostgreSQL, which decides.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionPatternLimitTest {

    private static final QualifiedName NOTES = QualifiedName.of("notes");

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);"
                + "INSERT INTO notes VALUES (1, 'abc'), (2, 'xyz')");
        secure = SecureJdbc.of(SecureTesting.checked(db, """
                version: 3
                sources:
                  - name: default
                    tables:
                      - table: notes
                        select_permissions:
                          - {role: regex, permission: {columns: "*", filter: {body: {_regex: X-Hasura-Pattern}}}}
                          - {role: similar, permission: {columns: "*", filter: {body: {_similar: X-Hasura-Pattern}}}}
                """));
    }

    private List<Map<String, Object>> select(String role, String pattern) throws Exception {
        try (Connection c = db.connection()) {
            return secure.select(c, Session.of(role, Map.of("X-Hasura-Pattern", pattern)), NOTES).fetchMaps();
        }
    }

    @Test
    void aPatternOverTheLimitIsRefusedAsAnInvalidSessionVariable() {
        for (String role : List.of("regex", "similar")) {
            for (String unit : List.of("a", "-", "(a)", "[ab]")) {
                String pattern = unit.repeat(100_000 / unit.length());
                assertThatThrownBy(() -> select(role, pattern)).as("%s %s", role, unit)
                        .isInstanceOf(InvalidSessionVariableException.class)
                        .satisfies(e -> assertThat(((InvalidSessionVariableException) e).code())
                                .isEqualTo(DiagnosticCode.INVALID_SESSION_VARIABLE))
                        .hasMessageContaining("longer than the " + Patterns.MAX_PATTERN_LENGTH);
            }
        }
    }

    @Test
    void aPatternAtTheLimitReachesPostgres() throws Exception {
        String ab = "ab|" + "x".repeat(Patterns.MAX_PATTERN_LENGTH - 3);
        assertThat(select("regex", ab)).extracting(r -> r.get("id")).containsExactly(1);
        assertThat(select("similar", "%b%|" + "x".repeat(Patterns.MAX_PATTERN_LENGTH - 4)))
                .extracting(r -> r.get("id")).containsExactly(1);
    }
}

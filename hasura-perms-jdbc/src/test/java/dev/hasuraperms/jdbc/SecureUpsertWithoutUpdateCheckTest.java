package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.OnConflict;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An update permission without a {@code check} key makes an upsert check updated rows with the insert check (Hasura's
 * {@code insertOrUpdateCheckExpr}); with {@code check: {}} they pass. Also: rows without any column.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureUpsertWithoutUpdateCheckTest {

    private static final QualifiedName NOTES = QualifiedName.of("notes");
    private static final OnConflict SCORE = OnConflict.onConstraint("notes_pkey", List.of("score"));

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL DEFAULT 'empty', score int)");
        secure = SecureJdbc.of(SecureTesting.checked(db, """
                version: 3
                sources:
                  - name: default
                    tables:
                      - table: notes
                        select_permissions:
                          - {role: nocheck, permission: {columns: "*", filter: {}}}
                        insert_permissions:
                          - {role: nocheck, permission: {columns: "*", check: {score: {_lte: 10}}}}
                          - {role: emptycheck, permission: {columns: "*", check: {score: {_lte: 10}}}}
                        update_permissions:
                          - {role: nocheck, permission: {columns: [score], filter: {}}}
                          - {role: emptycheck, permission: {columns: [score], filter: {}, check: {}}}
                """));
    }

    @BeforeEach
    void data() {
        db.execute("TRUNCATE notes RESTART IDENTITY; INSERT INTO notes (id, score) VALUES (100, 1)");
    }

    @Test
    void withoutAnUpdateCheckTheInsertCheckAppliesToUpdatedRows() throws Exception {
        try (Connection c = db.connection()) {
            CheckViolationException e = catchThrowableOfType(CheckViolationException.class,
                    () -> secure.insert(c, Session.of("nocheck", Map.of()), NOTES)
                    .values(Map.of("id", 100, "score", 50)).onConflict(SCORE).execute());
            assertThat(e.operation()).isEqualTo(Operation.INSERT);
            assertThat(e.failures().get(0).explanation().orElseThrow().render()).contains("score (50)");
            assertThat(secure.update(c, Session.of("nocheck", Map.of()), NOTES).set("score", 50).execute().affectedRows())
                    .as("a plain update has no check").isEqualTo(1);
        }
    }

    @Test
    void withAnEmptyUpdateCheckUpdatedRowsPass() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.insert(c, Session.of("emptycheck", Map.of()), NOTES)
                    .values(Map.of("id", 100, "score", 50)).onConflict(SCORE).execute().affectedRows()).isEqualTo(1);
        }
        assertThat(db.query("SELECT score FROM notes")).containsExactly(Map.of("score", 50));
    }

    @Test
    void rowsWithoutAnyColumnAreWrittenWithDefaultValues() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.insert(c, Session.of("nocheck", Map.of()), NOTES).values(Map.of()).values(Map.of())
                    .returning("id", "body").execute().returning())
                    .containsExactly(Map.of("id", 1, "body", "empty"), Map.of("id", 2, "body", "empty"));
        }
        assertThat(count(db, "notes")).isEqualTo(3);
    }
}

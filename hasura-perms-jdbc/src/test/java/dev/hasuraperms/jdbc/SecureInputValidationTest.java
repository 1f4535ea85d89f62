package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.InputRejectedException;
import dev.hasuraperms.enforce.InputValidator;
import dev.hasuraperms.enforce.OnConflict;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code validate_input} (Hasura's input-validation webhook) with {@link SecureJdbc}: refused at check time without
 * an {@link InputValidator}; with one, called with Hasura's payload inside the write's transaction before any
 * statement; a rejection writes nothing, an acceptance lets the write through.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureInputValidationTest {

    private static final QualifiedName NOTES = QualifiedName.of("notes");
    private static final String METADATA = """
            version: 3
            sources:
              - name: default
                tables:
                  - table: notes
                    insert_permissions:
                      - role: user
                        permission:
                          columns: [id, title]
                          check: {}
                          set: {owner: X-Hasura-User-Id}
                          validate_input:
                            type: http
                            definition:
                              url: http://localhost:3000/validate
                              headers: [{name: X-Secret, value_from_env: SECRET}]
                              timeout: 5
                              forward_client_headers: true
                    update_permissions:
                      - role: user
                        permission:
                          columns: [title]
                          filter: {owner: {_eq: X-Hasura-User-Id}}
                          validate_input: {type: http, definition: {url: http://localhost:3000/validate-update}}
                    delete_permissions:
                      - role: user
                        permission:
                          filter: {owner: {_eq: X-Hasura-User-Id}}
                          validate_input: {type: http, definition: {url: http://localhost:3000/validate-delete}}
            """;
    private static final Session USER = Session.of("user", Map.of("X-Hasura-User-Id", "7"));

    private TestDatabase db;
    private Metadata metadata;
    private final List<InputValidator.Request> calls = new CopyOnWriteArrayList<>();
    /** What the validator answers; it also records whether the connection was in a transaction when called. */
    private volatile Function<InputValidator.Request, InputValidator.Result> answer = r -> InputValidator.Result.ok();
    private final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();
    private Connection connection;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, title text, owner text)");
        metadata = MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson());
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE notes");
        calls.clear();
        inTransaction.clear();
        answer = r -> InputValidator.Result.ok();
    }

    private SecureJdbc secure() {
        InputValidator validator = request -> {
            calls.add(request);
            try {
                inTransaction.add(!connection.getAutoCommit());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return answer.apply(request);
        };
        CheckedPermissions p = PermissionChecker.check(metadata, JdbcSchemaReader.defaults().read(db.dataSource()),
                CheckOptions.DEFAULT.withInputValidator(validator)).orThrow();
        return SecureJdbc.of(p);
    }

    @Test
    void withoutAValidatorEveryPermissionWithValidateInputIsRefusedAtCheckTime() {
        CheckResult r = PermissionChecker.check(metadata, JdbcSchemaReader.defaults().read(db.dataSource()));
        assertThat(r.permissions()).isEmpty();
        assertThat(r.diagnostics()).filteredOn(d -> d.code() == DiagnosticCode.NO_INPUT_VALIDATOR)
                .extracting(d -> d.jsonPath())
                .containsExactly("$.sources[0].tables[0].insert_permissions[0].permission.validate_input",
                        "$.sources[0].tables[0].update_permissions[0].permission.validate_input",
                        "$.sources[0].tables[0].delete_permissions[0].permission.validate_input");
    }

    @Test
    void theDefinitionIsParsedWithItsDefaults() {
        var insert = metadata.sources().get(0).tables().get(0).insertPermissions().get(0).permission().validateInput()
                .orElseThrow();
        assertThat(insert.type()).isEqualTo("http");
        assertThat(insert.url()).isEqualTo("http://localhost:3000/validate");
        assertThat(insert.timeoutSeconds()).isEqualTo(5);
        assertThat(insert.forwardClientHeaders()).isTrue();
        assertThat(insert.headers()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("X-Secret");
            assertThat(h.valueFromEnv()).hasValue("SECRET");
            assertThat(h.value()).isEmpty();
        });
        assertThat(insert.origin().jsonPath())
                .isEqualTo("$.sources[0].tables[0].insert_permissions[0].permission.validate_input");
        var update = metadata.sources().get(0).tables().get(0).updatePermissions().get(0).permission().validateInput()
                .orElseThrow();
        assertThat(update.timeoutSeconds()).isEqualTo(10);
        assertThat(update.forwardClientHeaders()).isFalse();
        assertThat(update.headers()).isEmpty();
    }

    @Test
    void anAcceptedInsertIsWrittenAfterTheValidatorSawHasurasPayloadInTheTransaction() throws Exception {
        SecureJdbc secure = secure();
        try (Connection c = db.connection()) {
            connection = c;
            assertThat(secure.insert(c, USER, NOTES).values(Map.of("id", 1, "title", "hello"))
                    .values(Map.of("id", 2)).execute().affectedRows()).isEqualTo(2);
        }
        assertThat(calls).singleElement().satisfies(r -> {
            assertThat(r.role()).isEqualTo("user");
            assertThat(r.table()).isEqualTo(NOTES);
            assertThat(r.operation()).isEqualTo(Operation.INSERT);
            assertThat(r.definition().url()).isEqualTo("http://localhost:3000/validate");
            // Presets (owner) are not part of the input, as in Hasura; a row that leaves a column out does not have it.
            assertThat(r.payload()).isEqualTo(Json.parse("""
                    {"version": 1, "session_variables": %s, "role": "user",
                     "data": {"input": [{"id": 1, "title": "hello"}, {"id": 2}]}}
                    """.formatted(USER.toJson().toJson())));
        });
        assertThat(inTransaction).containsExactly(true);
        assertThat(db.query("SELECT id, owner FROM notes ORDER BY id"))
                .containsExactly(Map.of("id", 1, "owner", "7"), Map.of("id", 2, "owner", "7"));
    }

    @Test
    void aRejectedInsertWritesNothingAndCarriesTheMessage() throws Exception {
        SecureJdbc secure = secure();
        answer = r -> InputValidator.Result.rejected("title must not be empty");
        try (Connection c = db.connection()) {
            connection = c;
            assertThatThrownBy(() -> secure.insert(c, USER, NOTES).values(Map.of("id", 1, "title", "")).execute())
                    .isInstanceOfSatisfying(InputRejectedException.class, e -> {
                        assertThat(e.code()).isEqualTo(DiagnosticCode.INPUT_REJECTED);
                        assertThat(e.rejection()).isEqualTo("title must not be empty");
                        assertThat(e.operation()).isEqualTo(Operation.INSERT);
                        assertThat(e.table()).isEqualTo(NOTES);
                    });
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(calls).hasSize(1);
        assertThat(SecureTesting.count(db, "notes")).isZero();
    }

    @Test
    void insideTheCallersTransactionARejectionKeepsTheCallersEarlierWork() throws Exception {
        SecureJdbc secure = secure();
        try (Connection c = db.connection()) {
            connection = c;
            c.setAutoCommit(false);
            secure.insert(c, USER, NOTES).values(Map.of("id", 1, "title", "kept")).execute();
            answer = r -> InputValidator.Result.rejected("no");
            assertThatThrownBy(() -> secure.insert(c, USER, NOTES).values(Map.of("id", 2)).execute())
                    .isInstanceOf(InputRejectedException.class);
            c.commit();
        }
        assertThat(db.query("SELECT id FROM notes")).containsExactly(Map.of("id", 1));
    }

    @Test
    void anUpsertIsValidatedByTheInsertPermissionsWebhook() throws Exception {
        SecureJdbc secure = secure();
        try (Connection c = db.connection()) {
            connection = c;
            secure.insert(c, USER, NOTES).values(Map.of("id", 1, "title", "a")).execute();
            answer = r -> InputValidator.Result.rejected("no upserts today");
            assertThatThrownBy(() -> secure.insert(c, USER, NOTES).values(Map.of("id", 1, "title", "b"))
                    .onConflict(OnConflict.onColumns(List.of("id"), List.of("title"))).execute())
                    .isInstanceOf(InputRejectedException.class).hasMessageContaining("no upserts today");
        }
        assertThat(calls).extracting(InputValidator.Request::operation).containsExactly(Operation.INSERT, Operation.INSERT);
        assertThat(db.query("SELECT title FROM notes")).containsExactly(Map.of("title", "a"));
    }

    @Test
    void updatesAreValidatedWithTheSetValuesAndRejectedOnesChangeNothing() throws Exception {
        db.execute("INSERT INTO notes VALUES (1, 'old', '7')");
        SecureJdbc secure = secure();
        try (Connection c = db.connection()) {
            connection = c;
            answer = r -> InputValidator.Result.rejected("read-only note");
            assertThatThrownBy(() -> secure.update(c, USER, NOTES).set("title", "new").execute())
                    .isInstanceOf(InputRejectedException.class);
            assertThat(db.query("SELECT title FROM notes")).containsExactly(Map.of("title", "old"));
            answer = r -> InputValidator.Result.ok();
            assertThat(secure.update(c, USER, NOTES).set("title", "new").execute().affectedRows()).isEqualTo(1);
        }
        assertThat(calls).hasSize(2).allSatisfy(r -> {
            assertThat(r.operation()).isEqualTo(Operation.UPDATE);
            assertThat(r.definition().url()).isEqualTo("http://localhost:3000/validate-update");
            assertThat(r.payload().get("data").orElseThrow())
                    .isEqualTo(Json.parse("{\"input\": [{\"_set\": {\"title\": \"new\"}}]}"));
        });
        assertThat(inTransaction).containsExactly(true, true);
        assertThat(db.query("SELECT title FROM notes")).containsExactly(Map.of("title", "new"));
    }

    @Test
    void deletesAreValidatedAndRejectedOnesDeleteNothing() throws Exception {
        db.execute("INSERT INTO notes VALUES (1, 'a', '7'), (2, 'b', '7')");
        SecureJdbc secure = secure();
        try (Connection c = db.connection()) {
            connection = c;
            answer = r -> InputValidator.Result.rejected("keep them");
            assertThatThrownBy(() -> secure.delete(c, USER, NOTES).execute()).isInstanceOf(InputRejectedException.class);
            assertThat(SecureTesting.count(db, "notes")).isEqualTo(2);
            answer = r -> InputValidator.Result.ok();
            assertThat(secure.delete(c, USER, NOTES).execute().affectedRows()).isEqualTo(2);
        }
        assertThat(calls).hasSize(2).allSatisfy(r -> {
            assertThat(r.operation()).isEqualTo(Operation.DELETE);
            assertThat(r.payload().get("data").orElseThrow()).isEqualTo(Json.parse("{\"input\": [{}]}"));
        });
        assertThat(inTransaction).containsExactly(true, true);
        assertThat(SecureTesting.count(db, "notes")).isZero();
    }

    @Test
    void theOtherRefusalsComeFirstAndNeverReachTheValidator() {
        SecureJdbc secure = secure();
        Connection none = SecureTesting.noSql();
        connection = none;
        // A preset column, a column outside the permission, a value of the wrong type: refused before any SQL.
        assertThatThrownBy(() -> secure.insert(none, USER, NOTES).values(Map.of("id", 1, "owner", "8")).execute())
                .isInstanceOf(dev.hasuraperms.enforce.ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.update(none, USER, NOTES).set("id", 2).execute())
                .isInstanceOf(dev.hasuraperms.enforce.ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.insert(none, USER, NOTES).values(Map.of("id", "x")).execute())
                .isInstanceOf(dev.hasuraperms.enforce.InvalidColumnValueException.class);
        assertThatThrownBy(() -> secure.delete(none, Session.of("guest", Map.of()), NOTES).execute())
                .isInstanceOf(dev.hasuraperms.check.PermissionDeniedException.class);
        assertThat(calls).isEmpty();
    }

    @Test
    void aValidatorThatThrowsStopsTheWrite() throws Exception {
        SecureJdbc secure = secure();
        answer = r -> {
            throw new IllegalStateException("webhook unreachable");
        };
        try (Connection c = db.connection()) {
            connection = c;
            assertThatThrownBy(() -> secure.insert(c, USER, NOTES).values(Map.of("id", 1)).execute())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("webhook unreachable");
        }
        assertThat(SecureTesting.count(db, "notes")).isZero();
    }
}

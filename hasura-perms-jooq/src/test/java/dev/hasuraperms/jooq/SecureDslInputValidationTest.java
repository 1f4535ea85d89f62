package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.InputRejectedException;
import dev.hasuraperms.enforce.InputValidator;
import dev.hasuraperms.enforce.OnConflict;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code validate_input} with {@link SecureDsl}: refused at check time without an {@link InputValidator}; with one,
 * called with Hasura's payload before the write in its transaction; a rejection writes nothing. The drop-in listener,
 * which cannot call it, refuses such updates and deletes.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureDslInputValidationTest {

    private static final Table<?> NOTES = table(name("public", "notes"));
    private static final Field<Integer> ID = field(name("notes", "id"), Integer.class);
    private static final Field<String> TITLE = field(name("notes", "title"), String.class);
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
                          validate_input: {type: http, definition: {url: http://localhost:3000/validate}}
                    select_permissions:
                      - role: user
                        permission: {columns: "*", filter: {}}
                    update_permissions:
                      - role: user
                        permission:
                          columns: [title]
                          filter: {owner: {_eq: X-Hasura-User-Id}}
                          validate_input: {type: http, definition: {url: http://localhost:3000/validate}}
                    delete_permissions:
                      - role: user
                        permission:
                          filter: {owner: {_eq: X-Hasura-User-Id}}
                          validate_input: {type: http, definition: {url: http://localhost:3000/validate}}
            """;
    private static final Session USER = Session.of("user", Map.of("X-Hasura-User-Id", "7"));

    private TestDatabase db;
    private Metadata metadata;
    private JooqPermissions permissions;
    private final List<InputValidator.Request> calls = new CopyOnWriteArrayList<>();
    private volatile Function<InputValidator.Request, InputValidator.Result> answer = r -> InputValidator.Result.ok();

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, title text, owner text)");
        metadata = MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson());
        InputValidator validator = request -> {
            calls.add(request);
            return answer.apply(request);
        };
        permissions = JooqPermissions.of(PermissionChecker.check(metadata,
                JdbcSchemaReader.defaults().read(db.dataSource()), CheckOptions.DEFAULT.withInputValidator(validator))
                .orThrow());
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE notes");
        calls.clear();
        answer = r -> InputValidator.Result.ok();
    }

    private SecureDsl secure() {
        return SecureDsl.of(DSL.using(db.dataSource(), SQLDialect.POSTGRES), permissions);
    }

    private int count() {
        return ((Number) db.query("SELECT count(*) AS n FROM notes").get(0).get("n")).intValue();
    }

    @Test
    void withoutAValidatorThePermissionsAreRefusedAtCheckTime() {
        CheckResult r = PermissionChecker.check(metadata, JdbcSchemaReader.defaults().read(db.dataSource()));
        assertThat(r.permissions()).isEmpty();
        assertThat(r.diagnostics()).filteredOn(d -> d.code() == DiagnosticCode.NO_INPUT_VALIDATOR).hasSize(3);
    }

    @Test
    void insertsGoThroughWhenAcceptedAndWriteNothingWhenRejected() {
        assertThat(secure().insertInto(USER, NOTES).values(Map.of("id", 1, "title", "hello")).execute().affectedRows())
                .isEqualTo(1);
        assertThat(calls).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo(Operation.INSERT);
            assertThat(r.table()).isEqualTo(QualifiedName.of("notes"));
            assertThat(r.payload()).isEqualTo(Json.parse("""
                    {"version": 1, "session_variables": %s, "role": "user",
                     "data": {"input": [{"id": 1, "title": "hello"}]}}
                    """.formatted(USER.toJson().toJson())));
        });
        answer = r -> InputValidator.Result.rejected("too short");
        assertThatThrownBy(() -> secure().insertInto(USER, NOTES).values(Map.of("id", 2, "title", "x")).execute())
                .isInstanceOfSatisfying(InputRejectedException.class, e -> assertThat(e.rejection()).isEqualTo("too short"));
        assertThatThrownBy(() -> secure().insertInto(USER, NOTES).values(Map.of("id", 1, "title", "y"))
                .onConflict(OnConflict.onColumns(List.of("id"), List.of("title"))).execute())
                .isInstanceOf(InputRejectedException.class);
        assertThat(db.query("SELECT id, title FROM notes")).containsExactly(Map.of("id", 1, "title", "hello"));
    }

    @Test
    void updatesAndDeletesAreValidatedBeforeTheyRun() {
        db.execute("INSERT INTO notes VALUES (1, 'old', '7')");
        answer = r -> InputValidator.Result.rejected("no");
        assertThatThrownBy(() -> secure().update(USER, NOTES).set(TITLE, "new").execute())
                .isInstanceOf(InputRejectedException.class);
        assertThatThrownBy(() -> secure().deleteFrom(USER, NOTES).where(ID.eq(1)).execute())
                .isInstanceOf(InputRejectedException.class);
        assertThat(db.query("SELECT title FROM notes")).containsExactly(Map.of("title", "old"));
        answer = r -> InputValidator.Result.ok();
        assertThat(secure().update(USER, NOTES).set(TITLE, "new").execute().affectedRows()).isEqualTo(1);
        assertThat(db.query("SELECT title FROM notes")).containsExactly(Map.of("title", "new"));
        assertThat(secure().deleteFrom(USER, NOTES).where(ID.eq(1)).execute().affectedRows()).isEqualTo(1);
        assertThat(count()).isZero();
        assertThat(calls).extracting(InputValidator.Request::operation)
                .containsExactly(Operation.UPDATE, Operation.DELETE, Operation.UPDATE, Operation.DELETE);
        assertThat(calls.get(0).payload().get("data").orElseThrow())
                .isEqualTo(Json.parse("{\"input\": [{\"_set\": {\"title\": \"new\"}}]}"));
        assertThat(calls.get(1).payload().get("data").orElseThrow()).isEqualTo(Json.parse("{\"input\": [{}]}"));
    }

    @Test
    void theOtherRefusalsComeFirstAndNeverReachTheValidator() {
        assertThatThrownBy(() -> secure().insertInto(USER, NOTES).values(Map.of("id", 1, "owner", "8")).execute())
                .isInstanceOf(dev.hasuraperms.enforce.ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure().update(USER, NOTES).set(ID, 2).execute())
                .isInstanceOf(dev.hasuraperms.enforce.ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure().deleteFrom(Session.of("guest", Map.of()), NOTES).execute())
                .isInstanceOf(dev.hasuraperms.check.PermissionDeniedException.class);
        assertThat(calls).isEmpty();
        assertThat(count()).isZero();
    }

    @Test
    void theListenerRefusesUpdatesAndDeletesItCannotValidate() {
        db.execute("INSERT INTO notes VALUES (1, 'old', '7')");
        DSLContext secured = PermissionListener.secure(DSL.using(db.dataSource(), SQLDialect.POSTGRES), permissions,
                () -> USER);
        assertThatThrownBy(() -> secured.update(NOTES).set(TITLE, "new").execute())
                .isInstanceOf(UnsecuredStatementException.class).hasMessageContaining("validate_input");
        assertThatThrownBy(() -> secured.deleteFrom(NOTES).execute())
                .isInstanceOf(UnsecuredStatementException.class).hasMessageContaining("validate_input");
        assertThat(calls).isEmpty();
        assertThat(db.query("SELECT title FROM notes")).containsExactly(Map.of("title", "old"));
    }
}

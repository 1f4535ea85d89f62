package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.AuditEvent;
import dev.hasuraperms.enforce.AuditEvent.Kind;
import dev.hasuraperms.enforce.AuditEvent.Outcome;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.FunctionNotAllowedException;
import dev.hasuraperms.enforce.PermissionAuditListener;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The audit listener of {@link SecureJdbc}: one event per decision, with role, target, kind, outcome and code. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureAuditTest {

    static final String SCHEMA = """
            CREATE TABLE notes (id int PRIMARY KEY, owner int NOT NULL, body text, secret text);
            CREATE FUNCTION search_notes(search text) RETURNS SETOF notes LANGUAGE sql STABLE
                AS $$ SELECT * FROM notes WHERE body ILIKE '%' || search || '%' $$;
            CREATE FUNCTION related(n notes) RETURNS SETOF notes LANGUAGE sql STABLE
                AS $$ SELECT * FROM notes WHERE owner = n.owner $$;
            """;

    static final String METADATA = """
            version: 3
            sources:
              - name: default
                kind: postgres
                tables:
                  - table: notes
                    computed_fields:
                      - name: related
                        definition: {function: related}
                    select_permissions:
                      - role: user
                        permission:
                          columns: [id, owner, body]
                          filter: {owner: {_eq: X-Hasura-User-Id}}
                      - role: analyst
                        permission: {columns: [id, owner], filter: {}, allow_aggregations: true}
                    insert_permissions:
                      - role: user
                        permission:
                          columns: [id, owner, body]
                          check: {owner: {_eq: X-Hasura-User-Id}}
                    delete_permissions:
                      - role: user
                        permission: {filter: {owner: {_eq: X-Hasura-User-Id}}}
                functions:
                  - function: search_notes
            """;

    static final QualifiedName NOTES = QualifiedName.of("notes");
    static final Session USER = Session.of("user", Map.of("X-Hasura-User-Id", "1"));
    static final Session ANALYST = Session.of("analyst", Map.of());

    private TestDatabase db;
    private CheckedPermissions checked;
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private SecureJdbc secure;

    /** Records every event. */
    private final PermissionAuditListener recorder = new PermissionAuditListener() {
        @Override
        public void onAllowed(AuditEvent event) {
            events.add(event);
        }

        @Override
        public void onRefused(AuditEvent event) {
            events.add(event);
        }
    };

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(SCHEMA);
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson()), schema)
                .orThrow();
        secure = SecureJdbc.of(checked).withAuditListener(recorder);
    }

    @BeforeEach
    void data() {
        events.clear();
        db.execute("TRUNCATE notes; INSERT INTO notes VALUES (1, 1, 'one', 's1'), (2, 2, 'two', 's2')");
    }

    private static AuditEvent allowed(String role, String target, Kind kind) {
        return new AuditEvent(role, target, kind, Outcome.ALLOWED, Optional.empty());
    }

    private static AuditEvent refused(String role, String target, Kind kind, DiagnosticCode code) {
        return new AuditEvent(role, target, kind, Outcome.REFUSED, Optional.of(code));
    }

    @Test
    void readsReportOneEventPerDecisionWithTheirKind() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.select(c, USER, NOTES).columns("id").fetchMaps()).hasSize(1);
            assertThat(secure.selectByPk(c, USER, NOTES, Map.of("id", 1)).fetchOptional()).isPresent();
            secure.aggregate(c, ANALYST, NOTES).aggregate(Aggregate.count()).fetch();
            secure.function(c, USER, QualifiedName.of("search_notes")).arg("search", "o").fetchMaps();
            assertThat(events).containsExactly(
                    allowed("user", "public.notes", Kind.SELECT),
                    allowed("user", "public.notes", Kind.SELECT_BY_PK),
                    allowed("analyst", "public.notes", Kind.AGGREGATE),
                    allowed("user", "public.search_notes", Kind.FUNCTION));
            events.clear();

            assertThatThrownBy(() -> secure.select(c, USER, NOTES).columns("secret").fetchMaps())
                    .isInstanceOf(ColumnNotAllowedException.class);
            assertThatThrownBy(() -> secure.aggregate(c, USER, NOTES).aggregate(Aggregate.count()).fetch())
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> secure.function(c, Session.of("stranger", Map.of()), QualifiedName.of("search_notes"))
                    .arg("search", "o").fetchMaps()).isInstanceOf(FunctionNotAllowedException.class);
            assertThatThrownBy(() -> secure.selectComputed(c, Session.of("stranger", Map.of()), NOTES, "related",
                    Map.of())).isInstanceOf(PermissionDeniedException.class);
            assertThat(events).containsExactly(
                    refused("user", "public.notes", Kind.SELECT, DiagnosticCode.COLUMN_NOT_ALLOWED),
                    refused("user", "public.notes", Kind.AGGREGATE, DiagnosticCode.NO_PERMISSION),
                    refused("stranger", "public.search_notes", Kind.FUNCTION, DiagnosticCode.NO_PERMISSION),
                    refused("stranger", "public.notes", Kind.COMPUTED_ROWS, DiagnosticCode.NO_PERMISSION));
        }
    }

    @Test
    void writesReportTheirDecisionAndTheCheckOnTheWrittenRows() throws Exception {
        try (Connection c = db.connection()) {
            secure.insert(c, USER, NOTES).values(Map.of("id", 3, "owner", 1, "body", "three")).execute();
            secure.delete(c, USER, NOTES).execute();
            assertThatThrownBy(() -> secure.update(c, USER, NOTES).set("body", "x").execute())
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> secure.insert(c, USER, NOTES).values(Map.of("id", 4, "owner", 2)).execute())
                    .isInstanceOf(CheckViolationException.class);
            assertThat(events).containsExactly(
                    allowed("user", "public.notes", Kind.INSERT),
                    allowed("user", "public.notes", Kind.DELETE),
                    refused("user", "public.notes", Kind.UPDATE, DiagnosticCode.NO_PERMISSION),
                    allowed("user", "public.notes", Kind.INSERT),
                    refused("user", "public.notes", Kind.INSERT, DiagnosticCode.CHECK_VIOLATION));
        }
    }

    @Test
    void aListenerThatThrowsOnARefusalDoesNotLetTheOperationThrough() throws Exception {
        SecureJdbc throwing = SecureJdbc.of(checked).withAuditListener(new PermissionAuditListener() {
            @Override
            public void onRefused(AuditEvent event) {
                throw new IllegalStateException("metrics down");
            }
        });
        try (Connection c = db.connection()) {
            assertThatThrownBy(() -> throwing.insert(c, USER, NOTES).values(Map.of("id", 5, "secret", "x")).execute())
                    .isInstanceOf(ColumnNotAllowedException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            assertThatThrownBy(() -> throwing.insert(c, USER, NOTES).values(Map.of("id", 6, "owner", 2)).execute())
                    .isInstanceOf(CheckViolationException.class);
        }
        assertThat(db.query("SELECT id FROM notes ORDER BY id")).containsExactly(Map.of("id", 1), Map.of("id", 2));
    }

    @Test
    void aListenerThatThrowsOnAnAllowedOperationRefusesItBeforeAnySql() throws Exception {
        SecureJdbc throwing = SecureJdbc.of(checked).withAuditListener(new PermissionAuditListener() {
            @Override
            public void onAllowed(AuditEvent event) {
                throw new IllegalStateException("metrics down");
            }
        });
        try (Connection c = db.connection()) {
            assertThatThrownBy(() -> throwing.insert(c, USER, NOTES).values(Map.of("id", 7, "owner", 1)).execute())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the operation is refused");
            assertThatThrownBy(() -> throwing.delete(c, USER, NOTES).execute())
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> throwing.select(c, USER, NOTES).fetchMaps())
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(db.query("SELECT id FROM notes ORDER BY id")).containsExactly(Map.of("id", 1), Map.of("id", 2));
    }

    @Test
    void theDefaultListenerDoesNothing() {
        assertThat(SecureJdbc.of(checked).enforcement().auditListener()).isSameAs(PermissionAuditListener.NONE);
        assertThat(secure.enforcement().auditListener()).isSameAs(recorder);
    }
}

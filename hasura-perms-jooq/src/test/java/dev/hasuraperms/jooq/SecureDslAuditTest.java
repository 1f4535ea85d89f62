package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

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
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The audit listener of {@link SecureDsl}: one event per decision, with role, target, kind, outcome and code. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureDslAuditTest {

    static final String SCHEMA = """
            CREATE TABLE notes (id int PRIMARY KEY, owner int NOT NULL, body text, secret text);
            CREATE FUNCTION search_notes(search text) RETURNS SETOF notes LANGUAGE sql STABLE
                AS $$ SELECT * FROM notes WHERE body ILIKE '%' || search || '%' $$;
            """;

    static final String METADATA = """
            version: 3
            sources:
              - name: default
                kind: postgres
                tables:
                  - table: notes
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

    static final Table<?> NOTES = table(name("public", "notes"));
    static final Session USER = Session.of("user", Map.of("X-Hasura-User-Id", "1"));
    static final Session ANALYST = Session.of("analyst", Map.of());
    static final Session STRANGER = Session.of("stranger", Map.of());

    private TestDatabase db;
    private DSLContext dsl;
    private CheckedPermissions checked;
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private SecureDsl secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(SCHEMA);
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson()), schema)
                .orThrow();
        dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        secure = SecureDsl.of(dsl, JooqPermissions.of(checked)).withAuditListener(new PermissionAuditListener() {
            @Override
            public void onAllowed(AuditEvent event) {
                events.add(event);
            }

            @Override
            public void onRefused(AuditEvent event) {
                events.add(event);
            }
        });
    }

    @BeforeEach
    void data() {
        events.clear();
        db.execute("TRUNCATE notes; INSERT INTO notes VALUES (1, 1, 'one', 's1'), (2, 2, 'two', 's2')");
    }

    private static AuditEvent allowed(String role, Kind kind) {
        return new AuditEvent(role, "public.notes", kind, Outcome.ALLOWED, Optional.empty());
    }

    private static AuditEvent refused(String role, String target, Kind kind, DiagnosticCode code) {
        return new AuditEvent(role, target, kind, Outcome.REFUSED, Optional.of(code));
    }

    @Test
    void everyOperationKindReportsItsDecision() {
        QualifiedName search = QualifiedName.of("search_notes");
        assertThat(secure.select(USER, NOTES).fields(field(name("id"))).fetch()).hasSize(1);
        assertThat(secure.selectByPk(USER, NOTES, Map.of("id", 1)).fetchOptional()).isPresent();
        secure.aggregate(ANALYST, NOTES).aggregate(Aggregate.count()).fetch();
        secure.function(USER, search).arg("search", "o").fetch();
        secure.insertInto(USER, NOTES).values(Map.of("id", 3, "owner", 1)).execute();
        secure.deleteFrom(USER, NOTES).execute();
        assertThatThrownBy(() -> secure.select(USER, NOTES).fields(field(name("secret"))).fetch())
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.aggregate(USER, NOTES).aggregate(Aggregate.count()).fetch())
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure.function(STRANGER, search).arg("search", "o").fetch())
                .isInstanceOf(FunctionNotAllowedException.class);
        assertThatThrownBy(() -> secure.update(USER, NOTES).set(Map.of("body", "x")).execute())
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure.insertInto(USER, NOTES).values(Map.of("id", 4, "owner", 2)).execute())
                .isInstanceOf(CheckViolationException.class);
        assertThat(events).containsExactly(
                allowed("user", Kind.SELECT),
                allowed("user", Kind.SELECT_BY_PK),
                allowed("analyst", Kind.AGGREGATE),
                new AuditEvent("user", "public.search_notes", Kind.FUNCTION, Outcome.ALLOWED, Optional.empty()),
                allowed("user", Kind.INSERT),
                allowed("user", Kind.DELETE),
                refused("user", "public.notes", Kind.SELECT, DiagnosticCode.COLUMN_NOT_ALLOWED),
                refused("user", "public.notes", Kind.AGGREGATE, DiagnosticCode.NO_PERMISSION),
                refused("stranger", "public.search_notes", Kind.FUNCTION, DiagnosticCode.NO_PERMISSION),
                refused("user", "public.notes", Kind.UPDATE, DiagnosticCode.NO_PERMISSION),
                allowed("user", Kind.INSERT),
                refused("user", "public.notes", Kind.INSERT, DiagnosticCode.CHECK_VIOLATION));
    }

    @Test
    void throwingListenersFailClosed() {
        SecureDsl onRefused = SecureDsl.of(dsl, JooqPermissions.of(checked))
                .withAuditListener(new PermissionAuditListener() {
                    @Override
                    public void onRefused(AuditEvent event) {
                        throw new IllegalStateException("metrics down");
                    }
                });
        assertThatThrownBy(() -> onRefused.insertInto(USER, NOTES).values(Map.of("id", 5, "secret", "x")).execute())
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> onRefused.insertInto(USER, NOTES).values(Map.of("id", 6, "owner", 2)).execute())
                .isInstanceOf(CheckViolationException.class);
        SecureDsl onAllowed = SecureDsl.of(dsl, JooqPermissions.of(checked))
                .withAuditListener(new PermissionAuditListener() {
                    @Override
                    public void onAllowed(AuditEvent event) {
                        throw new IllegalStateException("metrics down");
                    }
                });
        assertThatThrownBy(() -> onAllowed.insertInto(USER, NOTES).values(Map.of("id", 7, "owner", 1)).execute())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the operation is refused");
        assertThatThrownBy(() -> onAllowed.deleteFrom(USER, NOTES).execute()).isInstanceOf(IllegalStateException.class);
        assertThat(db.query("SELECT id FROM notes ORDER BY id")).containsExactly(Map.of("id", 1), Map.of("id", 2));
    }
}

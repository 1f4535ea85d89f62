package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refusals of misused API calls on the jOOQ backend: a null alias, an unknown table. */
@PostgresTest
class JooqApiRefusalsTest {

    private static final Table<?> UNKNOWN = table(name("public", "no_such_table"));
    private static final Session USER = Session.of("user", Map.of("X-Hasura-User-Id", "1"));

    private static JooqPermissions permissions;
    /** No connection: every refusal here comes before any SQL. */
    private static SecureDsl secure;

    @BeforeAll
    static void schema(TestDatabase db) throws Exception {
        db.execute(Fixtures.read("enforcement/schema.sql"));
        try (Connection c = db.connection()) {
            permissions = JooqPermissions.of(PermissionChecker.check(
                    MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")),
                    JdbcSchemaReader.defaults().read(c)).orThrow());
        }
        secure = SecureDsl.of(DSL.using(SQLDialect.POSTGRES), permissions);
    }

    @Test
    void aNullAliasIsRefusedWithTheParameterName() {
        assertThatThrownBy(() -> secure.function(USER, QualifiedName.of("any_function")).as(null))
                .isInstanceOf(NullPointerException.class).hasMessage("alias");
        assertThatThrownBy(() -> secure.nativeQuery(USER, "any_query", Map.of()).as(null))
                .isInstanceOf(NullPointerException.class).hasMessage("alias");
    }

    private static void refusedAsUntracked(ThrowingCallable call, Operation operation) {
        PermissionDeniedException e = catchThrowableOfType(PermissionDeniedException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(DiagnosticCode.NO_PERMISSION);
        assertThat(e.getMessage()).startsWith("table public.no_such_table is not tracked in the metadata");
        assertThat(e.operation()).isEqualTo(operation);
    }

    @Test
    void anUnknownTableIsRefusedAsNotTracked() {
        refusedAsUntracked(() -> secure.select(USER, UNKNOWN).fetch(), Operation.SELECT);
        refusedAsUntracked(() -> secure.insertInto(USER, UNKNOWN).values(Map.of("id", 1)).execute(), Operation.INSERT);
        refusedAsUntracked(() -> secure.deleteFrom(USER, UNKNOWN).execute(), Operation.DELETE);
        refusedAsUntracked(() -> permissions.selectCondition(UNKNOWN, USER), Operation.SELECT);
    }
}

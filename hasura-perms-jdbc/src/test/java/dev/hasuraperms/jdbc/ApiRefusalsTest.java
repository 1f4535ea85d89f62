package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.ARTICLES;
import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Refusals of misused API calls: a null alias, an unknown table. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRefusalsTest {

    private static final QualifiedName UNKNOWN = QualifiedName.of("no_such_table");

    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        secure = SecureTesting.enforcementFixture(db);
    }

    private static void refusedAsNullAlias(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage("alias");
    }

    @Test
    void aNullAliasIsRefusedWithTheParameterNameByEveryBuilder() {
        refusedAsNullAlias(() -> secure.select(noSql(), user(1), ARTICLES).alias(null));
        refusedAsNullAlias(() -> secure.aggregate(noSql(), user(1), ARTICLES).alias(null));
        refusedAsNullAlias(() -> secure.insert(noSql(), user(1), ARTICLES).alias(null));
        refusedAsNullAlias(() -> secure.update(noSql(), user(1), ARTICLES).alias(null));
        refusedAsNullAlias(() -> secure.delete(noSql(), user(1), ARTICLES).alias(null));
    }

    @Test
    void aNullAliasIsRefusedWithTheParameterNameByTheBackend() {
        JdbcPermissions p = secure.permissions();
        refusedAsNullAlias(() -> p.selectFilter(ARTICLES, (String) null, user(1)));
        refusedAsNullAlias(() -> p.selectFilterForRows(ARTICLES, null, user(1)));
        refusedAsNullAlias(() -> p.updateFilter(ARTICLES, null, user(1)));
        refusedAsNullAlias(() -> p.deleteFilter(ARTICLES, null, user(1)));
        refusedAsNullAlias(() -> p.logicalModelFilter("any", null, user(1)));
        refusedAsNullAlias(() -> p.logicalModelRedaction("any", "f", null, user(1)));
    }

    private static void refusedAsUntracked(ThrowingCallable call, Operation operation) {
        PermissionDeniedException e = catchThrowableOfType(PermissionDeniedException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(DiagnosticCode.NO_PERMISSION);
        assertThat(e.getMessage()).startsWith("table public.no_such_table is not tracked in the metadata")
                .doesNotContain("has no");
        assertThat(e.table()).isEqualTo(UNKNOWN);
        assertThat(e.operation()).isEqualTo(operation);
    }

    @Test
    void anUnknownTableIsRefusedAsNotTracked() {
        refusedAsUntracked(() -> secure.select(noSql(), user(1), UNKNOWN).fetchMaps(), Operation.SELECT);
        refusedAsUntracked(() -> secure.insert(noSql(), user(1), UNKNOWN).values(Map.of("id", 1)).execute(),
                Operation.INSERT);
        refusedAsUntracked(() -> secure.update(noSql(), user(1), UNKNOWN).set("id", 1).execute(), Operation.UPDATE);
        refusedAsUntracked(() -> secure.delete(noSql(), user(1), UNKNOWN).execute(), Operation.DELETE);
        refusedAsUntracked(() -> secure.permissions().selectFilter(UNKNOWN, "t", user(1)), Operation.SELECT);
        refusedAsUntracked(() -> secure.permissions().compiledDeleteFilter(UNKNOWN, "user", Optional.empty()),
                Operation.DELETE);
    }

    @Test
    void aTrackedTableWithoutThePermissionKeepsTheNoPermissionMessage() {
        PermissionDeniedException e = catchThrowableOfType(PermissionDeniedException.class,
                () -> secure.select(noSql(), SecureTesting.SERVICE, ARTICLES).fetchMaps());
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(DiagnosticCode.NO_PERMISSION);
        assertThat(e.getMessage()).startsWith("role service has no select permission on public.articles");
    }
}

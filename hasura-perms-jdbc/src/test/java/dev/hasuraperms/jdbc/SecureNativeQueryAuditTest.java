package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.AuditEvent;
import dev.hasuraperms.enforce.AuditEvent.Kind;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.NativeQueryArgumentException;
import dev.hasuraperms.enforce.PermissionAuditListener;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The audit events of native query reads (fixtures/native-query-run): one per read, its ordering included. */
@PostgresTest
class SecureNativeQueryAuditTest {

    @Test
    void aNativeQueryReadReportsOneDecision(TestDatabase db) {
        db.execute(Fixtures.read("native-query-run/schema.sql"));
        CheckedPermissions checked = PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("native-query-run/metadata.json")),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow();
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        SecureJdbc secure = SecureJdbc.of(checked).withAuditListener(new PermissionAuditListener() {
            @Override
            public void onAllowed(AuditEvent event) {
                events.add(event);
            }

            @Override
            public void onRefused(AuditEvent event) {
                events.add(event);
            }
        });
        Session reader = Session.of("reader", Map.of("X-Hasura-Hidden-Country", "uk"));
        Connection none = SecureTesting.noSql();
        secure.nativeQuery(none, reader, "articles_after", Map.of("min_id", 1)).columns("id")
                .orderBy(OrderBy.asc("id")).statement();
        assertThatThrownBy(() -> secure.nativeQuery(none, reader, "articles_after", Map.of("min_id", 1))
                .orderBy(OrderBy.asc("is_published")).statement()).isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.nativeQuery(none, Session.of("nobody", Map.of()), "articles_after",
                Map.of("min_id", 1)).statement()).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> secure.nativeQuery(none, reader, "articles_after", Map.of("min_id", "ten"))
                .statement()).isInstanceOf(NativeQueryArgumentException.class);
        assertThat(events).containsExactly(
                AuditEvent.allowed("reader", "articles_after", Kind.NATIVE_QUERY),
                AuditEvent.refused("reader", "articles_after", Kind.NATIVE_QUERY,
                        Optional.of(DiagnosticCode.COLUMN_NOT_ALLOWED)),
                AuditEvent.refused("nobody", "articles_after", Kind.NATIVE_QUERY,
                        Optional.of(DiagnosticCode.NO_PERMISSION)),
                AuditEvent.refused("reader", "articles_after", Kind.NATIVE_QUERY,
                        Optional.of(DiagnosticCode.NATIVE_QUERY_ARGUMENT)));
    }
}

package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hasura-events seed type-checks clean against its schema, and compiles to the expected rules. */
class SeedCheckTest {

    static CheckedPermissions seed() {
        Metadata m = MetadataLoader.defaults().load(Fixtures.path("hasura-events/metadata"));
        DatabaseSchema s = SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json"));
        CheckResult r = PermissionChecker.check(m, s);
        assertThat(r.diagnostics()).isEmpty();
        return r.orThrow();
    }

    @Test
    void seedChecksCleanAndCompiles() {
        CheckedPermissions p = seed();
        QualifiedName events = QualifiedName.of("events");
        QualifiedName users = QualifiedName.of("users");
        SelectRule select = p.select(events, "user").orElseThrow();
        assertThat(select.columns()).containsExactly("id", "user_id", "type", "data", "created_at", "happened_at");
        assertThat(select.limit()).contains(10);
        Predicate.Compare eq = (Predicate.Compare) select.filter();
        assertThat(eq.op()).isEqualTo(CompareOp.EQ);
        assertThat(eq.left()).isEqualTo(new Expr.Column(0, "user_id", PgType.builtin("int4"), false));
        assertThat(eq.right()).isEqualTo(new Expr.SessionValue(SessionVariable.of("x-hasura-user-id"), PgType.builtin("int4")));

        InsertRule insert = p.insert(events, "user").orElseThrow();
        assertThat(insert.insertableColumns()).containsExactly("id", "type", "data", "created_at", "happened_at");
        assertThat(insert.presets()).containsOnlyKeys("user_id");
        assertThat(insert.check()).isEqualTo(Predicate.Const.TRUE);

        UpdateRule update = p.update(users, "user").orElseThrow();
        assertThat(update.updatableColumns()).containsExactly("username");
        assertThat(update.check()).isEqualTo(Predicate.Const.TRUE);
        assertThat(p.delete(events, "user")).isEmpty();
        assertThat(p.roles()).containsExactly("user");
    }

    @Test
    void requiredSessionVariablesWithTheirTypes() {
        CheckedPermissions p = seed();
        Map<SessionVariable, Set<PgType>> vars = p.requiredSessionVariables("user", QualifiedName.of("events"), Operation.INSERT);
        assertThat(vars).containsOnlyKeys(SessionVariable.of("x-hasura-user-id"));
        assertThat(vars.get(SessionVariable.of("x-hasura-user-id"))).containsExactly(PgType.builtin("int4"));
        assertThat(p.requiredSessionVariables("user", QualifiedName.of("events"), Operation.DELETE)).isEmpty();
        assertThat(p.requiredSessionVariables("user", QualifiedName.of("users"), Operation.SELECT)).containsOnlyKeys(
                SessionVariable.of("X-Hasura-User-Id"));
    }
}

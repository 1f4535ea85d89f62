package dev.hasuraperms.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Which check an upsert's updated rows are held to: the update check when given, else the insert check (§3.6). */
class UpsertCheckTest {

    private static final QualifiedName USERS = QualifiedName.of("users");

    private static CheckedPermissions seed(String updateCheck) {
        String json = Fixtures.read("hasura-events/export/metadata.json").replace("\"update_permissions\": [", """
                "insert_permissions": [{"role": "writer", "permission": {"columns": ["username"], "check": {"username": {"_neq": "root"}}}}],
                "update_permissions": [{"role": "writer", "permission": {"columns": ["username"], "filter": {}%s}},""".formatted(updateCheck));
        return PermissionChecker.check(MetadataLoader.defaults().loadJson(json),
                SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json"))).orThrow();
    }

    @Test
    void withoutAnUpdateCheckTheInsertCheckApplies() {
        CheckedPermissions p = seed("");
        UpsertCheck c = UpsertCheck.forUpdatedRows(p, p.insert(USERS, "writer").orElseThrow(), p.update(USERS, "writer").orElseThrow());
        assertThat(c.operation()).isEqualTo(Operation.INSERT);
        assertThat(c.check()).isEqualTo(p.insert(USERS, "writer").orElseThrow().check()).isNotEqualTo(Predicate.Const.TRUE);
    }

    @Test
    void anEmptyUpdateCheckIsAnUpdateCheckThatPasses() {
        CheckedPermissions p = seed(", \"check\": {}");
        UpsertCheck c = UpsertCheck.forUpdatedRows(p, p.insert(USERS, "writer").orElseThrow(), p.update(USERS, "writer").orElseThrow());
        assertThat(c.operation()).isEqualTo(Operation.UPDATE);
        assertThat(c.check()).isEqualTo(p.update(USERS, "writer").orElseThrow().check());
    }

    @Test
    void aGivenUpdateCheckApplies() {
        CheckedPermissions p = seed(", \"check\": {\"username\": {\"_neq\": \"\"}}");
        UpsertCheck c = UpsertCheck.forUpdatedRows(p, p.insert(USERS, "writer").orElseThrow(), p.update(USERS, "writer").orElseThrow());
        assertThat(c.operation()).isEqualTo(Operation.UPDATE);
        assertThat(c.check()).isNotEqualTo(Predicate.Const.TRUE).isEqualTo(p.update(USERS, "writer").orElseThrow().check());
    }
}

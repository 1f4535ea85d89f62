package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Permissions of inherited roles derived from their parents (reference §6.2-§6.4), on fixtures/inherited-roles-db. */
class InheritedRolesTest {

    private static final QualifiedName USERS = QualifiedName.of("users");
    private static final QualifiedName NOTES = QualifiedName.of("notes");

    private static CheckResult check() {
        return PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("inherited-roles-db/metadata.json")),
                SchemaSnapshot.read(Fixtures.path("inherited-roles-db/schema.json")));
    }

    @Test
    void theWorkedExampleOrsTheFiltersAndRedactsWhatOnlyOneParentGrants() {
        SelectRule r = check().orThrow().select(USERS, "user_anon").orElseThrow();
        assertThat(r.filter()).isInstanceOf(Predicate.Or.class);
        assertThat(r.columns()).containsExactly("id", "name", "email");
        assertThat(r.redactions()).containsOnlyKeys("email");
        Predicate.Compare own = (Predicate.Compare) r.redactions().get("email");
        assertThat(own.op()).isEqualTo(CompareOp.EQ);
        assertThat(r.limit()).contains(4);
    }

    @Test
    void aNestedInheritedRoleKeepsItsGrandparentsColumnRestrictions() {
        CheckedPermissions p = check().orThrow();
        SelectRule staff = p.select(USERS, "staff").orElseThrow();
        SelectRule userAnon = p.select(USERS, "user_anon").orElseThrow();
        assertThat(staff.columns()).containsExactly("id", "name", "email", "salary");
        assertThat(staff.redactions()).containsOnlyKeys("email", "salary");
        // email: only user_anon grants it, and only under its own redaction (the user's own row), not its whole filter.
        assertThat(staff.redactions().get("email")).isEqualTo(userAnon.redactions().get("email"));
        assertThat(staff.limit()).contains(4);
        assertThat(p.requiredSessionVariables("staff", USERS, dev.hasuraperms.metadata.Operation.SELECT).keySet())
                .extracting(v -> v.name()).containsExactlyInAnyOrder("x-hasura-user-id", "x-hasura-team");
    }

    @Test
    void anExplicitPermissionOfTheInheritedRoleWins() {
        CheckedPermissions p = check().orThrow();
        assertThat(p.select(USERS, "override").orElseThrow().columns()).containsExactly("id");
        assertThat(p.select(NOTES, "override").orElseThrow().columns()).containsExactly("id", "author_id", "body");
    }

    @Test
    void mutationsComeFromTheSingleDefinerOrEqualDefinitionsElseAConflictWarning() {
        CheckResult r = check();
        CheckedPermissions p = r.orThrow();
        assertThat(p.update(USERS, "user_anon")).isPresent();
        assertThat(p.update(USERS, "staff")).isPresent();
        assertThat(p.update(USERS, "override")).isPresent();
        assertThat(p.delete(NOTES, "user_anon")).as("relevantly equal: the top-level keys in another order, shorthand, $gt, session variable case").isPresent();
        assertThat(p.delete(NOTES, "staff")).isPresent();
        assertThat(p.insert(NOTES, "staff")).isEmpty();
        assertThat(p.insert(NOTES, "override")).isEmpty();
        assertThat(r.diagnostics()).extracting(dev.hasuraperms.diagnostic.Diagnostic::code)
                .containsOnly(DiagnosticCode.INHERITED_PERMISSION_CONFLICT).hasSize(2);
    }
}

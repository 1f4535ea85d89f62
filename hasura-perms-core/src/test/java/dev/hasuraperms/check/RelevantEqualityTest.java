package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: an inherited role gets a mutation permission its parents both define only when they are "relevantly
 * equal" as Hasura defines it ({@code OnlyRelevantEq} in {@code Hasura/RQL/Types/Roles/Internal.hs}): only the
 * top-level AND of a filter or check (the permission's JSON object) is a set; everything below is structural. Each
 * case defines the permission on parents {@code a} and {@code b} of inherited role {@code ab}, on the tables of
 * fixtures/inherited-roles-db.
 */
class RelevantEqualityTest {

    private static final QualifiedName NOTES = QualifiedName.of("notes");
    private static final QualifiedName USERS = QualifiedName.of("users");

    private static CheckResult check(String notesPermissions, String usersPermissions) {
        String json = """
                {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
                  {"table": {"schema": "public", "name": "users"},
                   "array_relationships": [{"name": "notes", "using": {"foreign_key_constraint_on":
                      {"table": {"schema": "public", "name": "notes"}, "column": "author_id"}}}],
                   %s},
                  {"table": {"schema": "public", "name": "notes"},
                   "object_relationships": [{"name": "author", "using": {"foreign_key_constraint_on": "author_id"}}],
                   %s}]}],
                 "inherited_roles": [{"role_name": "ab", "role_set": ["a", "b"]}]}
                """.formatted(usersPermissions, notesPermissions);
        return PermissionChecker.check(MetadataLoader.defaults().loadJson(json),
                SchemaSnapshot.read(Fixtures.path("inherited-roles-db/schema.json")));
    }

    private static CheckResult deletes(String filterA, String filterB) {
        return check("""
                "delete_permissions": [{"role": "a", "permission": {"filter": %s}},
                                       {"role": "b", "permission": {"filter": %s}}]""".formatted(filterA, filterB),
                "\"select_permissions\": []");
    }

    private static boolean deleteInherited(String filterA, String filterB) {
        CheckResult r = deletes(filterA, filterB);
        boolean inherited = r.orThrow().delete(NOTES, "ab").isPresent();
        assertThat(r.diagnostics()).extracting(dev.hasuraperms.diagnostic.Diagnostic::code)
                .as("a conflict is reported exactly when nothing is inherited")
                .isEqualTo(inherited ? java.util.List.of() : java.util.List.of(DiagnosticCode.INHERITED_PERMISSION_CONFLICT));
        return inherited;
    }

    private static boolean updateInherited(String permissionA, String permissionB) {
        CheckResult r = check("\"select_permissions\": []", """
                "update_permissions": [{"role": "a", "permission": %s}, {"role": "b", "permission": %s}]"""
                .formatted(permissionA, permissionB));
        return r.orThrow().update(USERS, "ab").isPresent();
    }

    private static final String A = "{\"id\": {\"_gt\": 0}}";
    private static final String B = "{\"author_id\": {\"_eq\": \"X-Hasura-User-Id\"}}";

    @Test
    void theOperandsOfAnAndListAreOrderedOnlyTheTopLevelObjectIsASet() {
        assertThat(deleteInherited("{\"_and\": [" + A + ", " + B + "]}", "{\"_and\": [" + B + ", " + A + "]}"))
                .as("_and [A, B] vs _and [B, A]: one top-level operand each, compared structurally").isFalse();
        assertThat(deleteInherited("{\"_and\": [" + A + ", " + B + "]}", "{\"_and\": [" + A + ", " + B + "]}"))
                .as("the same _and list").isTrue();
        assertThat(deleteInherited("{\"id\": {\"_gt\": 0}, \"author_id\": {\"_eq\": \"X-Hasura-User-Id\"}}",
                "{\"author_id\": {\"_eq\": \"X-Hasura-User-Id\"}, \"id\": {\"_gt\": 0}}"))
                .as("the top-level object's keys are a set").isTrue();
        assertThat(deleteInherited("{\"_or\": [" + A + ", " + B + "]}", "{\"_or\": [" + B + ", " + A + "]}"))
                .as("_or [A, B] vs _or [B, A]").isFalse();
        assertThat(deleteInherited("{\"_and\": [" + A + "], \"id\": {\"_lt\": 9}}", "{\"id\": {\"_lt\": 9}, \"_and\": [" + A + "]}"))
                .as("top-level terms of different kinds, in another order").isTrue();
    }

    @Test
    void anEmptyObjectIsNotAnEmptyAndList() {
        assertThat(deleteInherited("{}", "{\"_and\": []}")).as("BoolAnd [] vs BoolAnd [BoolAnd []]").isFalse();
        assertThat(deleteInherited("{}", "{}")).isTrue();
        assertThat(deleteInherited("{\"_and\": []}", "{\"_and\": []}")).isTrue();
    }

    @Test
    void anUpdateCheckOfTheEmptyObjectIsNotAMissingCheck() {
        String filter = "\"filter\": {\"id\": {\"_eq\": \"X-Hasura-User-Id\"}}, \"columns\": [\"name\"]";
        assertThat(updateInherited("{" + filter + ", \"check\": {}}", "{" + filter + "}"))
                .as("Just (BoolAnd []) vs Nothing").isFalse();
        assertThat(updateInherited("{" + filter + ", \"check\": {}}", "{" + filter + ", \"check\": {}}")).isTrue();
        assertThat(updateInherited("{" + filter + "}", "{" + filter + "}")).isTrue();
    }

    @Test
    void spellingsHasuraParsesAlikeAreEqual() {
        assertThat(deleteInherited("{\"author_id\": \"X-Hasura-User-Id\"}", "{\"author_id\": {\"_eq\": \"x-hasura-user-id\"}}"))
                .as("shorthand _eq, session variable names in any case").isTrue();
        assertThat(deleteInherited("{\"id\": {\"$gt\": 0, \"_lt\": 10}}", "{\"id\": {\"_lt\": 10.0, \"_gt\": 0}}"))
                .as("$op is _op, a column's operators in key order, numbers by value").isTrue();
        assertThat(deleteInherited("{\"author\": {\"_and\": [{\"id\": {\"_eq\": 1}}, {\"name\": {\"_eq\": \"x\"}}]}}",
                "{\"author\": {\"_and\": [{\"name\": {\"_eq\": \"x\"}}, {\"id\": {\"_eq\": 1}}]}}"))
                .as("below a relationship the _and list is ordered").isFalse();
        assertThat(deleteInherited("{\"author\": {\"id\": {\"_eq\": 1}, \"name\": {\"_eq\": \"x\"}}}",
                "{\"author\": {\"name\": {\"_eq\": \"x\"}, \"id\": {\"_eq\": 1}}}"))
                .as("an object's keys are in key order at any depth").isTrue();
        assertThat(deleteInherited("{\"id\": {\"_eq\": 1}}", "{\"id\": {\"_eq\": 2}}")).isFalse();
    }
}

package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** A caller's filter compiled under the caller's select permissions (reference §4.10), on fixtures/inherited-roles-db. */
class CallerFiltersTest {

    private static final QualifiedName USERS = QualifiedName.of("users");
    private static final QualifiedName NOTES = QualifiedName.of("notes");

    private static final CheckedPermissions P = PermissionChecker.check(
            MetadataLoader.defaults().load(Fixtures.path("inherited-roles-db/metadata.json")),
            SchemaSnapshot.read(Fixtures.path("inherited-roles-db/schema.json"))).orThrow();

    private static Predicate compile(QualifiedName table, String role, String where) {
        return CallerFilters.compile(P, table, role, Json.parse(where));
    }

    @Test
    void stringsAreValuesNotSessionVariables() {
        Predicate.Compare c = (Predicate.Compare) compile(USERS, "user", "{\"name\": {\"_eq\": \"X-Hasura-User-Id\"}}");
        assertThat(c.right()).isEqualTo(new Expr.Literal(c.left().type(), "X-Hasura-User-Id"));
    }

    @Test
    void onlyReadableColumnsMayBeCompared() {
        assertThatThrownBy(() -> compile(USERS, "user", "{\"salary\": {\"_gt\": 1}}"))
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class)
                .satisfies(e -> assertThat(((CallerFilters.InvalidCallerFilterException) e).code())
                        .isEqualTo(DiagnosticCode.COLUMN_NOT_ALLOWED))
                .hasMessageContaining("salary");
        assertThatThrownBy(() -> compile(USERS, "nobody", "{}")).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void aRedactedColumnIsComparedAsItsRedactedValue() {
        Predicate.Compare c = (Predicate.Compare) compile(USERS, "user_anon", "{\"email\": {\"_eq\": \"ada@example.com\"}}");
        assertThat(c.left()).isInstanceOf(Expr.Redacted.class);
        assertThat(compile(USERS, "user_anon", "{\"name\": {\"_eq\": \"ada\"}}")).isInstanceOf(Predicate.Compare.class)
                .extracting(p -> ((Predicate.Compare) p).left()).isInstanceOf(Expr.Column.class);
    }

    @Test
    void aRelationshipSeesOnlyTheTargetRowsTheRoleMayRead() {
        Predicate.Exists e = (Predicate.Exists) compile(NOTES, "user", "{\"author\": {\"name\": {\"_eq\": \"ada\"}}}");
        assertThat(e.scope()).isEqualTo(1);
        Predicate.And where = (Predicate.And) e.where();
        Predicate.Compare own = (Predicate.Compare) where.operands().get(0);
        assertThat(((Expr.Column) own.left()).scope()).as("the users filter moved to the EXISTS scope").isEqualTo(1);
        assertThat(own.right()).isInstanceOf(Expr.SessionValue.class);
        assertThatThrownBy(() -> compile(NOTES, "user", "{\"author\": {\"salary\": {\"_gt\": 0}}}"))
                .hasMessageContaining("salary");
    }

    @Test
    void onlyGraphqlSpellingsAreAccepted() {
        // Hasura's GraphQL where has _neq and _and; _ne and the $ forms are permission-only spellings
        // (boolexp/basic/select_author_article_operator_ne_not_found_err.yaml).
        for (String where : new String[] {"{\"name\": {\"_ne\": \"ada\"}}", "{\"name\": {\"$eq\": \"ada\"}}",
                "{\"$and\": [{\"name\": {\"_eq\": \"ada\"}}]}"}) {
            assertThatThrownBy(() -> compile(USERS, "user", where)).as(where)
                    .isInstanceOf(CallerFilters.InvalidCallerFilterException.class)
                    .satisfies(e -> assertThat(((CallerFilters.InvalidCallerFilterException) e).code())
                            .isEqualTo(DiagnosticCode.UNKNOWN_OPERATOR));
        }
        assertThat(compile(USERS, "user", "{\"name\": {\"_neq\": \"ada\"}}")).isNotNull();
    }
}

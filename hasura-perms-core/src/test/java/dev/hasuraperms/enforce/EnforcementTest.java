package dev.hasuraperms.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.types.SqlNull;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Validation of selects and writes against the hasura-events seed's permissions, before any SQL. */
class EnforcementTest {

    private static final QualifiedName EVENTS = QualifiedName.of("events");
    private static final QualifiedName USERS = QualifiedName.of("users");
    private static final Session USER_2 = Session.of("user", Map.of("X-Hasura-User-Id", "2"));

    private static Enforcement seed(String extraPermissions) {
        String json = Fixtures.read("hasura-events/export/metadata.json");
        if (!extraPermissions.isEmpty()) {
            json = json.replace("\"update_permissions\": [", "\"update_permissions\": [" + extraPermissions + ",");
        }
        CheckedPermissions p = PermissionChecker.check(MetadataLoader.defaults().loadJson(json),
                SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json"))).orThrow();
        return Enforcement.of(p);
    }

    @Test
    void selectReadsTheAllowedColumnsWithTheSmallerLimit() {
        Enforcement e = seed("");
        SelectPlan all = e.select(EVENTS, USER_2, List.of(), OptionalInt.empty());
        assertThat(all.columns()).containsExactly("id", "user_id", "type", "data", "created_at", "happened_at");
        assertThat(all.limit()).hasValue(10);
        assertThat(e.select(EVENTS, USER_2, List.of("type", "id"), OptionalInt.of(50)).limit()).hasValue(10);
        assertThat(e.select(EVENTS, USER_2, List.of("type", "id"), OptionalInt.of(3))).satisfies(p -> {
            assertThat(p.limit()).hasValue(3);
            assertThat(p.columns()).containsExactly("type", "id");
        });
        assertThatThrownBy(() -> e.select(EVENTS, USER_2, List.of("nope"), OptionalInt.empty()))
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("no such column");
        assertThatThrownBy(() -> e.select(EVENTS, Session.of("guest", Map.of()), List.of(), OptionalInt.empty()))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void insertTakesPresetsFromTheSessionAndRefusesToOverrideThem() {
        Enforcement e = seed("");
        InsertPlan p = e.insert(EVENTS, USER_2, List.of(Map.of("type", "Golf", "data", Map.of("strokes", 70)),
                Map.of("type", "Chess")), Optional.empty());
        assertThat(p.columns()).containsExactly("user_id", "type", "data");
        assertThat(p.row(0)).containsExactly(2, "Golf", dev.hasuraperms.json.Json.parse("{\"strokes\": 70}"));
        assertThat(p.row(1).get(2)).isSameAs(InsertPlan.DEFAULT);
        assertThatThrownBy(() -> e.insert(EVENTS, USER_2, List.of(Map.of("type", "x", "user_id", 3)), Optional.empty()))
                .isInstanceOf(ColumnNotAllowedException.class)
                .hasMessageContaining("user_id").hasMessageContaining("presets it (from x-hasura-user-id)");
        assertThatThrownBy(() -> e.insert(EVENTS, Session.of("user", Map.of()), List.of(Map.of("type", "x")), Optional.empty()))
                .isInstanceOf(MissingSessionVariableException.class);
        assertThatThrownBy(() -> e.insert(EVENTS, USER_2, List.of(Map.of("happened_at", "soon")), Optional.empty()))
                .isInstanceOf(InvalidColumnValueException.class).hasMessageContaining("happened_at");
        InsertPlan times = e.insert(EVENTS, USER_2, List.of(Map.of("type", "x", "happened_at",
                OffsetDateTime.parse("2024-05-01T12:00:00+02:00"))), Optional.empty());
        assertThat(times.row(0)).contains(OffsetDateTime.parse("2024-05-01T10:00:00Z"));
        java.util.HashMap<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("type", "x");
        withNull.put("happened_at", null);
        assertThat(e.insert(EVENTS, USER_2, List.of(withNull), Optional.empty()).row(0)).contains(SqlNull.INSTANCE);
    }

    @Test
    void upsertNeedsAnUpdatePermissionAndUpdatableColumns() {
        Enforcement e = seed("");
        assertThatThrownBy(() -> e.insert(EVENTS, USER_2, List.of(Map.of("type", "x")),
                Optional.of(OnConflict.onConstraint("events_pkey", List.of("type")))))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("upsert");
        Enforcement withUpdate = seed("""
                {"role": "writer", "permission": {"columns": ["username"], "filter": {}, "set": {"id": "X-Hasura-User-Id"}}}""");
        Session writer = Session.of("writer", Map.of("X-Hasura-User-Id", "4"));
        assertThatThrownBy(() -> withUpdate.update(USERS, writer, Map.of("id", 9)))
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("presets it");
        UpdatePlan u = withUpdate.update(USERS, writer, Map.of("username", "z"));
        assertThat(u.columns()).containsExactly("username", "id");
        assertThat(u.values()).containsExactly("z", 4);
    }

    @Test
    void updateAndDeleteNeedTheirPermissions() {
        Enforcement e = seed("");
        assertThat(e.update(USERS, USER_2, Map.of("username", "me")).columns()).containsExactly("username");
        assertThatThrownBy(() -> e.update(USERS, USER_2, Map.of("id", 5)))
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("not in the update permission's columns");
        assertThat(e.update(USERS, USER_2, Map.of()).columns()).as("nothing to set and no presets: an empty plan, run as"
                + " Hasura does (no statement, 0 rows)").isEmpty();
        assertThatThrownBy(() -> e.delete(EVENTS, USER_2)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> e.returning(EVENTS, Session.of("writer", Map.of()), List.of("id")))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("returning");
    }

    @Test
    void backendOnlyPermissionsNeedBackendMode() {
        Enforcement e = seed("""
                {"role": "service", "permission": {"columns": ["username"], "filter": {}, "backend_only": true}}""");
        Session service = Session.of("service", Map.of());
        assertThatThrownBy(() -> e.update(USERS, service, Map.of("username", "x")))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("backend_only");
        assertThat(e.update(USERS, service.withBackendOnlyPermissions(), Map.of("username", "x")).columns())
                .containsExactly("username");
    }

    @Test
    void planlessValidateInputSendsTheSamePayloadAsThePlans() {
        String hook = "\"validate_input\": {\"type\": \"http\", \"definition\": {\"url\": \"http://v\"}}";
        String json = Fixtures.read("hasura-events/export/metadata.json")
                .replace("\"allow_upsert\": false,", "\"allow_upsert\": false, " + hook + ",")
                .replace("\"insert_permissions\": [", "\"update_permissions\": [{\"role\": \"user\", \"permission\":"
                        + " {\"columns\": [\"type\", \"data\"], \"filter\": {}, " + hook + "}}],"
                        + " \"delete_permissions\": [{\"role\": \"user\", \"permission\": {\"filter\": {}, " + hook + "}}],"
                        + " \"insert_permissions\": [");
        List<InputValidator.Request> seen = new java.util.ArrayList<>();
        CheckedPermissions p = PermissionChecker.check(MetadataLoader.defaults().loadJson(json),
                SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json")),
                dev.hasuraperms.check.CheckOptions.DEFAULT.withInputValidator(r -> {
                    seen.add(r);
                    return InputValidator.Result.ok();
                })).orThrow();
        Enforcement e = Enforcement.of(p);
        List<Map<String, Object>> rows = List.of(Map.of("type", "Golf", "data", Map.of("strokes", 70),
                "happened_at", OffsetDateTime.parse("2024-05-01T12:00:00+02:00")), Map.of("type", "Chess"));
        e.validateInput(e.insert(EVENTS, USER_2, rows, Optional.empty()), USER_2);
        // the same rows as a JPA entity gives them: jsonb as its text, the columns in another order
        e.validateInsertInput(EVENTS, USER_2, List.of(Map.of("happened_at", OffsetDateTime.parse(
                "2024-05-01T10:00:00Z"), "data", "{\"strokes\": 70}", "type", "Golf"), Map.of("type", "Chess")));
        e.validateInput(e.update(EVENTS, USER_2, Map.of("type", "Go")), USER_2);
        e.validateUpdateInput(EVENTS, USER_2, Map.of("type", "Go"));
        e.validateInput(e.delete(EVENTS, USER_2), USER_2);
        e.validateDeleteInput(EVENTS, USER_2);
        assertThat(seen).hasSize(6);
        for (int i = 0; i < 6; i += 2) {
            assertThat(seen.get(i + 1).payload()).isEqualTo(seen.get(i).payload());
            assertThat(seen.get(i + 1).operation()).isEqualTo(seen.get(i).operation());
        }
        assertThat(dev.hasuraperms.json.JsonWriter.compact(seen.get(0).payload())).contains(
                "\"input\":[{\"type\":\"Golf\",\"data\":{\"strokes\":70},\"happened_at\":\"2024-05-01 10:00:00+00\"},"
                        + "{\"type\":\"Chess\"}]");
        // presets and unknown columns are refused, not sent
        assertThatThrownBy(() -> e.validateInsertInput(EVENTS, USER_2, List.of(Map.of("user_id", 3))))
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> e.validateUpdateInput(EVENTS, USER_2, Map.of("nope", 1)))
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> e.validateDeleteInput(EVENTS, Session.of("guest", Map.of())))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(seen).hasSize(6);
    }
}

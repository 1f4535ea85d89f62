package dev.hasuraperms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.session.MissingSessionVariableException;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.types.SqlNull;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fluent API on the hasura-events seed, built in Java, in both modes. */
class FluentApiTest {

    static final List<Map<String, ?>> USERS = List.of(Map.of("id", 1, "username", "ada"), Map.of("id", 2, "username", "bob"));
    static final List<Map<String, ?>> EVENTS = List.of(
            Map.of("id", 1, "user_id", 1, "type", "Golf", "data", Map.of("strokes", 70)),
            Map.of("id", 2, "user_id", 2, "type", "Chess", "data", Map.of()));

    static EmbeddedDatabase db;

    @BeforeAll
    static void database() {
        db = EmbeddedDatabase.create().runScript(Fixtures.path("hasura-events/sql/schema.sql"));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    static PermissionTester inMemory() {
        return PermissionTester.of(MetadataLoader.defaults().load(Fixtures.path("hasura-events/export/metadata.json")),
                        SchemaSnapshot.read(Fixtures.path("hasura-events/schema.json")))
                .withRows("users", USERS).withRows("public.events", EVENTS);
    }

    static Stream<PermissionTester> testers() {
        return Stream.of(inMemory(), inMemory().onDatabaseWithFixtures(db.dataSource()));
    }

    @ParameterizedTest
    @MethodSource("testers")
    void fluentAssertions(PermissionTester tester) {
        SessionTester bob = tester.as("user").with("X-Hasura-User-Id", "2");
        bob.canSelect("events", 2)
                .cannotSelect("events", 1)
                .canSelect("events", Map.of("id", 1, "user_id", 2))
                .canInsert("events", Map.of("type", "Golf", "data", Map.of("strokes", 72)))
                .cannotInsert("events", Map.of("user_id", 2, "type", "Golf", "data", Map.of()))
                .canUpdate("users", 2, Map.of("username", "bobby"))
                .cannotUpdate("users", 1, Map.of("username", "bobby"))
                .cannotDelete("events", 2)
                .seesExactly("events", 2)
                .seesExactly("users", 2)
                .needsSessionVariables("events", Operation.SELECT, "X-Hasura-User-Id")
                .needsSessionVariables("events", Operation.INSERT, "x-hasura-user-id")
                .needsSessionVariables("events", Operation.DELETE);
        assertThat(bob.visibleIds("events")).containsExactly(2);
        assertThat(bob.visibleRows("users")).containsExactly(Map.of("id", 2, "username", "bob"));
    }

    @ParameterizedTest
    @MethodSource("testers")
    void aFailingAssertionPrintsTheExplanation(PermissionTester tester) {
        SessionTester bob = tester.as("user").with("X-Hasura-User-Id", "2");
        assertThatThrownBy(() -> bob.canSelect("events", 1))
                .isInstanceOf(PermissionAssertionError.class)
                .hasMessageContaining("[" + tester.mode() + "] role user {X-Hasura-User-Id=2} expected to be allowed")
                .hasMessageContaining("the select filter is FALSE for the row")
                .hasMessageContaining("FALSE   public.events.user_id (1) = x-hasura-user-id (2)");
        assertThatThrownBy(() -> bob.cannotSelect("events", 2))
                .hasMessageContaining("TRUE    public.events.user_id (2) = x-hasura-user-id (2)");
        assertThatThrownBy(() -> bob.canInsert("events", Map.of("user_id", 2, "type", "Golf", "data", Map.of())))
                .hasMessageContaining("user_id")
                .hasMessageContaining("preset");
        assertThatThrownBy(() -> bob.seesExactly("events", 1, 2))
                .hasMessageContaining("expected to see exactly [1, 2] in public.events, but sees [2]")
                .hasMessageContaining("not visible: 1")
                .hasMessageContaining("public.events.user_id (1) = x-hasura-user-id (2)");
        assertThatThrownBy(() -> bob.needsSessionVariables("events", Operation.SELECT))
                .hasMessageContaining("reads the session variables [x-hasura-user-id], expected []");
    }

    @ParameterizedTest
    @MethodSource("testers")
    void verdictsSayWhy(PermissionTester tester) {
        SessionTester bob = tester.as("user").with("X-Hasura-User-Id", "2");
        Verdict denied = bob.select("events", 1);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.explanation()).hasValueSatisfying(e -> assertThat(e.result()).isEqualTo(TriBool.FALSE));
        assertThat(denied.refusal()).isEmpty();

        Verdict noPermission = bob.delete("events", 2);
        assertThat(noPermission.refusal()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(PermissionDeniedException.class));
        assertThat(bob.insert("events", Map.of("user_id", 2)).refusal())
                .hasValueSatisfying(e -> assertThat(e).isInstanceOf(ColumnNotAllowedException.class));

        Verdict missing = tester.as("user").select("events", 1);
        assertThat(missing.allowed()).isFalse();
        assertThat(missing.refusal()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(MissingSessionVariableException.class));

        assertThat(tester.as("anonymous").visibleRows("events")).isEmpty();
        assertThatThrownBy(() -> bob.select("events", 99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no row with id 99");
        assertThatThrownBy(() -> bob.select("events", Map.of("id", 1, "nope", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no column nope");
    }

    @ParameterizedTest
    @MethodSource("testers")
    void aNotNullViolationIsAnErrorInBothModes(PermissionTester tester) {
        SessionTester ada = tester.as("user").with("X-Hasura-User-Id", "1");
        assertThatThrownBy(() -> ada.insert("events", Map.of("type", "Golf")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("data");
        assertThatThrownBy(() -> ada.update("users", 1, java.util.Collections.singletonMap("username", null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("username");
    }

    @Test
    void askingNeverChangesTheDatabase() throws Exception {
        PermissionTester tester = inMemory().onDatabaseWithFixtures(db.dataSource());
        SessionTester ada = tester.as("user").with("X-Hasura-User-Id", "1");
        for (int i = 0; i < 3; i++) {
            tester.close(); // the next question opens a new connection
            ada.canInsert("events", Map.of("type", "Golf", "data", Map.of()))
                    .canUpdate("users", 1, Map.of("username", "changed"))
                    .canSelect("events", Map.of("id", 2, "user_id", 1))
                    .canSelect("events", Map.of("id", 7, "user_id", 1, "type", "Golf", "data", Map.of()));
        }
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM events), (SELECT string_agg(username, ',' ORDER BY id) FROM users),"
                     + " (SELECT user_id FROM events WHERE id = 2)")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getString(2)).isEqualTo("ada,bob");
            assertThat(rs.getInt(3)).isEqualTo(2);
        }
    }

    @Test
    void databaseModeNamesRowsByPrimaryKey() {
        PermissionTester tester = inMemory().onDatabaseWithFixtures(db.dataSource());
        assertThatThrownBy(() -> tester.as("user").with("X-Hasura-User-Id", "1").select("events", Map.of("user_id", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named by its primary key");
        // In memory a row without key is judged as given (other columns NULL).
        assertThat(inMemory().as("user").with("X-Hasura-User-Id", "1").select("events", Map.of("user_id", 1)).allowed()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("testers")
    void coverageCountsPermissionsAndBranches(PermissionTester tester) {
        SessionTester bob = tester.as("user").with("X-Hasura-User-Id", "2");
        bob.canSelect("events", 2).cannotSelect("events", 1);
        Coverage cov = tester.coverage();
        assertThat(cov.permissions()).anySatisfy(u -> {
            assertThat(u.table()).isEqualTo(QualifiedName.of("events"));
            assertThat(u.operation()).isEqualTo(Operation.SELECT);
            assertThat(u.allowed()).isEqualTo(1);
            assertThat(u.denied()).isEqualTo(1);
        });
        assertThat(cov.unexercised()).extracting(Coverage.PermissionUse::operation)
                .containsExactlyInAnyOrder(Operation.SELECT, Operation.UPDATE, Operation.INSERT);
        List<Coverage.Branch> branches = cov.branches("user", QualifiedName.of("events"), Operation.SELECT, "filter");
        assertThat(branches).singleElement().satisfies(b -> {
            assertThat(b.description()).isEqualTo("public.events.user_id = x-hasura-user-id");
            assertThat(b.outcomes()).containsExactlyInAnyOrder(TriBool.TRUE, TriBool.FALSE);
            assertThat(b.covered()).isTrue();
        });
        assertThat(cov.report()).contains("Permission coverage: 1 of 4 permissions exercised")
                .contains("NOT EXERCISED").contains("TF-");
    }

    @Test
    void redactedCellsOfInheritedRolesAreNull() {
        PermissionScenarios s = ScenarioSuitesTest.suite("inherited-roles");
        for (PermissionTester tester : List.of(s.inMemory(), s.onEmbeddedPostgres())) {
            List<Map<String, Object>> rows = tester.as("user_anon").with("X-Hasura-User-Id", "2").visibleRows("users");
            assertThat(rows).hasSize(5);
            assertThat(rows.get(1)).containsEntry("id", 2).containsEntry("email", "bob@example.com");
            assertThat(rows.get(0)).containsEntry("id", 1).containsEntry("email", SqlNull.INSTANCE)
                    .doesNotContainKey("salary");
        }
    }
}

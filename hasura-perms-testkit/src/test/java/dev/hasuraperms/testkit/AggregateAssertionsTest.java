package dev.hasuraperms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code canAggregate} / {@code cannotAggregate} and the aggregate value, in memory and on PostgreSQL, over
 * fixtures/inherited-roles-db with allow_aggregations given to manager (limit 3: it does not cap aggregates) and
 * anonymous; user_anon = [user, anonymous] aggregates too (anonymous allows it), reading email redacted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregateAssertionsTest {

    private EmbeddedDatabase db;
    private PermissionTester memory;
    private PermissionTester database;

    @BeforeAll
    void setUp() {
        String m = Fixtures.read("inherited-roles-db/metadata.json");
        String manager = "\"filter\": {\"team\": {\"_eq\": \"X-Hasura-Team\"}}, \"limit\": 3";
        String anonymous = "{\"columns\": [\"id\", \"name\"], \"filter\": {}";
        assertThat(m).containsOnlyOnce(manager).containsOnlyOnce(anonymous);
        m = m.replace(manager, manager + ", \"allow_aggregations\": true")
                .replace(anonymous, anonymous + ", \"allow_aggregations\": true");
        memory = PermissionTester.of(MetadataLoader.defaults().loadJson(m),
                SchemaSnapshot.read(Fixtures.path("inherited-roles-db/schema.json")));
        List<Map<String, ?>> users = List.of(
                Map.of("id", 1, "name", "ada", "email", "ada@example.com", "salary", 100, "team", "red"),
                Map.of("id", 2, "name", "bob", "email", "bob@example.com", "salary", 200, "team", "blue"),
                Map.of("id", 3, "name", "cy", "email", "cy@example.com", "salary", 300, "team", "red"),
                Map.of("id", 4, "name", "dee", "email", "dee@example.com", "salary", 400, "team", "blue"),
                Map.of("id", 5, "name", "eve", "email", "eve@example.com", "salary", 500, "team", "red"));
        memory = memory.withRows("users", users);
        db = EmbeddedDatabase.create().runScript(Fixtures.read("inherited-roles-db/schema.sql"));
        database = memory.onDatabaseWithFixtures(db.dataSource());
    }

    @AfterAll
    void tearDown() {
        database.close();
        db.close();
    }

    private PermissionTester mode(String mode) {
        return mode.equals("memory") ? memory : database;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "database"})
    void canAndCannotAggregate(String mode) {
        PermissionTester t = mode(mode);
        t.as("manager").with("X-Hasura-Team", "red")
                .canAggregate("users")
                .canAggregate("users", Aggregate.of(Aggregate.Function.SUM, "salary"))
                .cannotAggregate("users", Aggregate.of(Aggregate.Function.SUM, "email"))
                .cannotAggregate("users", Aggregate.of(Aggregate.Function.SUM, "name"));
        t.as("user").with("X-Hasura-User-Id", "1").cannotAggregate("users");
        t.as("nobody").cannotAggregate("users");
        assertThat(t.as("user").with("X-Hasura-User-Id", "1").aggregate("users").refusal().orElseThrow().code())
                .isEqualTo(DiagnosticCode.NO_PERMISSION);
        assertThatThrownBy(() -> t.as("manager").with("X-Hasura-Team", "red").cannotAggregate("users"))
                .isInstanceOf(PermissionAssertionError.class).hasMessageContaining("\"count\":3");
        assertThatThrownBy(() -> t.as("user").with("X-Hasura-User-Id", "1").canAggregate("users"))
                .isInstanceOf(PermissionAssertionError.class).hasMessageContaining("allow_aggregations");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "database"})
    void theValueIsHasurasOverEveryPermittedRowWithRedactedCellsNull(String mode) {
        PermissionTester t = mode(mode);
        // manager's limit is 3 and team red has three rows: the sum is over all of them, as in Hasura.
        assertThat(t.as("manager").with("X-Hasura-Team", "red").aggregateResult("users", Aggregate.count(),
                Aggregate.of(Aggregate.Function.SUM, "salary"), Aggregate.of(Aggregate.Function.MAX, "name")))
                .isEqualTo(Json.parse("{\"aggregate\": {\"count\": 3, \"sum\": {\"salary\": 900},"
                        + " \"max\": {\"name\": \"eve\"}}}"));
        // user_anon reads email only on its own row: the count of emails is 1.
        assertThat(t.as("user_anon").with("X-Hasura-User-Id", "2").aggregateResult("users", Aggregate.count(false, "email")))
                .isEqualTo(Json.parse("{\"aggregate\": {\"count\": 1}}"));
    }
}

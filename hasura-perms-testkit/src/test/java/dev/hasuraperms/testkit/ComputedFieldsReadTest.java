package dev.hasuraperms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.InvalidComputedFieldArgumentException;
import dev.hasuraperms.eval.UnsupportedInMemoryException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.testing.Fixtures;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link SessionTester#read} with computed fields (fixtures/computed-fields). */
class ComputedFieldsReadTest {

    static EmbeddedDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = EmbeddedDatabase.create().runScript(Fixtures.path("computed-fields/schema.sql"));
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(Fixtures.read("computed-fields/data.sql"));
        }
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static PermissionTester tester() {
        return PermissionTester.of(PermissionChecker.check(MetadataLoader.defaults().load(
                Fixtures.path("computed-fields/metadata.json")), JdbcSchemaReader.defaults().read(db.dataSource()))
                .orThrow()).onDatabase(db.dataSource());
    }

    @Test
    void computedFieldsAreReadAsTheRoleSeesThem() {
        PermissionTester t = tester();
        assertThat(t.as("user").with("X-Hasura-User-Id", "4").read("authors", "id", "yearly_salary", "is_me"))
                .containsExactly(Map.of("id", 4, "yearly_salary", 48000, "is_me", true));
        assertThat(t.as("user_anon").with("X-Hasura-User-Id", "1").read("authors", "id", "yearly_salary"))
                .extracting(r -> r.get("yearly_salary")).containsExactly(12000, null, null, null);
        assertThat(t.as("anonymous").read("authors", List.of("id", "name_with"), Map.of("name_with", Map.of("prefix", "~"))))
                .extracting(r -> r.get("name_with")).containsExactly("~Ann!", "~Bartholomew!", "~Cy!", "~Dora!");
        assertThat(t.as("nobody").read("authors", "id")).isEmpty();
    }

    @Test
    void refusalsAreTyped() {
        PermissionTester t = tester();
        assertThatThrownBy(() -> t.as("anonymous").read("authors", "yearly_salary"))
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> t.as("anonymous").read("authors", "name_with"))
                .isInstanceOf(InvalidComputedFieldArgumentException.class);
    }

    @Test
    void theInMemoryModeRefusesComputedFields() {
        PermissionTester inMemory = PermissionTester.of(PermissionChecker.check(MetadataLoader.defaults().load(
                Fixtures.path("computed-fields/metadata.json")), JdbcSchemaReader.defaults().read(db.dataSource()))
                .orThrow()).withRows("authors", List.of(Map.of("id", 1, "name", "Ann", "salary", 1, "team", "red")));
        assertThat(inMemory.as("anonymous").read("authors", "id", "name")).containsExactly(Map.of("id", 1, "name", "Ann"));
        assertThatThrownBy(() -> inMemory.as("anonymous").read("authors", "id", "name_len"))
                .isInstanceOf(UnsupportedInMemoryException.class).hasMessageContaining("computed field name_len");
    }
}

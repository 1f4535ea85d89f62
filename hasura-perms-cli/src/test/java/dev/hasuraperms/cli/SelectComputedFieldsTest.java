package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code select --columns} with computed fields (fixtures/computed-fields), on both engines. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectComputedFieldsTest {

    private static final String METADATA = Fixtures.path("computed-fields/metadata.json").toString();

    private TestDatabase db;

    @BeforeAll
    void schema(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("computed-fields/schema.sql"));
        db.execute(Fixtures.read("computed-fields/data.sql"));
    }

    private Cli run(String engine, String... args) {
        List<String> all = new ArrayList<>(List.of("select", "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password(), "--engine", engine, "--table", "authors"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void columnsTakeComputedFields(String engine) {
        Cli r = run(engine, "--role", "anonymous", "--columns", "id,name_len", "--order-by", "name_len,id", "--limit", "2");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().replaceAll("\\s", "")).isEqualTo("[{\"id\":3,\"name_len\":2},{\"id\":1,\"name_len\":3}]");
        r = run(engine, "--role", "anonymous", "--columns", "id,name_with", "--computed-args",
                "{\"name_with\": {\"prefix\": \"Dr. \"}}", "--where", "{\"name_len\": {\"_eq\": 2}}");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().replaceAll("\\s", "")).isEqualTo("[{\"id\":3,\"name_with\":\"Dr.Cy!\"}]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc", "jooq"})
    void refusalsNameTheComputedField(String engine) {
        Cli r = run(engine, "--role", "anonymous", "--columns", "id,yearly_salary");
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("COLUMN_NOT_ALLOWED: ").contains("computed field yearly_salary is not in the "
                + "select permission's computed_fields");
        r = run(engine, "--role", "anonymous", "--columns", "id,name_with");
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("INVALID_COMPUTED_FIELD_ARGUMENT: ").contains("prefix");
        r = run(engine, "--role", "anonymous", "--columns", "id,name_with", "--computed-args", "[1]");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
    }
}

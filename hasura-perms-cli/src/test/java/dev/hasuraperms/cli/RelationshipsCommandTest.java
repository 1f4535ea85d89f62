package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.RelationshipModel;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code relationships} over seed 001's examples ({@code fixtures/relationships-export}: quoted CamelCase names across
 * four schemas, composite keys, array relationships through {@code foreign_key_constraint_on: {table, columns}},
 * manual mappings to and from a view, custom type and column names): the same golden JSON, in both formats, from a
 * live database, DDL, migrations and a schema snapshot.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelationshipsCommandTest {

    private static final String DIR = "relationships-export/";
    private static final String METADATA = Fixtures.path(DIR + "metadata").toString();
    private static final String MIGRATIONS = Fixtures.path(DIR + "migrations").toString();
    private static final String DDL = Fixtures.path(DIR + "migrations/1700000000000_init/up.sql").toString();

    private TestDatabase db;

    @BeforeAll
    void schema(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read(DIR + "migrations/1700000000000_init/up.sql"));
    }

    private static String expected(String format) {
        return Fixtures.read(DIR + "expected-" + format + ".json");
    }

    private Cli live(String... args) {
        List<String> all = new ArrayList<>(List.of("relationships", "--metadata", METADATA, "--jdbc-url", db.jdbcUrl(),
                "--db-user", db.user(), "--db-password", db.password()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "urql"})
    void fromALiveDatabaseTheGoldenFile(String format) {
        Cli r = live("--format", format);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(expected(format));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "urql"})
    void fromDdlAndFromMigrationsTheSameFile(String format) {
        Cli ddl = Cli.run("relationships", "--metadata", METADATA, "--ddl", DDL, "--format", format);
        assertThat(ddl.code()).as(ddl.toString()).isZero();
        assertThat(ddl.out()).isEqualTo(expected(format));
        Cli migrations = Cli.run("relationships", "--metadata", METADATA, "--migrations", MIGRATIONS, "--format", format);
        assertThat(migrations.code()).as(migrations.toString()).isZero();
        assertThat(migrations.out()).isEqualTo(expected(format));
    }

    @Test
    void fromASchemaSnapshotTheSameModel() {
        var schema = SchemaSnapshot.read(Fixtures.path(DIR + "schema.json"));
        CheckResult r = PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path(DIR + "metadata")), schema,
                CheckOptions.DEFAULT);
        RelationshipModel model = RelationshipModel.of(r.permissions().orElseThrow(() -> new AssertionError(r.diagnostics())));
        assertThat(JsonWriter.pretty(model.toJson())).isEqualTo(expected("json"));
        assertThat(JsonWriter.pretty(model.toUrqlJson())).isEqualTo(expected("urql"));
    }

    @Test
    void theModelCarriesGraphQLNamesConstraintOrderAndOrigin() {
        var schema = SchemaSnapshot.read(Fixtures.path(DIR + "schema.json"));
        RelationshipModel model = RelationshipModel.of(PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path(DIR + "metadata")), schema, CheckOptions.DEFAULT)
                .permissions().orElseThrow());
        var message = model.type("chat_Message").orElseThrow();
        var reactions = message.relationships().stream().filter(f -> f.name().equals("reactions")).findFirst().orElseThrow();
        assertThat(reactions.array()).isTrue();
        assertThat(reactions.targetType()).isEqualTo("chat_Reaction");
        // custom_column_names of chat.Reaction renames the remote fields; the pairs are in the constraint's order.
        assertThat(reactions.mapping()).extracting(RelationshipModel.FieldPair::local, RelationshipModel.FieldPair::remote)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sId", "message_sid"),
                        org.assertj.core.groups.Tuple.tuple("conferenceId", "conference_id"));
        assertThat(reactions.foreignKey()).isPresent();
        var flags = message.relationships().stream().filter(f -> f.name().equals("flags")).findFirst().orElseThrow();
        // custom_name of the table; column_config wins over custom_column_names.
        assertThat(flags.targetType()).isEqualTo("ChatFlag");
        assertThat(flags.mapping().get(0).remote()).isEqualTo("messageSid");
        var summary = model.type("content_Element").orElseThrow().relationships().stream()
                .filter(f -> f.name().equals("summary")).findFirst().orElseThrow();
        assertThat(summary.foreignKey()).isEmpty();
        assertThat(summary.targetType()).isEqualTo("elementSummary");
        assertThat(summary.insertionOrder()).hasValue(dev.hasuraperms.metadata.RelationshipUsing.InsertionOrder.AFTER_PARENT);
        assertThat(summary.mapping().get(0).remote()).isEqualTo("element_id");
        assertThat(model.type("public_x")).isEmpty();
    }

    @Test
    void outputFileHasTheSameBytesAsStandardOutput(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("relationships.json");
        Files.writeString(out, "old");
        Cli r = live("--format", "urql", "--output", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(expected("urql"));
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void badRelationshipsExitOneWithCheckDiagnosticsAndNoFile(@TempDir Path tmp) throws IOException {
        Path metadata = tmp.resolve("metadata.yaml");
        Files.writeString(metadata, """
                version: 3
                sources:
                  - name: default
                    kind: postgres
                    tables:
                      - table: {schema: content, name: Element}
                      - table: {schema: chat, name: Flag}
                        object_relationships:
                          - name: sender
                            using: {foreign_key_constraint_on: flaggedById}
                      - table: {schema: chat, name: Message}
                        object_relationships:
                          - name: element
                            using:
                              manual_configuration:
                                remote_table: {schema: content, name: Element}
                                column_mapping: {elementId: nope}
                        array_relationships:
                          - name: reactions
                            using:
                              foreign_key_constraint_on:
                                table: {schema: chat, name: Reaction}
                                columns: [messageSId, conferenceId]
                """);
        Path out = tmp.resolve("out.json");
        Cli r = Cli.run("relationships", "--metadata", metadata.toString(), "--jdbc-url", db.jdbcUrl(), "--db-user",
                db.user(), "--db-password", db.password(), "--output", out.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("[NO_FOREIGN_KEY]").contains("[UNKNOWN_COLUMN]").contains("[UNTRACKED_TABLE]");
        assertThat(r.out()).isEmpty();
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(metadata);
        }
        Cli check = Cli.run("check", "--metadata", metadata.toString(), "--jdbc-url", db.jdbcUrl(), "--db-user",
                db.user(), "--db-password", db.password());
        for (String line : r.err().strip().split("\n")) {
            assertThat(check.out()).contains(line);
        }
    }

    @Test
    void anAmbiguousForeignKeyIsCheckDiagnosticAndNoOutput(@TempDir Path tmp) {
        db.execute("CREATE TABLE chat.\"Pin\" (id int PRIMARY KEY, \"messageSId\" uuid,"
                + " CONSTRAINT pin_a FOREIGN KEY (\"messageSId\") REFERENCES chat.\"Message\" (\"sId\"),"
                + " CONSTRAINT pin_b FOREIGN KEY (\"messageSId\") REFERENCES chat.\"Message\" (\"sId\"))");
        try {
            Path metadata = tmp.resolve("pin.yaml");
            Files.writeString(metadata, """
                    version: 3
                    sources:
                      - name: default
                        kind: postgres
                        tables:
                          - table: {schema: chat, name: Message}
                          - table: {schema: chat, name: Pin}
                            object_relationships:
                              - name: message
                                using: {foreign_key_constraint_on: messageSId}
                    """);
            Cli r = Cli.run("relationships", "--metadata", metadata.toString(), "--jdbc-url", db.jdbcUrl(), "--db-user",
                    db.user(), "--db-password", db.password(), "--format", "urql");
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("[AMBIGUOUS_FOREIGN_KEY]");
            assertThat(r.out()).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            db.execute("DROP TABLE chat.\"Pin\"");
        }
    }

    @Test
    void aTypeNameThatIsNotAGraphQLNameIsRefusedAsHasuraRefusesIt(@TempDir Path tmp) throws IOException {
        db.execute("CREATE TABLE chat.\"Flag-Archive\" (id int PRIMARY KEY, \"messageSId\" uuid REFERENCES chat.\"Message\" (\"sId\"))");
        Path metadata = tmp.resolve("metadata.yaml");
        Files.writeString(metadata, """
                version: 3
                sources:
                  - name: default
                    kind: postgres
                    tables:
                      - table: {schema: chat, name: Message}
                      - table: {schema: chat, name: Flag-Archive}
                        object_relationships:
                          - name: message
                            using: {foreign_key_constraint_on: messageSId}
                """);
        Cli bad = Cli.run("relationships", "--metadata", metadata.toString(), "--jdbc-url", db.jdbcUrl(), "--db-user",
                db.user(), "--db-password", db.password());
        assertThat(bad.code()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.err()).contains("[INVALID_GRAPHQL_NAME] cannot include \"chat.Flag-Archive\" in the GraphQL "
                + "schema because \"chat_Flag-Archive\" is not a valid GraphQL identifier");
        Files.writeString(metadata, Files.readString(metadata).replace("name: Flag-Archive}",
                "name: Flag-Archive}\n        configuration: {custom_name: chat_FlagArchive}"));
        Cli ok = Cli.run("relationships", "--metadata", metadata.toString(), "--jdbc-url", db.jdbcUrl(), "--db-user",
                db.user(), "--db-password", db.password());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("\"type\": \"chat_FlagArchive\"");
        db.execute("DROP TABLE chat.\"Flag-Archive\"");
    }
}

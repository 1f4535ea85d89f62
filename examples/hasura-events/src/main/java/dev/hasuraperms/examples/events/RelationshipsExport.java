package dev.hasuraperms.examples.events;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.RelationshipModel;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The relationship export on the hasura-events app: its metadata declares no relationship between {@code events} and
 * {@code users}, so this example adds the two obvious ones with metadata-API operations
 * ({@code pg_create_object_relationship} {@code events.user} and {@code pg_create_array_relationship}
 * {@code users.events}, both through the foreign key on {@code events.user_id}; resource
 * {@code relationships/relationships.json}), resolves them against the live database and prints the export in both
 * formats ({@code --format json} and {@code --format urql} of the CLI's {@code relationships}).
 *
 * <pre>
 * mvn -q -B -pl examples/hasura-events -am compile -Prelationships
 * </pre>
 */
public final class RelationshipsExport {

    /** The metadata-API operations that add the two relationships (a class-path resource of this module). */
    static final String OPERATIONS = "/relationships/relationships.json";

    private RelationshipsExport() {
    }

    /** The export of both formats, as printed. */
    public record Export(RelationshipModel model, String json, String urql) {
    }

    /** Runs the export on a fresh embedded PostgreSQL, then stops it. */
    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Connection connection = pg.getPostgresDatabase().getConnection()) {
            run(connection, System.out);
        }
    }

    /**
     * Applies the app's migrations to {@code connection} (an empty database, in auto-commit mode), loads the app's
     * metadata plus the two relationships, type-checks it against the database and prints the export to {@code out}.
     * Fails (throws, prints no export) if the metadata or an operation does not load or type-check.
     */
    public static Export run(Connection connection, PrintStream out) throws SQLException {
        Path app = Walkthrough.appDirectory();
        for (Path up : Walkthrough.migrations(app)) {
            try (Statement st = connection.createStatement()) {
                st.execute(read(up));
            }
        }
        MetadataLoader loader = MetadataLoader.defaults();
        Metadata base = loader.tryLoad(app.resolve("metadata")).orThrow();
        String operations = resource(OPERATIONS);
        Metadata metadata = loader.tryApplyOperations(base, operations, "relationships.json").orThrow();
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(connection);
        CheckResult result = PermissionChecker.check(metadata, schema);
        CheckedPermissions checked = result.orThrow();
        RelationshipModel model = RelationshipModel.of(checked);
        Export export = new Export(model, JsonWriter.pretty(model.toJson()), JsonWriter.pretty(model.toUrqlJson()));

        out.println("== metadata-API operations applied to hasura-events/metadata (" + OPERATIONS.substring(1) + ")");
        out.print(operations);
        out.println();
        out.println("== relationships --format json");
        out.print(export.json());
        out.println();
        out.println("== relationships --format urql");
        out.print(export.urql());
        out.flush();
        return export;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = RelationshipsExport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.hasuraperms.cli;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.RelationshipModel;
import dev.hasuraperms.json.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code relationships}: the resolved relationships of the source, in Hasura's GraphQL names, as the library's model
 * ({@code --format json}) or as an introspection-shaped file for urql's Hasura resolver ({@code --format urql}).
 */
@Command(name = "relationships", mixinStandardHelpOptions = true,
        description = "Export every relationship of the source with its (local field, remote field) pairs, in Hasura's "
                + "GraphQL names, resolved against the schema (--jdbc-url, --ddl or --migrations). Exit 1, with check's "
                + "diagnostics and no file written, if the metadata does not type-check.")
final class RelationshipsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|urql", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE (replaced whole, never partly written) instead of standard output.")
    Path output;

    enum Format { json, urql }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CheckedPermissions p = Workspace.permissions(options);
        RelationshipModel model = RelationshipModel.of(p);
        String text = JsonWriter.pretty(format == Format.urql ? model.toUrqlJson() : model.toJson());
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            write(output, text);
        }
        return HasuraPermsCli.OK;
    }

    /** Writes a temporary file beside {@code file} and moves it over {@code file}: no partial file. */
    static void write(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

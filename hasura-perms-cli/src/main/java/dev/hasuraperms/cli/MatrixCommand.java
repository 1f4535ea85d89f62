package dev.hasuraperms.cli;

import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.matrix.PermissionMatrix;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code matrix}: every role × table × operation. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Print the role × table × operation matrix: columns, limits, presets, session variables, filters as SQL.")
final class MatrixCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|markdown", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    enum Format { text, json, markdown }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PermissionMatrix m = PermissionMatrix.of(Workspace.permissions(options));
        var out = spec.commandLine().getOut();
        switch (format) {
            case json -> out.println(JsonWriter.pretty(m.toJson()));
            case markdown -> out.print(m.toMarkdown());
            default -> out.print(m.toText());
        }
        return HasuraPermsCli.OK;
    }
}

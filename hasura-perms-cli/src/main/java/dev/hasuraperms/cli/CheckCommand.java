package dev.hasuraperms.cli;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code check}: load the metadata, type-check it against the schema, print every diagnostic. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Load the metadata and type-check it against the schema (--jdbc-url, --ddl or --migrations); "
                + "print every diagnostic. Exit 1 if there is an error.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    enum Format { text, json }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Diagnostic> all = new ArrayList<>();
        CheckResult r = Workspace.check(options, all);
        all.addAll(r.diagnostics());
        boolean error = r.permissions().isEmpty() || all.stream().anyMatch(d -> d.severity() == Severity.ERROR);
        var out = spec.commandLine().getOut();
        if (format == Format.json) {
            List<JsonValue> list = new ArrayList<>();
            for (Diagnostic d : all) {
                Map<String, JsonValue> m = new LinkedHashMap<>();
                m.put("code", JsonString.of(d.code().name()));
                m.put("severity", JsonString.of(d.severity().label()));
                m.put("message", JsonString.of(d.message()));
                m.put("path", JsonString.of(d.jsonPath()));
                m.put("file", JsonString.of(d.location().file()));
                m.put("line", JsonNumber.of(d.location().line()));
                m.put("column", JsonNumber.of(d.location().column()));
                list.add(JsonObject.of(m));
            }
            Map<String, JsonValue> root = new LinkedHashMap<>();
            root.put("ok", dev.hasuraperms.json.JsonBoolean.of(!error));
            root.put("diagnostics", JsonArray.of(list));
            out.println(JsonWriter.pretty(JsonObject.of(root)));
        } else {
            all.forEach(out::println);
            long errors = all.stream().filter(d -> d.severity() == Severity.ERROR).count();
            long warnings = all.size() - errors;
            out.println(error ? errors + " error(s), " + warnings + " warning(s)"
                    : "ok: the metadata type-checks" + (warnings > 0 ? " (" + warnings + " warning(s))" : ""));
        }
        return error ? HasuraPermsCli.INVALID_METADATA : HasuraPermsCli.OK;
    }
}

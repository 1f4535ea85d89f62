package dev.hasuraperms.cli;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code insert}: rows inserted under the role's insert permission (presets applied, check enforced). */
@Command(name = "insert", mixinStandardHelpOptions = true,
        description = "Insert rows under the role's insert permission, in one transaction; print {\"affected_rows\": N}.")
final class InsertCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--rows", required = true, paramLabel = "JSON_ARRAY",
            description = "The rows: a JSON array of objects, column -> value (values as in a Hasura mutation).")
    String rows;

    @Option(names = "--dry-run", description = "Run the insert and its check, then roll back.")
    boolean dryRun;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Map<String, JsonValue>> list = rows(Enforced.json("--rows", rows));
        int affected;
        try (Enforced e = Enforced.open(options, Operation.INSERT)) {
            affected = e.transaction(dryRun, () -> e.jooq()
                    ? e.secureDsl().insertInto(e.session, e.jooqTable()).values(list).execute().affectedRows()
                    : e.secureJdbc().insert(e.connection, e.session, e.table).values(list).execute().affectedRows());
        }
        spec.commandLine().getOut().println(Enforced.affectedRows(affected));
        return HasuraPermsCli.OK;
    }

    static List<Map<String, JsonValue>> rows(JsonValue v) {
        if (!(v instanceof JsonArray a)) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--rows: expected a JSON array of objects");
        }
        List<Map<String, JsonValue>> out = new ArrayList<>();
        for (JsonValue r : a.elements()) {
            if (!(r instanceof JsonObject o)) {
                throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--rows: every row must be a JSON object");
            }
            out.add(new LinkedHashMap<>(o.members()));
        }
        if (out.isEmpty()) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--rows: no rows to insert");
        }
        return out;
    }
}

package dev.hasuraperms.cli;

import dev.hasuraperms.jdbc.SecureUpdate;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code update}: rows updated under the role's update permission (filter, columns, presets, check). */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Update rows under the role's update permission, in one transaction; print {\"affected_rows\": N}.")
final class UpdateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--set", paramLabel = "JSON_OBJECT",
            description = "The new values: column -> value (default {}: only the permission's presets are set, as an"
                    + " update without _set in Hasura; with no presets either, nothing runs and 0 rows are updated).")
    String set = "{}";

    @Option(names = "--where", paramLabel = "JSON",
            description = "Which rows (Hasura's where: the select permission's columns), AND-ed with the update filter.")
    String where;

    @Option(names = "--dry-run", description = "Run the update and its check, then roll back.")
    boolean dryRun;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JsonValue s = Enforced.json("--set", set);
        if (!(s instanceof JsonObject o)) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--set: expected a JSON object of column -> value");
        }
        Map<String, JsonValue> values = new LinkedHashMap<>(o.members());
        Optional<JsonValue> filter = Optional.ofNullable(where).map(w -> Enforced.json("--where", w));
        int affected;
        try (Enforced e = Enforced.open(options, Operation.UPDATE)) {
            affected = e.transaction(dryRun, () -> {
                if (e.jooq()) {
                    var u = e.secureDsl().update(e.session, e.jooqTable()).set(values);
                    var w = e.jooqWhere(filter);
                    return (w.isPresent() ? u.where(w.get()) : u).execute().affectedRows();
                }
                SecureUpdate u = e.secureJdbc().update(e.connection, e.session, e.table).set(values);
                e.jdbcWhere(filter, e.table.name()).ifPresent(u::where);
                return u.execute().affectedRows();
            });
        }
        spec.commandLine().getOut().println(Enforced.affectedRows(affected));
        return HasuraPermsCli.OK;
    }
}

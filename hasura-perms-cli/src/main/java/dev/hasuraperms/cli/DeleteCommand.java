package dev.hasuraperms.cli;

import dev.hasuraperms.jdbc.SecureDelete;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Operation;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code delete}: rows deleted under the role's delete permission. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete rows under the role's delete permission, in one transaction; print {\"affected_rows\": N}.")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--where", paramLabel = "JSON",
            description = "Which rows (Hasura's where: the select permission's columns), AND-ed with the delete filter.")
    String where;

    @Option(names = "--dry-run", description = "Run the delete, then roll back.")
    boolean dryRun;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<JsonValue> filter = Optional.ofNullable(where).map(w -> Enforced.json("--where", w));
        int affected;
        try (Enforced e = Enforced.open(options, Operation.DELETE)) {
            affected = e.transaction(dryRun, () -> {
                if (e.jooq()) {
                    var d = e.secureDsl().deleteFrom(e.session, e.jooqTable());
                    var w = e.jooqWhere(filter);
                    return (w.isPresent() ? d.where(w.get()) : d).execute().affectedRows();
                }
                SecureDelete d = e.secureJdbc().delete(e.connection, e.session, e.table);
                e.jdbcWhere(filter, e.table.name()).ifPresent(d::where);
                return d.execute().affectedRows();
            });
        }
        spec.commandLine().getOut().println(Enforced.affectedRows(affected));
        return HasuraPermsCli.OK;
    }
}

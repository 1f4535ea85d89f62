package dev.hasuraperms.cli;

import dev.hasuraperms.names.QualifiedName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every subcommand takes: where the metadata and the schema come from, the role and session, the table. */
final class CommonOptions {

    @Option(names = "--metadata", required = true, paramLabel = "PATH",
            description = "A Hasura CLI metadata directory, an exported metadata JSON file, or a JSON file of metadata-API operations.")
    Path metadata;

    @Option(names = "--source", defaultValue = "default", paramLabel = "NAME", description = "The metadata source (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "The PostgreSQL database (jdbc:postgresql://host:port/db).")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "U", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "P", description = "Database password.")
    String dbPassword;

    @Option(names = "--ddl", paramLabel = "FILE", arity = "1..*",
            description = "Build the schema from these SQL files (applied in order to a throwaway embedded PostgreSQL) instead of a database.")
    List<Path> ddl = new ArrayList<>();

    @Option(names = "--migrations", paramLabel = "DIR",
            description = "Build the schema from a Hasura migrations directory (<version>_<name>/up.sql and <version>_<name>.up.sql, "
                    + "in version order; migrations/<--source>/ for several databases), applied to a throwaway embedded PostgreSQL.")
    Path migrations;

    @Option(names = "--role", paramLabel = "ROLE", description = "The role.")
    String role;

    @Option(names = "--session", paramLabel = "Name=Value", description = "A session variable (repeatable), e.g. X-Hasura-User-Id=2.")
    Map<String, String> session = new LinkedHashMap<>();

    @Option(names = "--table", paramLabel = "[schema.]name", description = "The table; a bare name is in schema public (names are case-sensitive).")
    String table;

    @Option(names = "--engine", defaultValue = "jdbc", paramLabel = "jdbc|jooq",
            description = "The backend that compiles the permission (default: ${DEFAULT-VALUE}).")
    Engine engine;

    /** The backends. */
    enum Engine { jdbc, jooq }

    /** The table asked for. */
    QualifiedName table() {
        if (table == null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "missing option --table");
        }
        int dot = table.indexOf('.');
        return dot < 0 ? QualifiedName.of(table) : QualifiedName.of(table.substring(0, dot), table.substring(dot + 1));
    }

    /** The role asked for. */
    String role() {
        if (role == null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "missing option --role");
        }
        return role;
    }
}

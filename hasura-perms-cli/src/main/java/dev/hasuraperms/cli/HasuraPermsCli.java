package dev.hasuraperms.cli;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hasura-perms}: check Hasura permission metadata against a database, explain and list the permissions, and
 * run reads and writes under a role's permission.
 *
 * <p>Exit codes: 0 done; 1 the metadata is invalid (its diagnostics are printed); 2 usage error; 3 refused — no
 * permission for that role, table and operation, an unknown table, a missing or invalid session variable, a column
 * the role may not read or write, a failed check, or an error the database raised ({@code DATABASE_ERROR}) — with
 * nothing written and one line {@code CODE: message} on standard error. See {@code docs/cli.md}.
 */
@Command(name = "hasura-perms", mixinStandardHelpOptions = true, versionProvider = HasuraPermsCli.Version.class,
        description = "Hasura permissions, type-checked against your database and enforced in SQL.",
        subcommands = {CheckCommand.class, ExplainCommand.class, MatrixCommand.class, SelectCommand.class,
            AggregateCommand.class, InsertCommand.class, UpdateCommand.class, DeleteCommand.class,
            FunctionCommand.class, RelationshipsCommand.class, NativeQueryCommand.class})
public final class HasuraPermsCli {

    /** Done. */
    public static final int OK = 0;
    /** The metadata is invalid. */
    public static final int INVALID_METADATA = 1;
    /** The command line is wrong. */
    public static final int USAGE = 2;
    /** Refused: nothing was written. */
    public static final int REFUSED = 3;

    /** The version, from the jar's manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HasuraPermsCli.class.getPackage().getImplementationVersion();
            return new String[] {"hasura-perms " + (v == null ? "(development build)" : v)};
        }
    }

    /** jOOQ's logger (java.util.logging when there is no SLF4J binding): warnings only, so stderr stays one line. */
    private static final java.util.logging.Logger JOOQ_LOG = java.util.logging.Logger.getLogger("org.jooq");

    private HasuraPermsCli() {
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line {@code args}, writing to {@code out} and {@code err}; returns the exit code.
     *
     * @param args the command-line arguments
     * @param out where results go
     * @param err where errors and usage go
     * @return the exit code: 0 on success (see docs/cli.md for the others)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // SLF4J comes with the embedded PostgreSQL (zonky logs through it) and has no provider here: no warning
        // about that on stderr, and jOOQ and zonky stay silent.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        JOOQ_LOG.setLevel(java.util.logging.Level.WARNING);
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = new CommandLine(new HasuraPermsCli());
        cli.setOut(o);
        cli.setErr(e);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, e));
        cli.setParameterExceptionHandler((ex, a) -> {
            e.println(ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE;
        });
        int code = cli.execute(args);
        o.flush();
        e.flush();
        return code;
    }

    private static int handle(Exception ex, PrintWriter err) {
        if (ex instanceof Exit x) {
            if (!x.getMessage().isEmpty()) {
                err.println(x.getMessage());
            }
            return x.code();
        }
        if (ex instanceof DiagnosticException d) {
            d.diagnostics().forEach(x -> err.println(x));
            return INVALID_METADATA;
        }
        if (ex instanceof HasuraPermsException h) {
            err.println(h.code().name() + ": " + oneLine(h.getMessage()));
            return REFUSED;
        }
        java.sql.SQLException sql = sqlException(ex);
        if (sql != null) {
            err.println(DiagnosticCode.DATABASE_ERROR.name() + ": "
                    + (sql.getSQLState() == null ? "" : sql.getSQLState() + ": ") + oneLine(String.valueOf(sql.getMessage())));
            return REFUSED;
        }
        err.println("error: " + oneLine(String.valueOf(ex.getMessage())));
        return USAGE;
    }

    /** The database error behind {@code ex} (a JDBC exception, or jOOQ's wrapper of one), or {@code null}. */
    private static java.sql.SQLException sqlException(Throwable ex) {
        if (ex instanceof java.sql.SQLException s) {
            return s;
        }
        if (ex instanceof org.jooq.exception.DataAccessException d) {
            java.sql.SQLException s = d.getCause(java.sql.SQLException.class);
            return s != null ? s : new java.sql.SQLException(d.getMessage(), d.sqlState());
        }
        return null;
    }

    static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Ends a command with an exit code and a message for standard error. */
    static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        Exit(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}

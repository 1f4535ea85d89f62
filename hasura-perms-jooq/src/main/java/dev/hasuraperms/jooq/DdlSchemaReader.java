package dev.hasuraperms.jooq;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import dev.hasuraperms.schema.DatabaseSchema;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a {@link DatabaseSchema} from SQL DDL scripts, through jOOQ's DDL interpreter, without a database: the same
 * model the live catalog reader gives for the database the scripts create.
 *
 * <p>Scripts are split into statements (strings, quoted identifiers, dollar quoting and comments respected) and
 * applied in order. Statements that cannot change the model ({@code INSERT}, {@code GRANT}, {@code COMMENT},
 * {@code CREATE INDEX}, {@code CREATE EXTENSION}, ...) are skipped. A statement that could change the model but cannot
 * be interpreted (a trigger, a view, a {@code DO} block, an {@code ALTER} form that is not supported, a statement
 * jOOQ rejects) is skipped and reported as {@link DiagnosticCode#DDL_NOT_INTERPRETED}, a warning, at its file, line
 * and column: the reader never guesses.
 *
 * <p>Constraints without a name get the name PostgreSQL would give them ({@code users_pkey},
 * {@code events_user_id_fkey}, {@code t_a_b_key}, shortened to 63 bytes and numbered when taken, as PostgreSQL does).
 * Functions are read from their signatures ({@code CREATE FUNCTION}); enums, domains and composite types from
 * {@code CREATE TYPE} and {@code CREATE DOMAIN}.
 *
 * <p>For the exact schema of DDL scripts or migrations, use {@code MigrationSchemaReader} ({@code hasura-perms-migrations}),
 * which applies them to an embedded PostgreSQL; this interpreter is its fallback where no server can start.
 */
public final class DdlSchemaReader {

    /** Hasura's migration directories: {@code <version>_<name>}. */
    private static final Pattern MIGRATION = Pattern.compile("(\\d+)_.*");

    /** The database a Hasura project's migrations are for when none is named. */
    public static final String DEFAULT_DATABASE = "default";

    /**
     * A schema read from DDL scripts, with every diagnostic (errors and warnings) in the order of the statements.
     *
     * @param schema      the schema model of what could be interpreted
     * @param diagnostics everything reported
     */
    public record Result(DatabaseSchema schema, List<Diagnostic> diagnostics) {

        /**
         * A result; {@code diagnostics} is copied.
         *
         * @param schema      the schema model of what could be interpreted
         * @param diagnostics everything reported
         * @throws NullPointerException when {@code schema} or {@code diagnostics} is null
         */
        public Result {
            Objects.requireNonNull(schema, "schema");
            diagnostics = List.copyOf(diagnostics);
        }

        /**
         * Whether there is an error (a file that cannot be read, an unterminated string).
         *
         * @return true when a diagnostic is an error
         */
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        /**
         * The warnings (statements that were not interpreted).
         *
         * @return the non-error diagnostics, in order; unmodifiable
         */
        public List<Diagnostic> warnings() {
            return diagnostics.stream().filter(d -> !d.isError()).toList();
        }

        /**
         * The schema, unless there is an error.
         *
         * @return the schema
         * @throws DiagnosticException with every diagnostic when there is an error (warnings alone do not throw)
         */
        public DatabaseSchema orThrow() {
            if (hasErrors()) {
                throw new DiagnosticException("could not read the schema from DDL scripts", diagnostics);
            }
            return schema;
        }
    }

    private DdlSchemaReader() {
    }

    /**
     * Reads SQL text given in memory.
     *
     * @param sql the statements
     * @return the schema and the diagnostics; never null
     */
    public static Result read(String sql) {
        return read(sql, "");
    }

    /**
     * Reads SQL text.
     *
     * @param sql  the statements
     * @param file the name diagnostics give as the file ({@code ""} for none)
     * @return the schema and the diagnostics; never null
     */
    public static Result read(String sql, String file) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(file, "file");
        Run run = new Run();
        run.script(sql, file);
        return run.interpreter.finish();
    }

    /**
     * Reads {@code .sql} files, in the given order.
     *
     * @param files the {@code .sql} files
     * @return the schema and the diagnostics; never null
     */
    public static Result readFiles(List<Path> files) {
        Run run = new Run();
        for (Path f : files) {
            run.file(f);
        }
        return run.interpreter.finish();
    }

    /**
     * Reads a Hasura project's migrations: the {@code up.sql} of every {@code <version>_<name>} directory, in numeric
     * order of the versions ({@code down.sql} is ignored).
     *
     * @param directory either the migrations of one database ({@code migrations/<database>}, or a project whose
     *                  migrations are directly in {@code migrations/}), or the {@code migrations} directory of a
     *                  project with several databases, of which {@link #DEFAULT_DATABASE} is read
     * @return the schema and the diagnostics; never null
     */
    public static Result readMigrations(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (Files.isDirectory(directory) && !hasMigrations(directory)
                && Files.isDirectory(directory.resolve(DEFAULT_DATABASE))) {
            return readMigrations(directory, DEFAULT_DATABASE);
        }
        Run run = new Run();
        run.migrations(directory);
        return run.interpreter.finish();
    }

    /**
     * Reads the migrations of one database: {@code migrationsDirectory/database/<version>_<name>/up.sql}.
     *
     * @param migrationsDirectory the project's {@code migrations} directory
     * @param database the name of the database's directory under it
     * @return the schema and the diagnostics; never null
     */
    public static Result readMigrations(Path migrationsDirectory, String database) {
        Objects.requireNonNull(migrationsDirectory, "migrationsDirectory");
        Objects.requireNonNull(database, "database");
        Run run = new Run();
        run.migrations(migrationsDirectory.resolve(database));
        return run.interpreter.finish();
    }

    private static boolean hasMigrations(Path directory) {
        try (Stream<Path> children = Files.list(directory)) {
            return children.anyMatch(p -> Files.isDirectory(p)
                    && MIGRATION.matcher(p.getFileName().toString()).matches());
        } catch (IOException e) {
            return false;
        }
    }

    /** One reading: the interpreter and the order of what it reports. */
    private static final class Run {
        final DdlInterpreter interpreter = new DdlInterpreter();
        int seq;

        void script(String sql, String file) {
            Diagnostics split = new Diagnostics();
            List<SqlStatement> statements = SqlScripts.split(sql, file, split);
            List<Diagnostic> pending = new ArrayList<>(split.all());
            for (SqlStatement st : statements) {
                while (!pending.isEmpty() && pending.get(0).location().line() < st.line()) {
                    interpreter.report(seq++, pending.remove(0));
                }
                interpreter.interpret(st, seq++);
            }
            for (Diagnostic d : pending) {
                interpreter.report(seq++, d);
            }
        }

        void file(Path f) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)))
                        .toString();
            } catch (CharacterCodingException e) {
                unreadable(f, "not valid UTF-8: " + f);
                return;
            } catch (IOException e) {
                unreadable(f, (Files.exists(f) ? "cannot read " : "no such file: ") + f);
                return;
            }
            script(text, f.toString());
        }

        void migrations(Path dir) {
            if (!Files.isDirectory(dir)) {
                unreadable(dir, "no such migrations directory: " + dir);
                return;
            }
            List<Path> versions = new ArrayList<>();
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(p -> Files.isDirectory(p) && MIGRATION.matcher(p.getFileName().toString()).matches())
                        .forEach(versions::add);
            } catch (IOException e) {
                unreadable(dir, "cannot list " + dir);
                return;
            }
            versions.sort(Comparator.comparing((Path p) -> version(p)).thenComparing(p -> p.getFileName().toString()));
            for (Path v : versions) {
                Path up = v.resolve("up.sql");
                if (Files.exists(up)) {
                    file(up);
                } else if (Files.exists(v.resolve("up.yaml"))) {
                    interpreter.report(seq++, Diagnostic.of(DiagnosticCode.DDL_NOT_INTERPRETED,
                            Origin.of("$", new SourceLocation(v.resolve("up.yaml").toString(), 0, 0)),
                            "up.yaml migrations are not read; the schema model does not include this migration"));
                }
            }
        }

        private static BigInteger version(Path p) {
            Matcher m = MIGRATION.matcher(p.getFileName().toString());
            return m.matches() ? new BigInteger(m.group(1)) : BigInteger.ZERO;
        }

        void unreadable(Path f, String message) {
            interpreter.report(seq++, Diagnostic.of(DiagnosticCode.UNREADABLE_FILE,
                    Origin.of("$", new SourceLocation(f.toString(), 0, 0)), message));
        }
    }
}

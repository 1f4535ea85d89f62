package dev.hasuraperms.cli;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.migrations.MigrationSchemaReader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What a command works on: the metadata, the schema it was checked against, and (when given) the database. */
final class Workspace {

    private Workspace() {
    }

    /** The metadata, loaded (its diagnostics: {@link DiagnosticException}). */
    static Metadata metadata(CommonOptions o) {
        LoadResult r = MetadataLoader.defaults().tryLoad(o.metadata);
        return r.metadata().orElseThrow(() -> new DiagnosticException("the metadata cannot be loaded", r.diagnostics()));
    }

    /** The result of loading and checking, diagnostics included (for {@code check}). */
    static CheckResult check(CommonOptions o, List<Diagnostic> loadDiagnostics) throws SQLException {
        LoadResult r = MetadataLoader.defaults().tryLoad(o.metadata);
        loadDiagnostics.addAll(r.diagnostics());
        if (r.metadata().isEmpty()) {
            return new CheckResult(java.util.Optional.empty(), List.of());
        }
        List<Diagnostic> schemaDiagnostics = new ArrayList<>();
        CheckOptions options = CheckOptions.DEFAULT.withSource(o.source);
        DatabaseSchema schema;
        if (o.jdbcUrl != null && o.ddl.isEmpty() && o.migrations == null) {
            // From a database: the rows of its enum tables too.
            try (Connection c = connect(o)) {
                schema = JdbcSchemaReader.defaults().read(c);
                options = options.withEnumValues(dev.hasuraperms.jdbc.EnumTableValues.read(c, r.metadata().get(),
                        java.util.Optional.ofNullable(o.source), schema));
            }
        } else {
            schema = schema(o, schemaDiagnostics);
        }
        loadDiagnostics.addAll(schemaDiagnostics);
        CheckResult checked = PermissionChecker.check(r.metadata().get(), schema, options);
        if (o.jdbcUrl != null && checked.permissions().isPresent()
                && !checked.permissions().get().source().nativeQueries().isEmpty()) {
            // Native queries are prepared (never run) on the live database, as Hasura does when tracking them.
            try (Connection c = connect(o)) {
                loadDiagnostics.addAll(dev.hasuraperms.jdbc.NativeQueryChecks.check(c, checked.permissions().get()));
            }
        }
        return checked;
    }

    /** The permissions, loaded and checked; any error is a {@link DiagnosticException} (exit 1). */
    static CheckedPermissions permissions(CommonOptions o) throws SQLException {
        List<Diagnostic> diagnostics = new ArrayList<>();
        CheckResult r = check(o, diagnostics);
        diagnostics.addAll(r.diagnostics());
        return r.permissions().orElseThrow(() -> new DiagnosticException("the metadata does not type-check", diagnostics));
    }

    /** The schema: from the database, DDL files or migrations — exactly one of them. */
    static DatabaseSchema schema(CommonOptions o, List<Diagnostic> diagnostics) throws SQLException {
        int given = (o.jdbcUrl != null ? 1 : 0) + (o.ddl.isEmpty() ? 0 : 1) + (o.migrations != null ? 1 : 0);
        if (given != 1) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE,
                    "give the schema with exactly one of --jdbc-url, --ddl FILE..., --migrations DIR");
        }
        if (o.jdbcUrl != null) {
            try (Connection c = connect(o)) {
                return JdbcSchemaReader.defaults().read(c);
            }
        }
        // Applied to a throwaway embedded PostgreSQL (the interpreter only where none can start).
        MigrationSchemaReader.Result r = o.migrations != null ? MigrationSchemaReader.readMigrations(o.migrations, o.source)
                : MigrationSchemaReader.readFiles(o.ddl);
        diagnostics.addAll(r.diagnostics());
        return r.schema();
    }

    /** A connection to {@code --jdbc-url}. */
    static Connection connect(CommonOptions o) throws SQLException {
        if (o.jdbcUrl == null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "this command needs a database: --jdbc-url URL");
        }
        Properties p = new Properties();
        if (o.dbUser != null) {
            p.setProperty("user", o.dbUser);
        }
        if (o.dbPassword != null) {
            p.setProperty("password", o.dbPassword);
        }
        return DriverManager.getConnection(o.jdbcUrl, p);
    }

    /**
     * The session of {@code --role} and {@code --session}. {@code --role admin} is Hasura's admin
     * ({@link Session#admin(Map)}: every column and no filter on every tracked table): the tool is an operator's, who
     * holds the database credentials anyway.
     */
    static Session session(CommonOptions o) {
        try {
            if (o.role().equals(Session.ADMIN_ROLE)) {
                return Session.admin(o.session);
            }
            return Session.of(o.role(), o.session);
        } catch (IllegalArgumentException e) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, e.getMessage());
        }
    }
}

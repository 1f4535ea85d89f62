package dev.hasuraperms.cli;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.jooq.JooqNames;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.jooq.SecureDsl;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * What the commands that run statements share: the checked permissions, the session, the table, one connection to
 * {@code --jdbc-url}, the backend of {@code --engine}, and the caller's {@code --where} for that backend.
 */
final class Enforced implements AutoCloseable {

    final CommonOptions options;
    final CheckedPermissions permissions;
    final QualifiedName table;
    final Session session;
    final Connection connection;

    private Enforced(CommonOptions options, CheckedPermissions permissions, QualifiedName table, Session session,
                     Connection connection) {
        this.options = options;
        this.permissions = permissions;
        this.table = table;
        this.session = session;
        this.connection = connection;
    }

    /**
     * Checks the command line, loads and type-checks the metadata against the database, refuses an untracked table or
     * a missing permission for {@code operation} (before connecting for the statement), then connects.
     */
    static Enforced open(CommonOptions o, Operation operation) throws SQLException {
        if (o.jdbcUrl == null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "this command needs a database: --jdbc-url URL");
        }
        if (!o.ddl.isEmpty() || o.migrations != null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE,
                    "this command reads the schema from --jdbc-url; --ddl and --migrations are for check, explain and matrix");
        }
        QualifiedName table = o.table();
        String role = o.role();
        Session session = Workspace.session(o);
        CheckedPermissions p = Workspace.permissions(o);
        if (p.table(table).isEmpty()) {
            throw PermissionDeniedException.untracked(role, table, operation);
        }
        if (p.forSession(session).rule(table, role, operation).isEmpty()) {
            throw new PermissionDeniedException(role, table, operation);
        }
        return new Enforced(o, p, table, session, Workspace.connect(o));
    }

    boolean jooq() {
        return options.engine == CommonOptions.Engine.jooq;
    }

    SecureJdbc secureJdbc() {
        return SecureJdbc.of(JdbcPermissions.of(permissions));
    }

    DSLContext dsl() {
        return DSL.using(connection, SQLDialect.POSTGRES,
                new Settings().withExecuteLogging(false).withRenderSchema(true));
    }

    SecureDsl secureDsl() {
        return SecureDsl.of(dsl(), JooqPermissions.of(permissions));
    }

    /** The table as jOOQ names it (not aliased): {@code "schema"."name"}. */
    Table<?> jooqTable() {
        return DSL.table(JooqNames.of(table));
    }

    /** A column of {@link #jooqTable()}. */
    Field<Object> jooqField(String column) {
        return DSL.field(DSL.name(table.schema(), table.name(), column));
    }

    List<Field<?>> jooqFields(List<String> columns) {
        List<Field<?>> fields = new ArrayList<>();
        for (String c : columns) {
            fields.add(jooqField(c));
        }
        return fields;
    }

    /**
     * The caller's {@code --where} for the JDBC backend (rows aliased {@code alias}); empty for none, {@code null} or
     * {@code {}}. Hasura's {@code where} of an update or a delete is the select boolean-expression type, so it may read
     * only columns of the role's select permission; without a select permission only an empty filter is accepted.
     */
    Optional<SqlCondition> jdbcWhere(Optional<JsonValue> where, String alias) {
        return filter(where).map(w -> JdbcPermissions.of(permissions).callerFilter(table, alias, session, w));
    }

    /** The caller's {@code --where} for the jOOQ backend, on {@link #jooqTable()}. */
    Optional<Condition> jooqWhere(Optional<JsonValue> where) {
        return filter(where).map(w -> JooqPermissions.of(permissions).callerCondition(jooqTable(), session, w));
    }

    private Optional<JsonValue> filter(Optional<JsonValue> where) {
        if (where.isEmpty() || where.get() instanceof JsonNull
                || where.get() instanceof JsonObject o && o.members().isEmpty()) {
            return Optional.empty();
        }
        return where;
    }

    /**
     * Runs {@code work} in one transaction of its own: committed when it returns (rolled back instead with
     * {@code dryRun}), rolled back when it throws.
     */
    <T> T transaction(boolean dryRun, SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (dryRun) {
            connection.rollback();
        } else {
            connection.commit();
        }
        return result;
    }

    /** Work on the connection. */
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** {@code text} (the value of {@code option}) as JSON; a usage error when it is not JSON. */
    static JsonValue json(String option, String text) {
        try {
            JsonValue v = dev.hasuraperms.json.Json.parse(text);
            if (v == null) {
                throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, option + ": not JSON");
            }
            return v;
        } catch (DiagnosticException e) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, option + ": not valid JSON: "
                    + (e.diagnostics().isEmpty() ? e.getMessage() : e.diagnostics().get(0).message()));
        }
    }

    /** A comma-separated list of names ({@code a,b}); blanks around names are dropped. */
    static List<String> names(String option, String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",", -1)) {
            String n = s.strip();
            if (n.isEmpty()) {
                throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, option + ": an empty column name in '" + text + "'");
            }
            out.add(n);
        }
        return out;
    }

    /** Prints {@code {"affected_rows": N}}. */
    static String affectedRows(int n) {
        return "{\"affected_rows\": " + n + "}";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

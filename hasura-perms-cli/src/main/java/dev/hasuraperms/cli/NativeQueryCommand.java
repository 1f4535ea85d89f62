package dev.hasuraperms.cli;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.jdbc.NativeQueryChecks;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SecureNativeQuery;
import dev.hasuraperms.jdbc.SqlStatement;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.jooq.SecureDsl;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jooq.OrderField;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code native-query}: a native query's rows under the role's select permission on its logical model, printed as
 * PostgreSQL's {@code json_agg} renders them (as {@code select} does). Before it runs, the native query is
 * type-checked on the database ({@link NativeQueryChecks}): a diagnostic there is exit 1.
 */
@Command(name = "native-query", mixinStandardHelpOptions = true,
        description = "Run a native query under the role's select permission on its logical model; print the rows as a "
                + "JSON array (as PostgreSQL's json_agg renders them).")
final class NativeQueryCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The native query's root field name.")
    String name;

    @Option(names = "--args", paramLabel = "JSON", description = "The arguments, a JSON object (default: {}); each value is read as its argument's type.")
    String args;

    @Option(names = "--columns", paramLabel = "a,b", description = "The fields, in this order (default: every field the role may read).")
    String columns;

    @Option(names = "--order-by", paramLabel = "a,b", description = "Order by these fields, ascending (each must be readable).")
    String orderBy;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (the permission's limit, when smaller, wins).")
    Integer limit;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 0) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--limit: cannot be negative: " + limit);
        }
        if (options.jdbcUrl == null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "this command needs a database: --jdbc-url URL");
        }
        if (!options.ddl.isEmpty() || options.migrations != null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE,
                    "this command reads the schema from --jdbc-url; --ddl and --migrations are for check, explain and matrix");
        }
        if (options.table != null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "native-query reads --name, not --table");
        }
        Map<String, JsonValue> arguments = arguments();
        List<String> cols = columns == null ? List.of() : Enforced.names("--columns", columns);
        List<String> order = orderBy == null ? List.of() : Enforced.names("--order-by", orderBy);
        Session session = Workspace.session(options);
        CheckedPermissions p = Workspace.permissions(options);
        if (p.source().nativeQueries().stream().noneMatch(q -> q.rootFieldName().equals(name))) {
            throw new PermissionDeniedException(session.role(), QualifiedName.of("pg_native_query", name),
                    Operation.SELECT, "no native query has the root field name " + name);
        }
        String json;
        try (Connection c = Workspace.connect(options)) {
            List<Diagnostic> diagnostics = NativeQueryChecks.check(c, p, name);
            if (diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR)) {
                throw new DiagnosticException("native query " + name + " does not type-check", diagnostics);
            }
            json = options.engine == CommonOptions.Engine.jooq ? jooq(c, p, session, arguments, cols, order)
                    : jdbc(c, p, session, arguments, cols, order);
        }
        spec.commandLine().getOut().println(json);
        return HasuraPermsCli.OK;
    }

    private Map<String, JsonValue> arguments() {
        if (args == null) {
            return Map.of();
        }
        JsonValue v = Enforced.json("--args", args);
        if (v instanceof JsonNull) {
            return Map.of();
        }
        if (!(v instanceof JsonObject o)) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--args: a JSON object of argument name to value");
        }
        return new LinkedHashMap<>(o.members());
    }

    private String jdbc(Connection c, CheckedPermissions p, Session session, Map<String, JsonValue> arguments,
                        List<String> cols, List<String> order) throws Exception {
        SecureNativeQuery q = SecureJdbc.of(p).nativeQuery(c, session, name, arguments).columns(cols);
        for (String o : order) {
            q.orderBy(OrderBy.asc(o));
        }
        if (limit != null) {
            q.limit(limit);
        }
        SqlStatement st = q.statement();
        String rows = SelectCommand.ROWS;
        String sql = "SELECT coalesce(json_agg(\"" + rows + "\".*), '[]'::json)::text FROM (" + st.sql() + ") AS \""
                + rows + "\"";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            st.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String jooq(Connection c, CheckedPermissions p, Session session, Map<String, JsonValue> arguments,
                        List<String> cols, List<String> order) {
        var dsl = DSL.using(c, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false).withRenderSchema(true));
        dev.hasuraperms.jooq.SecureNativeQuery q = SecureDsl.of(dsl, JooqPermissions.of(p))
                .nativeQuery(session, name, arguments);
        if (!cols.isEmpty()) {
            q = q.fields(cols.toArray(String[]::new));
        }
        if (!order.isEmpty()) {
            q = q.orderBy(order.stream().map(o -> (OrderField<?>) DSL.field(DSL.name(o)).asc()).toArray(OrderField[]::new));
        }
        if (limit != null) {
            q = q.limit(limit);
        }
        Select<?> query = q.query();
        String rows = SelectCommand.ROWS;
        return dsl.resultQuery("SELECT coalesce(json_agg(\"" + rows + "\".*), '[]'::json)::text FROM ({0}) AS \""
                + rows + "\"", query).fetchOne(0, String.class);
    }
}

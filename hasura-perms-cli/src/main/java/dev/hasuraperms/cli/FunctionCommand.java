package dev.hasuraperms.cli;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.ResolvedFunction;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.Enforcement;
import dev.hasuraperms.enforce.FunctionAggregatePlan;
import dev.hasuraperms.enforce.FunctionPlan;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureFunction;
import dev.hasuraperms.jdbc.SecureFunctionAggregate;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlStatement;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.jooq.SecureDsl;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code function}: a call of a tracked function under the role's permissions (who may call it, then the select
 * permission of its return table on the rows), printed as PostgreSQL's {@code json_agg} renders the rows. A function
 * exposed as a mutation runs in a transaction of its own, committed (rolled back with {@code --dry-run}).
 */
@Command(name = "function", mixinStandardHelpOptions = true,
        description = "Call a tracked function under the role's permissions; print the visible rows as a JSON array "
                + "(as PostgreSQL's json_agg renders them).")
final class FunctionCommand implements Callable<Integer> {

    /** The alias of the function's rows. */
    private static final String ALIAS = "_hp_fn";

    @Mixin
    CommonOptions options;

    @Option(names = "--function", required = true, paramLabel = "[schema.]name",
            description = "The tracked function; a bare name is in schema public.")
    String function;

    @Option(names = "--args", paramLabel = "JSON", description = "The arguments, a JSON object: name → value (unnamed "
            + "arguments are arg_1, arg_2, ...; the session argument is the session and cannot be given).")
    String args;

    @Option(names = "--columns", paramLabel = "a,b", description = "Columns of the return table, in this order (default: every column the role may read).")
    String columns;

    @Option(names = "--order-by", paramLabel = "a,b", description = "Order by these columns, ascending (each must be readable).")
    String orderBy;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (the permission's limit, when smaller, wins).")
    Integer limit;

    @Option(names = "--where", paramLabel = "JSON", description = "A filter on the returned rows in Hasura's boolean-expression language, AND-ed with the permission.")
    String where;

    @Option(names = "--dry-run", description = "Roll back a mutation function's writes instead of committing them.")
    boolean dryRun;

    @Option(names = "--aggregate", paramLabel = "SPEC", description = "Aggregate the visible rows instead of printing "
            + "them (Hasura's <function>_aggregate; needs allow_aggregations on the return table's select permission), "
            + "printing {\"aggregate\": {...}}. Repeatable; SPEC is count, count:a[,b], count-distinct:a[,b], or "
            + "FUNCTION:a[,b] with FUNCTION one of sum, avg, stddev, stddev_samp, stddev_pop, variance, var_samp, "
            + "var_pop, min, max.")
    List<String> aggregateSpecs = new ArrayList<>();

    @Option(names = "--group-by", paramLabel = "a,b", description = "With --aggregate: group the rows by these columns "
            + "(Hasura's group_by(keys: ...)), printing {\"group_by\": [...]}.")
    String groupBy;

    @Option(names = "--infer-function-permissions", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Hasura's HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS (default: ${DEFAULT-VALUE}): a select "
                    + "permission on a query function's return table suffices to call it. With "
                    + "--no-infer-function-permissions every call needs a function permission.")
    boolean inferFunctionPermissions = true;

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
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--table is not used by function: the rows are those"
                    + " of the function's return table");
        }
        int dot = function.indexOf('.');
        QualifiedName name = dot < 0 ? QualifiedName.of(function)
                : QualifiedName.of(function.substring(0, dot), function.substring(dot + 1));
        Map<String, Object> arguments = new LinkedHashMap<>();
        if (args != null) {
            JsonValue v = Enforced.json("--args", args);
            if (!(v instanceof JsonObject o)) {
                throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--args: a JSON object of argument name → value");
            }
            arguments.putAll(o.members());
        }
        List<String> cols = columns == null ? List.of() : Enforced.names("--columns", columns);
        List<String> order = orderBy == null ? List.of() : Enforced.names("--order-by", orderBy);
        Optional<JsonValue> filter = Optional.ofNullable(where).map(w -> Enforced.json("--where", w))
                .filter(w -> !(w instanceof JsonNull) && !(w instanceof JsonObject o && o.members().isEmpty()));
        options.role();
        Session session = Workspace.session(options);
        CheckedPermissions permissions = Workspace.permissions(options);
        if (!inferFunctionPermissions) {
            permissions = dev.hasuraperms.check.PermissionChecker.check(permissions.metadata(), permissions.schema(),
                    dev.hasuraperms.check.CheckOptions.DEFAULT.withSource(options.source)
                            .withInferFunctionPermissions(false)).orThrow();
        }
        if (!aggregateSpecs.isEmpty()) {
            return aggregate(permissions, session, name, arguments, filter);
        }
        if (groupBy != null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--group-by needs --aggregate");
        }
        // Every refusal (untracked function, no permission, a bad argument or column) before connecting.
        FunctionPlan plan = Enforcement.of(permissions.forSession(session)).function(name, session, arguments, cols,
                limit == null ? OptionalInt.empty() : OptionalInt.of(limit));
        ResolvedFunction f = plan.function();
        String json;
        try (Connection c = Workspace.connect(options)) {
            c.setAutoCommit(false);
            try {
                json = options.engine == CommonOptions.Engine.jooq
                        ? jooq(c, permissions, session, name, arguments, cols, order, filter, f)
                        : jdbc(c, permissions, session, name, arguments, cols, order, filter, f);
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            }
            if (dryRun || !f.mutation()) {
                c.rollback();
            } else {
                c.commit();
            }
        }
        spec.commandLine().getOut().println(json);
        return HasuraPermsCli.OK;
    }

    /** {@code --aggregate}: Hasura's {@code <function>_aggregate}, validated before connecting. */
    private Integer aggregate(CheckedPermissions permissions, Session session, QualifiedName name,
                              Map<String, Object> arguments, Optional<JsonValue> filter) throws SQLException {
        if (columns != null || orderBy != null || limit != null || dryRun) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE,
                    "--aggregate does not take --columns, --order-by, --limit or --dry-run");
        }
        List<Aggregate> aggregates = new ArrayList<>();
        for (String spec : aggregateSpecs) {
            int colon = spec.indexOf(':');
            String fn = colon < 0 ? spec : spec.substring(0, colon);
            List<String> cols = colon < 0 ? List.of() : Enforced.names("--aggregate", spec.substring(colon + 1));
            if (fn.equals("count") || fn.equals("count-distinct")) {
                aggregates.add(cols.isEmpty() && fn.equals("count") ? Aggregate.count()
                        : Aggregate.count(fn.equals("count-distinct"), cols.toArray(String[]::new)));
                continue;
            }
            Aggregate.Function f = Aggregate.Function.fromKey(fn).filter(x -> x != Aggregate.Function.COUNT)
                    .orElseThrow(() -> new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--aggregate: no aggregate "
                            + "function '" + fn + "' (count, count-distinct, sum, avg, stddev, stddev_samp, stddev_pop,"
                            + " variance, var_samp, var_pop, min, max)"));
            if (cols.isEmpty()) {
                throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--aggregate " + fn + ": name the columns, as "
                        + fn + ":a,b");
            }
            cols.forEach(c -> aggregates.add(Aggregate.of(f, c)));
        }
        List<String> groups = groupBy == null ? List.of() : Enforced.names("--group-by", groupBy);
        // Every refusal (no permission, no allow_aggregations, a bad argument or column) before connecting.
        FunctionAggregatePlan plan = Enforcement.of(permissions.forSession(session)).functionAggregate(name, session,
                arguments, aggregates, groups);
        QualifiedName table = plan.call().function().returnTable();
        JsonObject result;
        try (Connection c = Workspace.connect(options)) {
            c.setAutoCommit(false);
            try {
                if (options.engine == CommonOptions.Engine.jooq) {
                    DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES,
                            new Settings().withExecuteLogging(false).withRenderSchema(true));
                    JooqPermissions jp = JooqPermissions.of(permissions);
                    dev.hasuraperms.jooq.SecureFunctionAggregate a = SecureDsl.of(dsl, jp)
                            .functionAggregate(session, name).as(ALIAS).aggregate(aggregates.toArray(Aggregate[]::new))
                            .groupBy(groups.toArray(String[]::new));
                    for (Map.Entry<String, Object> e : arguments.entrySet()) {
                        a = a.arg(e.getKey(), e.getValue());
                    }
                    if (filter.isPresent()) {
                        a = a.where(jp.callerCondition(DSL.table(DSL.name(table.schema(), table.name())).as(ALIAS),
                                session, filter.get()));
                    }
                    result = a.fetch();
                } else {
                    SecureFunctionAggregate a = SecureJdbc.of(permissions).functionAggregate(c, session, name)
                            .alias(ALIAS).args(arguments).aggregate(aggregates.toArray(Aggregate[]::new))
                            .groupBy(groups.toArray(String[]::new));
                    filter.ifPresent(w -> a.where(JdbcPermissions.of(permissions).callerFilter(table, ALIAS,
                            session, w)));
                    result = a.fetch();
                }
            } finally {
                c.rollback();
            }
        }
        spec.commandLine().getOut().println(dev.hasuraperms.json.JsonWriter.compact(result));
        return HasuraPermsCli.OK;
    }

    private String jdbc(Connection c, CheckedPermissions p, Session session, QualifiedName name,
                        Map<String, Object> arguments, List<String> cols, List<String> order,
                        Optional<JsonValue> filter, ResolvedFunction f) throws SQLException {
        SecureFunction call = SecureJdbc.of(p).function(c, session, name).alias(ALIAS).args(arguments).columns(cols);
        for (String o : order) {
            call.orderBy(OrderBy.asc(o));
        }
        if (limit != null) {
            call.limit(limit);
        }
        filter.ifPresent(w -> call.where(JdbcPermissions.of(p).callerFilter(f.returnTable(), ALIAS, session, w)));
        SqlStatement st = call.statement();
        String sql = "SELECT coalesce(json_agg(\"" + SelectCommand.ROWS + "\".*), '[]'::json)::text FROM (" + st.sql()
                + ") AS \"" + SelectCommand.ROWS + "\"";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            st.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String jooq(Connection c, CheckedPermissions p, Session session, QualifiedName name,
                        Map<String, Object> arguments, List<String> cols, List<String> order,
                        Optional<JsonValue> filter, ResolvedFunction f) {
        DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false).withRenderSchema(true));
        JooqPermissions jp = JooqPermissions.of(p);
        dev.hasuraperms.jooq.SecureFunction call = SecureDsl.of(dsl, jp).function(session, name).as(ALIAS);
        for (Map.Entry<String, Object> a : arguments.entrySet()) {
            call = call.arg(a.getKey(), a.getValue());
        }
        if (!cols.isEmpty()) {
            call = call.columns(cols.toArray(String[]::new));
        }
        if (!order.isEmpty()) {
            call = call.orderBy(order.stream().map(o -> (OrderField<?>) DSL.field(DSL.name(ALIAS, o)).asc())
                    .toArray(OrderField[]::new));
        }
        if (limit != null) {
            call = call.limit(limit);
        }
        if (filter.isPresent()) {
            call = call.where(jp.callerCondition(DSL.table(DSL.name(f.returnTable().schema(), f.returnTable().name()))
                    .as(ALIAS), session, filter.get()));
        }
        return dsl.resultQuery("SELECT coalesce(json_agg(\"" + SelectCommand.ROWS + "\".*), '[]'::json)::text FROM ({0})"
                + " AS \"" + SelectCommand.ROWS + "\"", call.query()).fetchOne(0, String.class);
    }
}

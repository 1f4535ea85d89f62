package dev.hasuraperms.cli;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.jdbc.CompiledPredicate;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.jooq.JooqNames;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.types.PgType;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code explain}: the SQL a permission compiles to, its binds for the session, the session variables it needs. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print the SQL and binds of the permission of --role on --table (or --logical-model) for --op, and the session variables it needs.")
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--op", required = true, paramLabel = "select|insert|update|delete", description = "The operation.")
    Op op;

    enum Op { select, insert, update, delete }

    @Option(names = "--logical-model", paramLabel = "NAME",
            description = "Explain the select permission on this logical model (the rows of its native queries) instead of a table.")
    String logicalModel;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CheckedPermissions p = Workspace.permissions(options);
        if (logicalModel != null) {
            return logicalModel(p);
        }
        QualifiedName table = options.table();
        String role = options.role();
        Operation operation = Operation.valueOf(op.name().toUpperCase(java.util.Locale.ROOT));
        if (p.table(table).isEmpty()) {
            throw PermissionDeniedException.untracked(role, table, operation);
        }
        if (p.rule(table, role, operation).isEmpty()) {
            throw new PermissionDeniedException(role, table, operation);
        }
        PrintWriter out = spec.commandLine().getOut();
        Session session = Workspace.session(options);
        out.println("-- role " + role + ", " + op + " on " + table + " (engine " + options.engine + ")");
        Map<SessionVariable, Set<PgType>> vars = p.requiredSessionVariables(role, table, operation);
        out.println("session variables: " + (vars.isEmpty() ? "none" : vars.entrySet().stream()
                .map(e -> e.getKey().name() + " (" + e.getValue().stream().map(PgType::displayName).sorted()
                        .collect(Collectors.joining(", ")) + ")").collect(Collectors.joining(", "))));
        switch (operation) {
            case SELECT -> {
                SelectRule s = p.select(table, role).orElseThrow();
                out.println("columns: " + String.join(", ", s.columns()));
                s.limit().ifPresent(l -> out.println("limit: " + l));
                predicate(out, p, "filter", table, role, Kind.SELECT, session);
            }
            case INSERT -> {
                InsertRule i = p.insert(table, role).orElseThrow();
                out.println("insertable columns: " + String.join(", ", i.insertableColumns()));
                presets(out, i.presets());
                predicate(out, p, "check", table, role, Kind.INSERT_CHECK, session);
            }
            case UPDATE -> {
                UpdateRule u = p.update(table, role).orElseThrow();
                out.println("updatable columns: " + String.join(", ", u.updatableColumns()));
                presets(out, u.presets());
                predicate(out, p, "filter", table, role, Kind.UPDATE, session);
                predicate(out, p, "check", table, role, Kind.UPDATE_CHECK, session);
            }
            default -> predicate(out, p, "filter", table, role, Kind.DELETE, session);
        }
        return HasuraPermsCli.OK;
    }

    private enum Kind { SELECT, INSERT_CHECK, UPDATE, UPDATE_CHECK, DELETE }

    /**
     * A logical model's select permission: its fields, limit, session variables, and its filter (and redactions) for
     * rows aliased by the model's name, as {@code native-query} applies them.
     */
    private int logicalModel(CheckedPermissions p) {
        if (options.table != null) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "give --table or --logical-model, not both");
        }
        String role = options.role();
        QualifiedName model = QualifiedName.of("pg_logical_model", logicalModel);
        if (op != Op.select) {
            throw new PermissionDeniedException(role, model, Operation.valueOf(op.name().toUpperCase(java.util.Locale.ROOT)),
                    "logical models have select permissions only");
        }
        if (p.source().logicalModels().stream().noneMatch(m -> m.name().equals(logicalModel))) {
            throw new PermissionDeniedException(role, model, Operation.SELECT, "no logical model " + logicalModel
                    + " in the metadata");
        }
        Session session = Workspace.session(options);
        SelectRule s = p.forSession(session).logicalModelSelect(logicalModel, role).orElseThrow(() ->
                new PermissionDeniedException(role, model, Operation.SELECT, "no select permission on logical model "
                        + logicalModel));
        PrintWriter out = spec.commandLine().getOut();
        out.println("-- role " + role + ", select on logical model " + logicalModel + " (engine " + options.engine + ")");
        java.util.Map<SessionVariable, Set<PgType>> vars = new java.util.TreeMap<>();
        dev.hasuraperms.ir.Predicates.mergeSessionVariables(vars, dev.hasuraperms.ir.Predicates.sessionVariables(s.filter()));
        s.redactions().values().forEach(r -> dev.hasuraperms.ir.Predicates.mergeSessionVariables(vars,
                dev.hasuraperms.ir.Predicates.sessionVariables(r)));
        out.println("session variables: " + (vars.isEmpty() ? "none" : vars.entrySet().stream()
                .map(e -> e.getKey().name() + " (" + e.getValue().stream().map(PgType::displayName).sorted()
                        .collect(Collectors.joining(", ")) + ")").collect(Collectors.joining(", "))));
        out.println("fields: " + String.join(", ", s.columns()));
        s.limit().ifPresent(l -> out.println("limit: " + l));
        p.source().nativeQueries().stream().filter(q -> q.returns().equals(logicalModel))
                .forEach(q -> out.println("native query: " + q.rootFieldName()));
        if (options.engine == CommonOptions.Engine.jooq) {
            Table<?> rows = DSL.table(DSL.name(logicalModel));
            Condition c = JooqPermissions.of(p).logicalModelCondition(logicalModel, rows, session);
            DSLContext dsl = DSL.using(SQLDialect.POSTGRES);
            out.println("filter: " + dsl.render(c));
            List<Param<?>> params = List.copyOf(dsl.extractParams(c).values());
            out.println("filter binds: " + (params.isEmpty() ? "none" : params.stream()
                    .map(x -> dsl.renderInlined(x)).collect(Collectors.joining(", "))));
        } else {
            SqlPredicate bound = JdbcPermissions.of(p).logicalModelFilter(logicalModel, logicalModel, session);
            out.println("filter: " + bound.sql());
            out.println("filter binds: " + (bound.parameterCount() == 0 ? "none" : bound.toString()
                    .substring(bound.toString().indexOf("-- binds ") + "-- binds ".length())));
        }
        for (String field : s.redactions().keySet()) {
            JdbcPermissions.of(p).logicalModelRedaction(logicalModel, field, logicalModel, session).ifPresent(r ->
                    out.println("redaction " + field + ": " + r.sql()));
        }
        return HasuraPermsCli.OK;
    }

    private static void presets(PrintWriter out, Map<String, Expr> presets) {
        presets.forEach((c, e) -> out.println("preset " + c + " = " + (e instanceof Expr.SessionValue s
                ? s.variable().name() : String.valueOf(((Expr.Literal) e).value()))));
    }

    private void predicate(PrintWriter out, CheckedPermissions p, String what, QualifiedName table, String role,
                           Kind kind, Session session) {
        if (options.engine == CommonOptions.Engine.jooq) {
            JooqPermissions jooq = JooqPermissions.of(p);
            Table<?> t = DSL.table(JooqNames.of(table));
            Condition c = switch (kind) {
                case SELECT -> jooq.selectCondition(t, session);
                case INSERT_CHECK -> jooq.insertCheck(t, session);
                case UPDATE -> jooq.updateCondition(t, session);
                case UPDATE_CHECK -> jooq.updateCheck(t, session);
                case DELETE -> jooq.deleteCondition(t, session);
            };
            DSLContext dsl = DSL.using(SQLDialect.POSTGRES);
            out.println(what + ": " + dsl.render(c));
            List<Param<?>> params = List.copyOf(dsl.extractParams(c).values());
            out.println(what + " binds: " + (params.isEmpty() ? "none" : params.stream()
                    .map(x -> dsl.renderInlined(x)).collect(Collectors.joining(", "))));
            return;
        }
        JdbcPermissions jdbc = JdbcPermissions.of(p);
        CompiledPredicate c = switch (kind) {
            case SELECT -> jdbc.compiledSelectFilter(table, role, Optional.empty());
            case INSERT_CHECK -> jdbc.compiledInsertCheck(table, role, Optional.empty());
            case UPDATE -> jdbc.compiledUpdateFilter(table, role, Optional.empty());
            case UPDATE_CHECK -> jdbc.compiledUpdateCheck(table, role, Optional.empty());
            case DELETE -> jdbc.compiledDeleteFilter(table, role, Optional.empty());
        };
        out.println(what + ": " + c.sql());
        SqlPredicate bound = c.bind(session);
        out.println(what + " binds: " + (bound.parameterCount() == 0 ? "none" : bound.toString()
                .substring(bound.toString().indexOf("-- binds ") + "-- binds ".length())));
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.boolexp.AggregationPredicate;
import dev.hasuraperms.boolexp.AndExp;
import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.boolexp.ColumnCondition;
import dev.hasuraperms.boolexp.ColumnExp;
import dev.hasuraperms.boolexp.ExistsExp;
import dev.hasuraperms.boolexp.FieldExp;
import dev.hasuraperms.boolexp.NotExp;
import dev.hasuraperms.boolexp.ObjectExp;
import dev.hasuraperms.boolexp.Operand;
import dev.hasuraperms.boolexp.Operator;
import dev.hasuraperms.boolexp.OrExp;
import dev.hasuraperms.boolexp.Parsed;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.metadata.LogicalModel;
import dev.hasuraperms.metadata.LogicalModelField;
import dev.hasuraperms.metadata.LogicalModelType;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.Predicates;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.TypeCategory;
import dev.hasuraperms.types.ValueParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a boolean expression to the predicate IR against resolved tables, reporting every problem. One
 * instance compiles one predicate tree (scope numbers restart at 0 for each).
 *
 * <p>Semantics follow the reference §4 for permission filters: relationships become EXISTS without the target's
 * select filter; {@code _eq: null} and {@code _neq: null} keep Hasura's null-aware meaning exactly
 * ({@code (c = NULL) OR (c IS NULL)}, which the optimizer turns into {@code c IS NULL} where only TRUE matters);
 * any other comparison with a non-null value is plain {@code =}/{@code <>}.
 */
final class FilterCompiler {

    /** One level of the expression: the scope number and the table whose rows it binds. */
    /**
     * Where a filter is: a scope (0 for the filtered rows, one per EXISTS), its table, and — inside a logical-model
     * field holding an object — that object as a jsonb expression and its model.
     */
    record Scope(int id, ResolvedTable table, Nested nested) {
        Scope(int id, ResolvedTable table) {
            this(id, table, null);
        }
    }

    /** An object-valued logical-model field being filtered: its value (jsonb) and its model. */
    record Nested(Expr object, LogicalModel model) {
    }

    private static final PgType JSONB = PgType.builtin("jsonb");
    private static final PgType TEXT = PgType.builtin("text");
    private static final QualifiedName JSONB_EXTRACT_PATH = QualifiedName.of("pg_catalog", "jsonb_extract_path");
    private static final QualifiedName JSONB_EXTRACT_PATH_TEXT = QualifiedName.of("pg_catalog", "jsonb_extract_path_text");

    private final Map<QualifiedName, ResolvedTable> tables;
    private final DatabaseSchema schema;
    private final Diagnostics d;
    private final boolean allowAggregationPredicates;
    private int nextScope;
    private final Map<Column, Expr.Column[]> columns = new java.util.IdentityHashMap<>();
    private final Map<String, LogicalModel> models;
    private final Map<String, ResolvedTable> modelTables;
    private final Map<QualifiedName, LogicalModel> modelsByTable = new java.util.HashMap<>();
    /** In caller mode (a caller's {@code where}): the select permission of the caller's role on a table. */
    private java.util.function.Function<QualifiedName, Optional<SelectRule>> readable;
    private String callerRole;

    FilterCompiler(Map<QualifiedName, ResolvedTable> tables, DatabaseSchema schema, Diagnostics d,
                   boolean allowAggregationPredicates) {
        this(tables, schema, d, allowAggregationPredicates, Map.of(), Map.of());
    }

    /** A compiler that also knows the logical models (by name) and their table-likes (see {@link LogicalModels}). */
    FilterCompiler(Map<QualifiedName, ResolvedTable> tables, DatabaseSchema schema, Diagnostics d,
                   boolean allowAggregationPredicates, Map<String, LogicalModel> models,
                   Map<String, ResolvedTable> modelTables) {
        this.models = models;
        this.modelTables = modelTables;
        modelTables.forEach((name, t) -> {
            LogicalModel m = models.get(name);
            if (m != null) {
                modelsByTable.put(t.name(), m);
            }
        });
        this.tables = tables;
        this.schema = schema;
        this.d = d;
        this.allowAggregationPredicates = allowAggregationPredicates;
    }

    /**
     * Switches this compiler to caller mode: it compiles a caller's filter (Hasura's GraphQL {@code where}) for role
     * {@code role}, which may only read the columns and computed fields of its select permissions (a redacted column
     * reads as its redaction), and which sees the rows of a table reached through a relationship, {@code _exists} or a
     * set-returning computed field only where that table's select filter holds (reference §4.10).
     */
    FilterCompiler callerMode(String role, java.util.function.Function<QualifiedName, Optional<SelectRule>> readable) {
        this.callerRole = role;
        this.readable = readable;
        return this;
    }

    /** In caller mode, the role's select permission on {@code table}, reported when missing. */
    private Optional<SelectRule> readableRule(QualifiedName table, Origin origin, String how) {
        Optional<SelectRule> rule = readable.apply(table);
        if (rule.isEmpty()) {
            report(DiagnosticCode.COLUMN_NOT_ALLOWED, origin, how + " reads " + table + ", which role " + callerRole
                    + " has no select permission on");
        }
        return rule;
    }

    /**
     * In caller mode, column {@code c} of the rows of {@code s} as the role reads it — the column, or for an inherited
     * role its redacted value — or empty, reported as {@code COLUMN_NOT_ALLOWED}, when the role's select permission on
     * that table does not include it. Every column a caller's filter reads goes through here, whatever reads it (a
     * comparison, a column comparison, an aggregate's argument), so a hidden column cannot be compared with.
     */
    private Optional<Expr> readableColumn(Scope s, Column c, Origin origin) {
        QualifiedName table = s.table().name();
        Optional<SelectRule> rule = readable.apply(table);
        if (rule.isEmpty() || !rule.get().columns().contains(c.name())) {
            report(DiagnosticCode.COLUMN_NOT_ALLOWED, origin, "role " + callerRole + " may not read column " + c.name()
                    + " of " + table);
            return Optional.empty();
        }
        Predicate redaction = rule.get().redactions().get(c.name());
        if (redaction != null) {
            return Optional.of(new Expr.Redacted(moved(redaction, s.id()), column(s.id(), c)));
        }
        return Optional.of(column(s.id(), c));
    }

    /** {@code filter} (of a table's own rows) moved to scope {@code scope}, with fresh scopes for its EXISTS. */
    private Predicate moved(Predicate filter, int scope) {
        int offset = nextScope - 1;
        nextScope += Predicates.maxScope(filter);
        return Predicates.rescope(filter, scope, offset);
    }

    /**
     * The column expression for {@code c} in scope {@code scope}: one shared instance per (column, scope) for all the
     * filters this compiler compiles, since a large metadata names the same columns thousands of times.
     */
    private Expr.Column column(int scope, Column c) {
        Expr.Column[] byScope = columns.get(c);
        if (byScope == null || byScope.length <= scope) {
            Expr.Column[] grown = new Expr.Column[Math.max(scope + 1, 4)];
            if (byScope != null) {
                System.arraycopy(byScope, 0, grown, 0, byScope.length);
            }
            byScope = grown;
            columns.put(c, byScope);
        }
        Expr.Column e = byScope[scope];
        if (e == null) {
            e = new Expr.Column(scope, c.name(), c.type(), c.nullable());
            byScope[scope] = e;
        }
        return e;
    }

    /**
     * Compiles {@code e} for rows of {@code root} (scope 0). A filter equal to one compiled before for the same table
     * without any diagnostic gets that predicate again: metadata repeats the same filter across roles and operations
     * (the predicate holds no origins, so sharing it changes nothing). Filters that reported something are compiled
     * anew each time, so every occurrence reports at its own place.
     */
    Predicate compile(BoolExp e, ResolvedTable root) {
        CompiledKey key = new CompiledKey(root.name(), e);
        Predicate known = compiled.get(key);
        if (known != null) {
            return known;
        }
        int reported = d.size();
        nextScope = 1;
        Scope s = new Scope(0, root);
        Predicate p = exp(e, s, s);
        if (d.size() == reported) {
            compiled.put(key, p);
        }
        return p;
    }

    private record CompiledKey(QualifiedName table, BoolExp filter) {
    }

    private final Map<CompiledKey, Predicate> compiled = new java.util.HashMap<>();

    private Predicate exp(BoolExp e, Scope cur, Scope root) {
        if (e instanceof ObjectExp o) {
            List<Predicate> ps = new ArrayList<>();
            for (BoolExp t : o.terms()) {
                ps.add(exp(t, cur, root));
            }
            return Predicates.and(ps);
        }
        if (e instanceof AndExp a) {
            List<Predicate> ps = new ArrayList<>();
            for (BoolExp t : a.operands()) {
                ps.add(exp(t, cur, root));
            }
            return Predicates.and(ps);
        }
        if (e instanceof OrExp o) {
            List<Predicate> ps = new ArrayList<>();
            for (BoolExp t : o.operands()) {
                ps.add(exp(t, cur, root));
            }
            return Predicates.or(ps);
        }
        if (e instanceof NotExp n) {
            return new Predicate.Not(exp(n.operand(), cur, root));
        }
        if (e instanceof ExistsExp x) {
            return exists(x, cur, root);
        }
        return field((FieldExp) e, cur, root);
    }

    private Predicate exists(ExistsExp x, Scope cur, Scope root) {
        ResolvedTable t = tables.get(x.table());
        if (t == null) {
            report(schema.table(x.table()).isPresent() ? DiagnosticCode.UNTRACKED_TABLE : DiagnosticCode.UNKNOWN_TABLE,
                    x.origin(), "_exists refers to " + x.table() + ", which "
                            + (schema.table(x.table()).isPresent() ? "is not tracked" : "does not exist in the database"));
            return Predicate.Const.FALSE;
        }
        Scope s = new Scope(nextScope++, t);
        if (readable != null) {
            Optional<SelectRule> rule = readableRule(x.table(), x.origin(), "_exists");
            if (rule.isEmpty()) {
                return Predicate.Const.FALSE;
            }
            Predicate visible = moved(rule.get().filter(), s.id());
            return new Predicate.Exists(new Predicate.TableSource(x.table()), s.id(), List.of(),
                    Predicates.and(List.of(visible, exp(x.where(), s, root))));
        }
        return new Predicate.Exists(new Predicate.TableSource(x.table()), s.id(), List.of(), exp(x.where(), s, root));
    }

    // ------------------------------------------------------------------------------------------------- fields

    private Predicate field(FieldExp f, Scope cur, Scope root) {
        ResolvedTable t = cur.table();
        if (cur.nested() != null) {
            return nestedField(f, cur.nested(), cur, root);
        }
        LogicalModel model = modelsByTable.get(t.name());
        if (model != null) {
            Optional<LogicalModelField> lf = model.field(f.name());
            if (lf.isPresent() && !columnLike(lf.get().type())) {
                Column c = Column.of(f.name(), JSONB, true, false);
                return objectField(f, lf.get(), new Expr.Cast(new Expr.Column(cur.id(), c.name(), c.type(), true), JSONB),
                        model, cur, root);
            }
        }
        Optional<Column> column = t.table().column(f.name());
        if (column.isPresent()) {
            Column c = column.get();
            if (readable != null) {
                Optional<Expr> read = readableColumn(cur, c, f.origin());
                if (read.isEmpty()) {
                    return Predicate.Const.FALSE;
                }
                return columnConditions(f, read.get(), c.nullable() || read.get() instanceof Expr.Redacted, cur, root);
            }
            return columnConditions(f, column(cur.id(), c), c.nullable(), cur, root);
        }
        Optional<ResolvedRelationship> rel = t.relationship(f.name());
        if (rel.isPresent()) {
            return relationship(f, rel.get(), cur, root);
        }
        Optional<ResolvedComputedField> cf = t.computedField(f.name());
        if (cf.isPresent()) {
            return computedField(f, cf.get(), cur, root);
        }
        if (f.asAggregation().isPresent()) {
            String relName = f.name().substring(0, f.name().length() - "_aggregate".length());
            Optional<ResolvedRelationship> arrRel = t.relationship(relName).filter(ResolvedRelationship::array);
            if (arrRel.isPresent()) {
                return aggregation(f, arrRel.get(), cur, root);
            }
        }
        if (t.remoteRelationships().contains(f.name())) {
            // Hasura: annColExp, FIRemoteRelationship -> "remote field unsupported".
            report(DiagnosticCode.REMOTE_RELATIONSHIP_IN_FILTER, f.origin(), "\"" + f.name() + "\" is a remote"
                    + " relationship of " + t.name() + "; remote relationships are not supported in permissions"
                    + " (Hasura: remote field unsupported)");
            return Predicate.Const.FALSE;
        }
        report(DiagnosticCode.UNKNOWN_FIELD, f.origin(), "\"" + f.name() + "\" is not a column, relationship or computed field of "
                + t.name());
        return Predicate.Const.FALSE;
    }

    // ------------------------------------------------------------------------------------------ logical models

    private static boolean columnLike(LogicalModelType t) {
        return t instanceof LogicalModelType.Scalar
                || t instanceof LogicalModelType.ArrayOf a && a.element() instanceof LogicalModelType.Scalar;
    }

    /**
     * A logical-model field that is not a column: an object of another model (filtered as the jsonb object it is:
     * its fields are read with {@code jsonb_extract_path_text} and cast to their types), or an array of models (which,
     * as in Hasura, cannot be filtered on).
     */
    private Predicate objectField(FieldExp f, LogicalModelField field, Expr object, LogicalModel owner, Scope cur,
                                  Scope root) {
        if (!(field.type() instanceof LogicalModelType.ModelRef ref)) {
            report(DiagnosticCode.UNFILTERABLE_FIELD, f.origin(), "field " + f.name() + " of logical model " + owner.name()
                    + " holds an array" + (field.type() instanceof LogicalModelType.ArrayOf a
                    && a.element() instanceof LogicalModelType.Scalar ? " inside an object" : " of logical models")
                    + ", which a filter cannot read");
            return Predicate.Const.FALSE;
        }
        LogicalModel target = models.get(ref.logicalModel());
        if (target == null) {
            report(DiagnosticCode.UNKNOWN_LOGICAL_MODEL, f.origin(), "field " + f.name() + " refers to logical model "
                    + ref.logicalModel() + ", which is not defined");
            return Predicate.Const.FALSE;
        }
        Parsed<BoolExp> nested = f.asNested();
        if (!nested.isOk()) {
            d.addAll(nested.diagnostics());
            return Predicate.Const.FALSE;
        }
        return exp(nested.value(), new Scope(cur.id(), cur.table(), new Nested(object, target)), root);
    }

    /** A field inside an object-valued logical-model field. */
    private Predicate nestedField(FieldExp f, Nested nested, Scope cur, Scope root) {
        LogicalModel model = nested.model();
        Optional<LogicalModelField> lf = model.field(f.name());
        if (lf.isEmpty()) {
            report(DiagnosticCode.UNKNOWN_FIELD, f.origin(), "\"" + f.name() + "\" is not a field of logical model "
                    + model.name());
            return Predicate.Const.FALSE;
        }
        Expr key = new Expr.Literal(TEXT, f.name());
        if (lf.get().type() instanceof LogicalModelType.Scalar) {
            Optional<Column> c = Optional.ofNullable(modelTables.get(model.name())).flatMap(t -> t.table().column(f.name()));
            if (c.isEmpty()) {
                return Predicate.Const.FALSE; // its unknown type is reported where the model is checked
            }
            Expr value = new Expr.Cast(new Expr.Call(JSONB_EXTRACT_PATH_TEXT, List.of(nested.object(), key), TEXT),
                    c.get().type());
            return columnConditions(f, value, true, cur, root);
        }
        Expr object = new Expr.Call(JSONB_EXTRACT_PATH, List.of(nested.object(), key), JSONB);
        return objectField(f, lf.get(), object, model, cur, root);
    }

    private Predicate relationship(FieldExp f, ResolvedRelationship r, Scope cur, Scope root) {
        Parsed<BoolExp> nested = f.asNested();
        if (!nested.isOk()) {
            d.addAll(nested.diagnostics());
            return Predicate.Const.FALSE;
        }
        ResolvedTable target = tables.get(r.target());
        if (!comparableMapping(f, r, cur.table(), target)) {
            return Predicate.Const.FALSE;
        }
        Scope s = new Scope(nextScope++, target);
        List<Predicate.JoinPair> join = joinPairs(r, cur, s);
        if (readable != null) {
            Optional<SelectRule> rule = readableRule(r.target(), f.origin(), "relationship " + f.name());
            if (rule.isEmpty()) {
                return Predicate.Const.FALSE;
            }
            Predicate visible = moved(rule.get().filter(), s.id());
            return new Predicate.Exists(new Predicate.TableSource(r.target()), s.id(), join,
                    Predicates.and(List.of(visible, exp(nested.value(), s, root))));
        }
        return new Predicate.Exists(new Predicate.TableSource(r.target()), s.id(), join, exp(nested.value(), s, root));
    }

    /**
     * Whether the relationship's columns can be compared; if not (a manual relationship mapping, say, {@code uuid[]} to
     * {@code uuid}, which the resolver only warns about, as Hasura accepts it), the filter that uses it is refused.
     */
    private boolean comparableMapping(FieldExp f, ResolvedRelationship r, ResolvedTable from, ResolvedTable to) {
        for (ResolvedRelationship.ColumnPair p : r.mapping()) {
            Column local = from.table().column(p.local()).orElseThrow();
            Column remote = to.table().column(p.remote()).orElseThrow();
            if (!Resolver.comparable(local.type(), remote.type())) {
                report(DiagnosticCode.RELATIONSHIP_TYPE_MISMATCH, f.origin(), "relationship " + r.name() + " maps "
                        + from.name() + "." + p.local() + " (" + local.type().displayName() + ") to " + r.target() + "."
                        + p.remote() + " (" + remote.type().displayName() + "), which cannot be compared, so a filter"
                        + " cannot use it");
                return false;
            }
        }
        return true;
    }

    private List<Predicate.JoinPair> joinPairs(ResolvedRelationship r, Scope outer, Scope inner) {
        List<Predicate.JoinPair> join = new ArrayList<>();
        for (ResolvedRelationship.ColumnPair p : r.mapping()) {
            Column local = outer.table().table().column(p.local()).orElseThrow();
            Column remote = inner.table().table().column(p.remote()).orElseThrow();
            join.add(new Predicate.JoinPair(column(inner.id(), remote), column(outer.id(), local)));
        }
        return join;
    }

    private Predicate computedField(FieldExp f, ResolvedComputedField cf, Scope cur, Scope root) {
        if (!cf.filterable()) {
            report(DiagnosticCode.INVALID_COMPUTED_FIELD, f.origin(), "computed field " + cf.name()
                    + " takes input arguments, so it cannot be part of a boolean expression");
            return Predicate.Const.FALSE;
        }
        List<Expr> args = computedFieldArguments(cf, cur);
        if (cf.scalar()) {
            if (readable != null && readable.apply(cur.table().name()).map(r -> !r.computedFields().contains(cf.name()))
                    .orElse(true)) {
                report(DiagnosticCode.COLUMN_NOT_ALLOWED, f.origin(), "role " + callerRole + " may not read computed field "
                        + cf.name() + " of " + cur.table().name());
                return Predicate.Const.FALSE;
            }
            Expr call = new Expr.Call(cf.function(), args, cf.returnType());
            if (readable != null) {
                // An inherited role reads the field only where the granting parents' filters hold (as a column).
                Predicate redaction = readable.apply(cur.table().name()).map(r -> r.redactions().get(cf.name())).orElse(null);
                if (redaction != null) {
                    call = new Expr.Redacted(moved(redaction, cur.id()), call);
                }
            }
            return columnConditions(f, call, true, cur, root);
        }
        Parsed<BoolExp> nested = f.asNested();
        if (!nested.isOk()) {
            d.addAll(nested.diagnostics());
            return Predicate.Const.FALSE;
        }
        QualifiedName returns = cf.returnsTable().orElseThrow();
        Scope s = new Scope(nextScope++, tables.get(returns));
        Predicate where = exp(nested.value(), s, root);
        if (readable != null) {
            Optional<SelectRule> rule = readableRule(returns, f.origin(), "computed field " + cf.name());
            if (rule.isEmpty()) {
                return Predicate.Const.FALSE;
            }
            where = Predicates.and(List.of(moved(rule.get().filter(), s.id()), where));
        }
        return new Predicate.Exists(new Predicate.FunctionSource(cf.function(), args, returns), s.id(), List.of(), where);
    }

    private static List<Expr> computedFieldArguments(ResolvedComputedField cf, Scope cur) {
        int count = Math.max(cf.tableArgumentPosition(), cf.sessionArgumentPosition().orElse(-1)) + 1;
        List<Expr> args = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i == cf.tableArgumentPosition()) {
                args.add(new Expr.Row(cur.id(), cur.table().name()));
            } else if (cf.sessionArgumentPosition().isPresent() && i == cf.sessionArgumentPosition().get()) {
                args.add(new Expr.SessionJson(PgType.builtin("json")));
            }
        }
        return args;
    }

    private Predicate aggregation(FieldExp f, ResolvedRelationship r, Scope cur, Scope root) {
        Parsed<AggregationPredicate> parsed = f.asAggregation().orElseThrow();
        if (!allowAggregationPredicates && readable == null) {
            report(DiagnosticCode.AGGREGATION_PREDICATE_IN_PERMISSION, f.origin(),
                    "aggregation predicates cannot appear in permission checks (" + f.name() + ")");
            return Predicate.Const.FALSE;
        }
        if (!parsed.isOk()) {
            d.addAll(parsed.diagnostics());
            return Predicate.Const.FALSE;
        }
        AggregationPredicate a = parsed.value();
        ResolvedTable target = tables.get(r.target());
        if (!comparableMapping(f, r, cur.table(), target)) {
            return Predicate.Const.FALSE;
        }
        Scope s = new Scope(nextScope++, target);
        Optional<SelectRule> rule = Optional.empty();
        if (readable != null) {
            // First whether the role may aggregate the target at all, then each column it reads.
            rule = readableRule(r.target(), f.origin(), "aggregate " + f.name());
            if (rule.isEmpty()) {
                return Predicate.Const.FALSE;
            }
            if (!rule.get().allowAggregations()) {
                report(DiagnosticCode.COLUMN_NOT_ALLOWED, f.origin(), "role " + callerRole + " may not aggregate "
                        + r.target() + " (its select permission does not allow aggregations)");
                return Predicate.Const.FALSE;
            }
        }
        List<Expr.Column> args = new ArrayList<>();
        for (String arg : a.arguments()) {
            Optional<Column> c = target.table().column(arg);
            if (c.isEmpty()) {
                report(DiagnosticCode.UNKNOWN_COLUMN, a.origin(), "aggregate argument " + arg + " is not a column of " + target.name());
                return Predicate.Const.FALSE;
            }
            if (readable != null) {
                Optional<Expr> read = readableColumn(s, c.get(), a.origin());
                if (read.isEmpty()) {
                    return Predicate.Const.FALSE;
                }
                if (read.get() instanceof Expr.Redacted) {
                    // Hasura aggregates the redacted values; the IR aggregates plain columns, so refuse (fail closed).
                    report(DiagnosticCode.COLUMN_NOT_ALLOWED, a.origin(), "role " + callerRole + " reads column " + arg
                            + " of " + target.name() + " redacted, which an aggregation predicate's arguments cannot be");
                    return Predicate.Const.FALSE;
                }
            }
            args.add(new Expr.Column(s.id(), arg, c.get().type(), c.get().nullable()));
        }
        Predicate filter = a.filter().map(x -> exp(x, s, root)).orElse(Predicate.Const.TRUE);
        if (rule.isPresent()) {
            filter = Predicates.and(List.of(moved(rule.get().filter(), s.id()), filter));
        }
        PgType resultType = aggregateType(a.function(), args);
        int resultScope = nextScope++;
        Expr.Column agg = new Expr.Column(resultScope, "agg", resultType, true);
        List<Predicate> conds = new ArrayList<>();
        for (ColumnCondition c : a.predicate().conditions()) {
            conds.add(condition(c, agg, true, s, root));
        }
        return new Predicate.Aggregate(new Predicate.TableSource(r.target()), s.id(), joinPairs(r, cur, s), filter,
                a.function(), args, a.distinct(), resultScope, Predicates.and(conds));
    }

    /** The result type PostgreSQL gives an aggregate over {@code args}. */
    private static PgType aggregateType(String function, List<Expr.Column> args) {
        String arg = args.isEmpty() || !(args.get(0).type() instanceof PgType.Base b) ? "" : b.name().name();
        switch (function) {
            case "count":
                return PgType.builtin("int8");
            case "bool_and", "bool_or":
                return PgType.builtin("bool");
            case "max", "min":
                return args.isEmpty() ? PgType.builtin("numeric") : args.get(0).type();
            case "corr", "covar_samp":
                return PgType.builtin("float8");
            case "sum":
                switch (arg) {
                    case "int2", "int4":
                        return PgType.builtin("int8");
                    case "float4":
                        return PgType.builtin("float4");
                    case "float8":
                        return PgType.builtin("float8");
                    case "interval":
                        return PgType.builtin("interval");
                    default:
                        return PgType.builtin("numeric");
                }
            default:
                // avg, stddev_samp, var_samp: float8 for floats, numeric for integers and numeric.
                return arg.equals("float4") || arg.equals("float8") ? PgType.builtin("float8") : PgType.builtin("numeric");
        }
    }

    // ----------------------------------------------------------------------------------------------- columns

    private Predicate columnConditions(FieldExp f, Expr column, boolean nullable, Scope cur, Scope root) {
        Parsed<ColumnExp> parsed = f.asColumn();
        if (!parsed.isOk()) {
            d.addAll(parsed.diagnostics());
            return Predicate.Const.FALSE;
        }
        if (column.type().category() == TypeCategory.JSON) {
            report(DiagnosticCode.JSON_COLUMN_IN_FILTER, f.origin(), "JSON column can not be part of boolean expression ("
                    + f.name() + " is json; use jsonb)");
            return Predicate.Const.FALSE;
        }
        List<Predicate> ps = new ArrayList<>();
        for (ColumnCondition c : parsed.value().conditions()) {
            ps.add(condition(c, column, nullable, cur, root));
        }
        return Predicates.and(ps);
    }

    private Predicate condition(ColumnCondition c, Expr column, boolean nullable, Scope cur, Scope root) {
        PgType type = column.type();
        TypeCategory cat = type.category();
        Operator op = c.operator();
        if (c instanceof ColumnCondition.IsNull n) {
            return new Predicate.IsNull(column, !n.isNull());
        }
        if (c instanceof ColumnCondition.Cast cast) {
            return castCondition(cast, column, cur, root);
        }
        if (op.category() == Operator.Category.POSTGIS || op.category() == Operator.Category.RASTER) {
            return spatial(c, column, cur, root);
        }
        if ((cat == TypeCategory.GEOMETRY || cat == TypeCategory.GEOGRAPHY) && (op == Operator.NEQ || op == Operator.CNE)) {
            // Hasura accepts it and renders <>, which PostGIS does not define: PostgreSQL refuses the statement.
            return mismatch(c, type, "PostGIS defines no <> operator (use _not with _eq)");
        }
        if (isSpatial(cat) && op.category() != Operator.Category.EQUALITY && op.category() != Operator.Category.ORDERING
                && op.category() != Operator.Category.COLUMN_COMPARISON) {
            if (op.category() == Operator.Category.MEMBERSHIP) {
                report(DiagnosticCode.UNSUPPORTED_OPERATOR, c.origin(), op.key() + " on " + type.displayName()
                        + " is not supported by this library (use _or of _eq or _st_equals)");
                return Predicate.Const.FALSE;
            }
            return mismatch(c, type, "it does not apply to PostGIS types");
        }
        if (cat == TypeCategory.RASTER && op.category() != Operator.Category.COLUMN_COMPARISON) {
            report(DiagnosticCode.UNSUPPORTED_OPERATOR, c.origin(), op.key() + " on raster is not supported by this library"
                    + " (only _is_null and the raster operators are)");
            return Predicate.Const.FALSE;
        }
        ColumnCondition.Comparison cmp = (ColumnCondition.Comparison) c;
        Operand operand = cmp.operand();
        switch (op.category()) {
            case EQUALITY: {
                if (operand instanceof Operand.Literal l && l.value() instanceof JsonNull) {
                    // Hasura: (c = NULL) OR (c IS NULL AND NULL IS NULL) for nullable columns, c = NULL otherwise.
                    return nullable
                            ? new Predicate.Or(List.of(Predicate.Const.UNKNOWN, new Predicate.IsNull(column, op == Operator.NEQ)))
                            : Predicate.Const.UNKNOWN;
                }
                return compare(op == Operator.EQ ? CompareOp.EQ : CompareOp.NEQ, column, operand, type, c.origin());
            }
            case ORDERING: {
                if (!cat.isOrdered() && cat != TypeCategory.GEOMETRY && cat != TypeCategory.GEOGRAPHY) {
                    return mismatch(c, type, "values of this type have no order");
                }
                CompareOp cop = op == Operator.GT ? CompareOp.GT : op == Operator.LT ? CompareOp.LT
                        : op == Operator.GTE ? CompareOp.GTE : CompareOp.LTE;
                return compare(cop, column, operand, type, c.origin());
            }
            case MEMBERSHIP: {
                if (cat == TypeCategory.ARRAY) {
                    return mismatch(c, type, "_in and _nin on array columns are not supported");
                }
                Predicate in = compare(CompareOp.IN, column, operand, type.arrayOf(), c.origin());
                return op == Operator.IN ? in : new Predicate.Not(in);
            }
            case TEXT: {
                if (cat != TypeCategory.STRING) {
                    return mismatch(c, type, "it works on text types (text, varchar, char, citext, name)");
                }
                return compare(textOp(op), column, operand, type, c.origin());
            }
            case CONTAINMENT: {
                if (cat != TypeCategory.JSONB && cat != TypeCategory.ARRAY) {
                    return mismatch(c, type, "it works on jsonb and array columns");
                }
                return compare(op == Operator.CONTAINS ? CompareOp.CONTAINS : CompareOp.CONTAINED_IN, column, operand, type,
                        c.origin());
            }
            case JSONB_KEYS: {
                if (cat != TypeCategory.JSONB) {
                    return mismatch(c, type, "it works on jsonb columns");
                }
                PgType text = PgType.builtin("text");
                if (op == Operator.HAS_KEY) {
                    return compare(CompareOp.HAS_KEY, column, operand, text, c.origin());
                }
                return compare(op == Operator.HAS_KEYS_ANY ? CompareOp.HAS_KEYS_ANY : CompareOp.HAS_KEYS_ALL, column, operand,
                        text.arrayOf(), c.origin());
            }
            case LTREE: {
                if (cat != TypeCategory.LTREE) {
                    return mismatch(c, type, "it works on ltree columns");
                }
                return ltree(op, column, operand, (PgType.Base) type, c.origin());
            }
            case COLUMN_COMPARISON: {
                return columnComparison(op, column, (Operand.ColumnRef) operand, cur, root, c.origin());
            }
            default:
                return mismatch(c, type, "it is not a column comparison operator");
        }
    }

    private static boolean isSpatial(TypeCategory cat) {
        return cat == TypeCategory.GEOMETRY || cat == TypeCategory.GEOGRAPHY || cat == TypeCategory.RASTER;
    }

    private static CompareOp textOp(Operator op) {
        switch (op) {
            case LIKE:
                return CompareOp.LIKE;
            case NLIKE:
                return CompareOp.NLIKE;
            case ILIKE:
                return CompareOp.ILIKE;
            case NILIKE:
                return CompareOp.NILIKE;
            case SIMILAR:
                return CompareOp.SIMILAR;
            case NSIMILAR:
                return CompareOp.NSIMILAR;
            case REGEX:
                return CompareOp.REGEX;
            case NREGEX:
                return CompareOp.NREGEX;
            case IREGEX:
                return CompareOp.IREGEX;
            default:
                return CompareOp.NIREGEX;
        }
    }

    private Predicate ltree(Operator op, Expr column, Operand operand, PgType.Base ltreeType, Origin origin) {
        String schemaName = ltreeType.name().schema();
        PgType lquery = new PgType.Base(QualifiedName.of(schemaName, "lquery"));
        PgType ltxtquery = new PgType.Base(QualifiedName.of(schemaName, "ltxtquery"));
        switch (op) {
            case ANCESTOR:
                return compare(CompareOp.ANCESTOR, column, operand, ltreeType, origin);
            case ANCESTOR_ANY:
                return compare(CompareOp.ANCESTOR, column, operand, ltreeType.arrayOf(), origin);
            case DESCENDANT:
                return compare(CompareOp.DESCENDANT, column, operand, ltreeType, origin);
            case DESCENDANT_ANY:
                return compare(CompareOp.DESCENDANT, column, operand, ltreeType.arrayOf(), origin);
            case MATCHES:
                return compare(CompareOp.MATCHES, column, operand, lquery, origin);
            case MATCHES_ANY:
                return compare(CompareOp.MATCHES_ANY, column, operand, lquery.arrayOf(), origin);
            default:
                return compare(CompareOp.MATCHES_FULLTEXT, column, operand, ltxtquery, origin);
        }
    }

    private Predicate castCondition(ColumnCondition.Cast cast, Expr column, Scope cur, Scope root) {
        String target = cast.targetType();
        TypeCategory from = column.type().category();
        if (from == TypeCategory.JSONB && (target.equals("String") || target.equalsIgnoreCase("text"))) {
            Expr casted = new Expr.Cast(column, PgType.builtin("text"));
            List<Predicate> ps = new ArrayList<>();
            for (ColumnCondition c : cast.conditions().conditions()) {
                ps.add(condition(c, casted, true, cur, root));
            }
            return Predicates.and(ps);
        }
        if (from == TypeCategory.GEOMETRY && target.equals("geography")
                || from == TypeCategory.GEOGRAPHY && target.equals("geometry")) {
            // Hasura (DDL/BoolExp.hs checkValidCast, Translate/BoolExp.hs mkCastsExp): (col)::<target>, and the
            // conditions typed for the target type. The target lives in the schema of the column's PostGIS type.
            Expr casted = new Expr.Cast(column, postgisType(column.type(), target));
            List<Predicate> ps = new ArrayList<>();
            for (ColumnCondition c : cast.conditions().conditions()) {
                ps.add(condition(c, casted, true, cur, root));
            }
            return Predicates.and(ps);
        }
        report(DiagnosticCode.OPERATOR_TYPE_MISMATCH, cast.origin(), "_cast from " + column.type().displayName() + " to "
                + target + " is not allowed (Hasura casts jsonb to String, and between geometry and geography)");
        return Predicate.Const.FALSE;
    }

    private Predicate columnComparison(Operator op, Expr column, Operand.ColumnRef ref, Scope cur, Scope root, Origin origin) {
        Scope s = ref.root() ? root : cur;
        Optional<Column> other = s.table().table().column(ref.column());
        if (other.isEmpty()) {
            report(DiagnosticCode.UNKNOWN_COLUMN, ref.origin(), op.key() + " compares with column " + ref.column() + ", which "
                    + s.table().name() + (ref.root() ? " (the root table)" : "") + " does not have");
            return Predicate.Const.FALSE;
        }
        Column o = other.get();
        Expr otherExpr = column(s.id(), o);
        if (readable != null) {
            // Not reachable through CallerFilters (its parser refuses _c* in a caller's where), but a column the role
            // may not read must never be compared with, whatever the operator.
            Optional<Expr> read = readableColumn(s, o, ref.origin());
            if (read.isEmpty()) {
                return Predicate.Const.FALSE;
            }
            otherExpr = read.get();
        }
        if (o.type().category() == TypeCategory.JSON) {
            report(DiagnosticCode.JSON_COLUMN_IN_FILTER, ref.origin(), "JSON column can not be part of boolean expression ("
                    + ref.column() + " is json; use jsonb)");
            return Predicate.Const.FALSE;
        }
        if (!o.type().equals(column.type())) {
            report(DiagnosticCode.OPERATOR_TYPE_MISMATCH, origin, op.key() + ": incompatible column types: "
                    + column.type().displayName() + " and " + o.type().displayName() + " (" + ref.column()
                    + "); column comparisons need exactly the same type");
            return Predicate.Const.FALSE;
        }
        CompareOp cop;
        switch (op) {
            case CEQ:
                cop = CompareOp.EQ;
                break;
            case CNE:
                cop = CompareOp.NEQ;
                break;
            case CGT:
                cop = CompareOp.GT;
                break;
            case CLT:
                cop = CompareOp.LT;
                break;
            case CGTE:
                cop = CompareOp.GTE;
                break;
            default:
                cop = CompareOp.LTE;
                break;
        }
        if (cop != CompareOp.EQ && cop != CompareOp.NEQ && !column.type().category().isOrdered()) {
            report(DiagnosticCode.OPERATOR_TYPE_MISMATCH, origin, op.key() + " does not apply to "
                    + column.type().displayName() + ": values of this type have no order");
            return Predicate.Const.FALSE;
        }
        return new Predicate.Compare(cop, column, otherExpr);
    }

    private Predicate compare(CompareOp op, Expr column, Operand operand, PgType operandType, Origin origin) {
        Optional<Expr> value = value(operand, operandType);
        if (value.isPresent() && value.get() instanceof Expr.Literal l && l.value() instanceof String pattern
                && op.patternKind() != dev.hasuraperms.types.Patterns.Kind.NONE) {
            try {
                dev.hasuraperms.types.Patterns.validate(op.patternKind(), pattern);
            } catch (ValueParseException e) {
                report(DiagnosticCode.LITERAL_TYPE_MISMATCH, ((Operand.Literal) operand).value().origin(),
                        "invalid pattern for " + op.sql() + ": " + e.getMessage());
                return Predicate.Const.FALSE;
            }
        }
        return value.<Predicate>map(v -> new Predicate.Compare(op, column, v)).orElse(Predicate.Const.FALSE);
    }

    /** The operand typed for {@code type}: a parsed literal, or a session slot. */
    private Optional<Expr> value(Operand operand, PgType type) {
        if (type.category() == TypeCategory.GEOMETRY || type.category() == TypeCategory.GEOGRAPHY) {
            return geoValue(operand, type);
        }
        if (operand instanceof Operand.SessionVariableRef s) {
            return Optional.of(new Expr.SessionValue(s.variable(), type));
        }
        if (operand instanceof Operand.Literal l) {
            JsonValue v = l.value();
            if (v instanceof JsonNull) {
                return Optional.of(new Expr.Literal(type, SqlNull.INSTANCE));
            }
            try {
                return Optional.of(new Expr.Literal(type, PgValues.fromJson(type, v)));
            } catch (ValueParseException e) {
                String what = v instanceof JsonArray ? "list" : "value";
                report(DiagnosticCode.LITERAL_TYPE_MISMATCH, v.origin(), "invalid " + what + " for type "
                        + type.displayName() + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        Operand.ColumnRef ref = (Operand.ColumnRef) operand;
        report(DiagnosticCode.INVALID_OPERAND, ref.origin(), "a column reference is only allowed with _ceq, _cne, _cgt, _clt, "
                + "_cgte and _clte");
        return Optional.empty();
    }

    // ----------------------------------------------------------------------------------------------- PostGIS

    private static final PgType BOOL = PgType.builtin("bool");
    private static final PgType FLOAT4 = PgType.builtin("float4");
    private static final PgType INT4 = PgType.builtin("int4");

    /**
     * A PostGIS or raster operator, as Hasura renders it (Translate/BoolExp.hs {@code mkCompExp}: {@code ST_Contains(col,
     * v)}, {@code ST_DWithin(col, v, distance[, use_spheroid])}, {@code ST_Intersects(rast, ...)}), with the column
     * types Hasura's permission parser allows (DDL/BoolExp.hs {@code parseGeometryOp}, {@code parseSTDWithinObj}, ...).
     * The call is compared with TRUE (the SQL renderer writes the bare call). The functions are those of the schema
     * the column's PostGIS type lives in, so the SQL does not depend on the search path.
     */
    private Predicate spatial(ColumnCondition c, Expr column, Scope cur, Scope root) {
        Operator op = c.operator();
        PgType type = column.type();
        TypeCategory cat = type.category();
        if (op.category() == Operator.Category.RASTER) {
            if (readable == null) {
                // DDL/BoolExp.hs parseOperation has no raster operator: Hasura answers "Unknown operator".
                report(DiagnosticCode.UNKNOWN_OPERATOR, c.origin(), "Unknown operator: " + op.key() + " (Hasura offers the"
                        + " raster operators in a GraphQL where only, not in permissions)");
                return Predicate.Const.FALSE;
            }
            if (cat != TypeCategory.RASTER) {
                return mismatch(c, type, "it works on raster columns");
            }
            return raster(c, column);
        }
        boolean geographyToo = op == Operator.ST_INTERSECTS || op == Operator.ST_D_WITHIN;
        if (cat != TypeCategory.GEOMETRY && !(geographyToo && cat == TypeCategory.GEOGRAPHY)) {
            return mismatch(c, type, "it works on " + (geographyToo ? "geometry and geography" : "geometry") + " columns");
        }
        String schema = ((PgType.Base) type).name().schema();
        if (c instanceof ColumnCondition.DistanceWithin dw) {
            Optional<Expr> from = geoValue(dw.from(), type);
            Optional<Expr> distance = value(dw.distance(), FLOAT4);
            if (from.isEmpty() || distance.isEmpty()) {
                return Predicate.Const.FALSE;
            }
            List<Expr> args = new ArrayList<>(List.of(column, from.get(), distance.get()));
            if (cat == TypeCategory.GEOGRAPHY) {
                // DWithinGeogOp: use_spheroid; absent, true (the default of Hasura's GraphQL input and of ST_DWithin).
                args.add(new Expr.Literal(BOOL, dw.useSpheroid().orElse(true)));
            }
            String fn = op == Operator.ST_3D_D_WITHIN ? "st_3ddwithin" : "st_dwithin";
            return isTrue(new Expr.Call(QualifiedName.of(schema, fn), args, BOOL));
        }
        if (!(c instanceof ColumnCondition.Comparison cmp)) {
            report(DiagnosticCode.INVALID_OPERAND, c.origin(), op.key() + " takes one GeoJSON value");
            return Predicate.Const.FALSE;
        }
        Optional<Expr> v = geoValue(cmp.operand(), type);
        if (v.isEmpty()) {
            return Predicate.Const.FALSE;
        }
        String fn;
        switch (op) {
            case ST_CONTAINS:
                fn = "st_contains";
                break;
            case ST_CROSSES:
                fn = "st_crosses";
                break;
            case ST_EQUALS:
                fn = "st_equals";
                break;
            case ST_OVERLAPS:
                fn = "st_overlaps";
                break;
            case ST_TOUCHES:
                fn = "st_touches";
                break;
            case ST_WITHIN:
                fn = "st_within";
                break;
            case ST_3D_INTERSECTS:
                fn = "st_3dintersects";
                break;
            default:
                fn = "st_intersects";
                break;
        }
        return isTrue(new Expr.Call(QualifiedName.of(schema, fn), List.of(column, v.get()), BOOL));
    }

    /** The raster operators of Hasura's GraphQL where (Translate/BoolExp.hs {@code applySTIntersects}). */
    private Predicate raster(ColumnCondition c, Expr column) {
        String schema = ((PgType.Base) column.type()).name().schema();
        QualifiedName intersects = QualifiedName.of(schema, "st_intersects");
        PgType geometry = postgisType(column.type(), "geometry");
        if (c instanceof ColumnCondition.RasterBand rb) {
            Optional<Expr> geom = geoValue(rb.geommin(), geometry);
            Optional<Expr> nband = rb.nband().isPresent() ? value(rb.nband().get(), INT4)
                    : Optional.of(new Expr.Literal(INT4, SqlNull.INSTANCE));
            if (rb.nband().isEmpty() && c.operator() == Operator.ST_INTERSECTS_NBAND_GEOM) {
                report(DiagnosticCode.INVALID_OPERAND, c.origin(), c.operator().key() + " needs \"nband\"");
                return Predicate.Const.FALSE;
            }
            if (geom.isEmpty() || nband.isEmpty()) {
                return Predicate.Const.FALSE;
            }
            List<Expr> args = c.operator() == Operator.ST_INTERSECTS_NBAND_GEOM
                    ? List.of(column, nband.get(), geom.get()) : List.of(column, geom.get(), nband.get());
            return isTrue(new Expr.Call(intersects, args, BOOL));
        }
        if (!(c instanceof ColumnCondition.Comparison cmp)) {
            report(DiagnosticCode.INVALID_OPERAND, c.origin(), c.operator().key() + " takes one raster value");
            return Predicate.Const.FALSE;
        }
        // A raster value is hexadecimal well-known binary, read with ST_RastFromHexWKB (SQL/Value.hs withConstructorFn).
        Optional<Expr> text;
        if (cmp.operand() instanceof Operand.Literal l && l.value() instanceof dev.hasuraperms.json.JsonString s) {
            if (!s.value().matches("(?:[0-9a-fA-F]{2})+")) {
                report(DiagnosticCode.LITERAL_TYPE_MISMATCH, l.value().origin(), "invalid value for type raster: expected"
                        + " hexadecimal well-known binary");
                return Predicate.Const.FALSE;
            }
            text = Optional.of(new Expr.Literal(TEXT, s.value()));
        } else if (cmp.operand() instanceof Operand.SessionVariableRef sv) {
            text = Optional.of(new Expr.SessionValue(sv.variable(), TEXT));
        } else {
            report(DiagnosticCode.LITERAL_TYPE_MISMATCH, cmp.origin(), "invalid value for type raster: expected a string of"
                    + " hexadecimal well-known binary");
            return Predicate.Const.FALSE;
        }
        Expr rast = new Expr.Cast(new Expr.Call(QualifiedName.of(schema, "st_rastfromhexwkb"), List.of(text.get()),
                column.type()), column.type());
        return isTrue(new Expr.Call(intersects, List.of(column, rast), BOOL));
    }

    private static Predicate isTrue(Expr.Call call) {
        return new Predicate.Compare(CompareOp.EQ, call, new Expr.Literal(BOOL, Boolean.TRUE));
    }

    /** The PostGIS type {@code name} ({@code geometry}, {@code geography}) of the schema that {@code sibling} lives in. */
    private static PgType postgisType(PgType sibling, String name) {
        return new PgType.Base(QualifiedName.of(((PgType.Base) sibling).name().schema(), name));
    }

    /**
     * A GeoJSON operand for a geometry or geography: {@code ST_GeomFromGeoJSON(<text>)::<type>}, as Hasura builds every
     * PostGIS value, literal or session variable (SQL/Value.hs {@code withConstructorFn}, {@code withTypeAnn}); the text
     * is always a bound parameter. A literal is a GeoJSON geometry object (or a string holding one); a session value
     * is the GeoJSON text itself, which PostGIS parses (and refuses, failing the statement, when it is not GeoJSON).
     */
    private Optional<Expr> geoValue(Operand operand, PgType type) {
        Expr text;
        if (operand instanceof Operand.SessionVariableRef s) {
            text = new Expr.SessionValue(s.variable(), TEXT);
        } else if (operand instanceof Operand.Literal l) {
            JsonValue v = l.value();
            if (v instanceof JsonNull) {
                return Optional.of(new Expr.Literal(type, SqlNull.INSTANCE));
            }
            Optional<String> geoJson = GeoJson.text(v);
            if (geoJson.isEmpty()) {
                report(DiagnosticCode.LITERAL_TYPE_MISMATCH, v.origin(), "invalid value for type " + type.displayName()
                        + ": " + GeoJson.problem(v));
                return Optional.empty();
            }
            text = new Expr.Literal(TEXT, geoJson.get());
        } else {
            Operand.ColumnRef ref = (Operand.ColumnRef) operand;
            report(DiagnosticCode.INVALID_OPERAND, ref.origin(), "a column reference is only allowed with _ceq, _cne, _cgt,"
                    + " _clt, _cgte and _clte");
            return Optional.empty();
        }
        PgType geometry = postgisType(type, "geometry");
        Expr call = new Expr.Call(QualifiedName.of(((PgType.Base) type).name().schema(), "st_geomfromgeojson"),
                List.of(text), geometry);
        return Optional.of(new Expr.Cast(call, type));
    }

    private Predicate mismatch(ColumnCondition c, PgType type, String why) {
        report(DiagnosticCode.OPERATOR_TYPE_MISMATCH, c.origin(), c.operator().key() + " does not apply to type "
                + type.displayName() + ": " + why);
        return Predicate.Const.FALSE;
    }

    private void report(DiagnosticCode code, Origin origin, String message) {
        d.report(code, origin, message);
    }
}

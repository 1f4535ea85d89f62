package dev.hasuraperms.check;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.Predicates;
import dev.hasuraperms.metadata.InheritedRole;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The type-checked permissions of one source: every tracked table resolved against the database, and for every
 * (table, role, operation) that has a permission, the rule with its filters compiled to the predicate IR.
 * Immutable and thread-safe.
 */
public final class CheckedPermissions {

    /** Key of one rule. */
    private record Key(QualifiedName table, String role, Operation operation) {
    }

    private final Metadata metadata;
    private final Source source;
    private final DatabaseSchema schema;
    private final Map<QualifiedName, ResolvedTable> tables;
    private final Map<Key, PermissionRule> rules;
    private final List<Diagnostic> warnings;
    private final Map<String, SelectRule> logicalModelRules;
    private final Optional<dev.hasuraperms.enforce.InputValidator> inputValidator;
    private final Map<QualifiedName, ResolvedFunction> functions;
    private final boolean inferFunctionPermissions;

    CheckedPermissions(Metadata metadata, Source source, DatabaseSchema schema, Map<QualifiedName, ResolvedTable> tables,
                       List<PermissionRule> rules, Map<String, SelectRule> logicalModelRules, List<Diagnostic> warnings,
                       Optional<dev.hasuraperms.enforce.InputValidator> inputValidator,
                       Map<QualifiedName, ResolvedFunction> functions, boolean inferFunctionPermissions) {
        this(metadata, source, schema, tables, rules, logicalModelRules, warnings, inputValidator, functions,
                inferFunctionPermissions, false);
    }

    private CheckedPermissions(Metadata metadata, Source source, DatabaseSchema schema,
                               Map<QualifiedName, ResolvedTable> tables, List<PermissionRule> rules,
                               Map<String, SelectRule> logicalModelRules, List<Diagnostic> warnings,
                               Optional<dev.hasuraperms.enforce.InputValidator> inputValidator,
                               Map<QualifiedName, ResolvedFunction> functions, boolean inferFunctionPermissions,
                               boolean adminView) {
        this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        this.inferFunctionPermissions = inferFunctionPermissions;
        this.adminView = adminView;
        this.inputValidator = inputValidator;
        this.logicalModelRules = Collections.unmodifiableMap(new LinkedHashMap<>(logicalModelRules));
        this.metadata = metadata;
        this.source = source;
        this.schema = schema;
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        Map<Key, PermissionRule> m = new LinkedHashMap<>();
        for (PermissionRule r : rules) {
            m.put(new Key(r.table(), r.role(), r.operation()), r);
        }
        this.rules = Collections.unmodifiableMap(m);
        this.warnings = List.copyOf(warnings);
    }

    /** The trusted admin view ({@link #forSession}), made on first use. */
    private volatile CheckedPermissions admin;
    /** Whether this is the trusted admin view of another instance. */
    private final boolean adminView;

    /**
     * {@return the permissions a request with {@code session} is judged by: these, or for a trusted admin session
     * ({@link dev.hasuraperms.ir.SessionValues#trustedAdmin()}, {@code Session.admin()}) these plus Hasura's admin
     * rules for role {@code admin}: on every tracked table every column and scalar computed field, filter and checks
     * TRUE, no limit, aggregations allowed, no presets, not backend-only} A session whose role is {@code admin} without
     * the trusted flag gets these permissions, where {@code admin} has none (metadata cannot define any). The backends
     * call this for every request.
     *
     * @param session the session of the request; never null
     */
    public CheckedPermissions forSession(dev.hasuraperms.ir.SessionValues session) {
        if (adminView || !session.trustedAdmin()) {
            return this;
        }
        CheckedPermissions a = admin;
        if (a == null) {
            synchronized (this) {
                a = admin;
                if (a == null) {
                    a = withAdminRules();
                    admin = a;
                }
            }
        }
        return a;
    }

    private CheckedPermissions withAdminRules() {
        List<PermissionRule> all = new ArrayList<>(rules.values());
        String role = dev.hasuraperms.session.Session.ADMIN_ROLE;
        Predicate yes = Predicate.Const.TRUE;
        for (ResolvedTable t : tables.values()) {
            List<String> columns = t.table().columns().stream().map(dev.hasuraperms.schema.Column::name).toList();
            List<String> computed = t.computedFields().values().stream().filter(ResolvedComputedField::scalar)
                    .map(ResolvedComputedField::name).toList();
            all.add(new SelectRule(t.name(), role, yes, columns, computed, Optional.empty(), true,
                    java.util.EnumSet.allOf(dev.hasuraperms.metadata.RootField.class),
                    java.util.EnumSet.allOf(dev.hasuraperms.metadata.RootField.class), Map.of()));
            all.add(new InsertRule(t.name(), role, yes, columns, Map.of(), false));
            all.add(new UpdateRule(t.name(), role, yes, yes, columns, Map.of(), false));
            all.add(new DeleteRule(t.name(), role, yes, false));
        }
        // Logical models: every field, no filter (Hasura's admin reads any native query's rows).
        Map<String, SelectRule> models = new LinkedHashMap<>(logicalModelRules);
        for (dev.hasuraperms.metadata.LogicalModel m : source.logicalModels()) {
            models.put(m.name() + "\0" + role, new SelectRule(QualifiedName.of("pg_logical_model", m.name()), role, yes,
                    m.fields().stream().map(dev.hasuraperms.metadata.LogicalModelField::name).toList(), List.of(),
                    Optional.empty(), true, java.util.EnumSet.allOf(dev.hasuraperms.metadata.RootField.class),
                    java.util.EnumSet.allOf(dev.hasuraperms.metadata.RootField.class), Map.of()));
        }
        return new CheckedPermissions(metadata, source, schema, tables, all, models, warnings, inputValidator,
                functions, inferFunctionPermissions, true);
    }

    /**
     * The tracked functions, resolved, by name.
     *
     * @return the functions
     */
    public Map<QualifiedName, ResolvedFunction> functions() {
        return functions;
    }

    /**
     * The tracked function called {@code name}.
     *
     * @param name the function's name
     * @return the function, if it is tracked (and resolved)
     */
    public Optional<ResolvedFunction> function(QualifiedName name) {
        return Optional.ofNullable(functions.get(name));
    }

    /**
     * Whether a select permission on a query function's return table suffices to call it (Hasura's default).
     *
     * @return whether function permissions are inferred
     */
    public boolean inferFunctionPermissions() {
        return inferFunctionPermissions;
    }

    /**
     * Whether {@code role} may call {@code function}, as Hasura builds its root fields
     * ({@code buildQueryAndSubscriptionFields} / {@code buildMutationFields} in {@code Hasura/GraphQL/Schema.hs},
     * {@code selectFunction} in {@code Hasura/Backends/Postgres/Schema/Select.hs}): it needs a select permission on
     * the return table, and either a function permission or, for a query function with inference on, nothing more.
     * The trusted admin may call every tracked function.
     *
     * @param function the function
     * @param role     the role
     * @return the return table's select rule the call's rows are read with, when the role may call it
     */
    public Optional<SelectRule> functionSelect(ResolvedFunction function, String role) {
        Optional<SelectRule> select = select(function.returnTable(), role);
        if (select.isEmpty()) {
            return Optional.empty();
        }
        boolean admin = adminView && role.equals(dev.hasuraperms.session.Session.ADMIN_ROLE);
        boolean allowed = admin || function.permissionRoles().contains(role)
                || (!function.mutation() && inferFunctionPermissions);
        return allowed ? select : Optional.empty();
    }

    /** {@return the metadata this was checked from} */
    public Metadata metadata() {
        return metadata;
    }

    /** {@return the source that was checked} */
    public Source source() {
        return source;
    }

    /** {@return the database schema it was checked against} */
    public DatabaseSchema schema() {
        return schema;
    }

    /** {@return every tracked table, resolved, in metadata order} */
    public Map<QualifiedName, ResolvedTable> tables() {
        return tables;
    }

    /**
     * {@return the tracked table {@code name}}
     *
     * @param name the table's schema-qualified name; never null
     */
    public Optional<ResolvedTable> table(QualifiedName name) {
        return Optional.ofNullable(tables.get(name));
    }

    /**
     * The refusal of {@code operation} on {@code table} for {@code role}: one that says the table is not tracked when
     * the metadata does not track it ({@link PermissionDeniedException#untracked}), else that the role has no such
     * permission. Both have code {@code NO_PERMISSION}.
     *
     * @param role      the session's role
     * @param table     the table asked for
     * @param operation the operation asked for
     * @return the exception, to throw
     */
    public PermissionDeniedException denied(String role, QualifiedName table, Operation operation) {
        return tables.containsKey(table) ? new PermissionDeniedException(role, table, operation)
                : PermissionDeniedException.untracked(role, table, operation);
    }

    /** {@return every rule, in metadata order} */
    public List<PermissionRule> rules() {
        return List.copyOf(rules.values());
    }

    /**
     * {@return the rule of {@code role} for {@code operation} on {@code table}}
     *
     * @param table the table; never null
     * @param role the role name; never null
     * @param operation the operation; never null
     */
    public Optional<PermissionRule> rule(QualifiedName table, String role, Operation operation) {
        return Optional.ofNullable(rules.get(new Key(table, role, operation)));
    }

    /**
     * {@return the select rule of {@code role} on {@code table}}
     *
     * @param table the table; never null
     * @param role the role name; never null
     */
    public Optional<SelectRule> select(QualifiedName table, String role) {
        return rule(table, role, Operation.SELECT).map(SelectRule.class::cast);
    }

    /**
     * {@return the insert rule of {@code role} on {@code table}}
     *
     * @param table the table; never null
     * @param role the role name; never null
     */
    public Optional<InsertRule> insert(QualifiedName table, String role) {
        return rule(table, role, Operation.INSERT).map(InsertRule.class::cast);
    }

    /**
     * {@return the update rule of {@code role} on {@code table}}
     *
     * @param table the table; never null
     * @param role the role name; never null
     */
    public Optional<UpdateRule> update(QualifiedName table, String role) {
        return rule(table, role, Operation.UPDATE).map(UpdateRule.class::cast);
    }

    /**
     * {@return the delete rule of {@code role} on {@code table}}
     *
     * @param table the table; never null
     * @param role the role name; never null
     */
    public Optional<DeleteRule> delete(QualifiedName table, String role) {
        return rule(table, role, Operation.DELETE).map(DeleteRule.class::cast);
    }

    /** {@return every role that has a rule, or is an inherited role, sorted} */
    public Set<String> roles() {
        Set<String> out = new TreeSet<>();
        rules.keySet().forEach(k -> out.add(k.role()));
        metadata.inheritedRoles().forEach(r -> out.add(r.roleName()));
        return Collections.unmodifiableSet(out);
    }

    /** {@return the inherited roles} */
    public List<InheritedRole> inheritedRoles() {
        return metadata.inheritedRoles();
    }

    /**
     * {@return the session variables the rule of ({@code table}, {@code role}, {@code operation}) reads — in its filters,
     * checks and presets — each with the types it is read at} Empty when there is no such rule.
     *
     * @param role the role name; never null
     * @param table the table; never null
     * @param operation the operation; never null
     */
    public Map<SessionVariable, Set<PgType>> requiredSessionVariables(String role, QualifiedName table, Operation operation) {
        Optional<PermissionRule> r = rule(table, role, operation);
        Map<SessionVariable, Set<PgType>> out = new TreeMap<>();
        if (r.isEmpty()) {
            return out;
        }
        for (Predicate p : predicates(r.get())) {
            Predicates.mergeSessionVariables(out, Predicates.sessionVariables(p));
        }
        for (Expr e : presets(r.get()).values()) {
            if (e instanceof Expr.SessionValue s) {
                out.computeIfAbsent(s.variable(), k -> new java.util.LinkedHashSet<>()).add(s.type());
            }
        }
        return out;
    }

    /**
     * {@return whether the rule passes the whole session to a function (a computed field with a session argument)}
     *
     * @param role the role name; never null
     * @param table the table; never null
     * @param operation the operation; never null
     */
    public boolean requiresSessionJson(String role, QualifiedName table, Operation operation) {
        return rule(table, role, operation).map(r -> predicates(r).stream().anyMatch(Predicates::usesSessionJson)).orElse(false);
    }

    /** The predicates of a rule: filter, check, and redaction conditions. */
    static List<Predicate> predicates(PermissionRule r) {
        if (r instanceof SelectRule s) {
            java.util.ArrayList<Predicate> ps = new java.util.ArrayList<>();
            ps.add(s.filter());
            ps.addAll(s.redactions().values());
            return ps;
        }
        if (r instanceof InsertRule i) {
            return List.of(i.check());
        }
        if (r instanceof UpdateRule u) {
            return List.of(u.filter(), u.check());
        }
        return List.of(((DeleteRule) r).filter());
    }

    private static Map<String, Expr> presets(PermissionRule r) {
        if (r instanceof InsertRule i) {
            return i.presets();
        }
        if (r instanceof UpdateRule u) {
            return u.presets();
        }
        return Map.of();
    }

    /**
     * {@return the select permission of {@code role} on logical model {@code model}: its filter reads the model's fields as
     * columns of the rows a host filters (the output of a native query, a view, a CTE, ...); its table is the model's
     * table-like {@code pg_logical_model.<model>}} Empty when the role has none (then, as in Hasura, only admin may
     * read the model).
     *
     * @param model the logical model's name; never null
     * @param role the role name; never null
     */
    public Optional<SelectRule> logicalModelSelect(String model, String role) {
        return Optional.ofNullable(logicalModelRules.get(model + "\0" + role));
    }

    /** {@return every logical-model select permission, in metadata order} */
    public List<SelectRule> logicalModelRules() {
        return List.copyOf(logicalModelRules.values());
    }

    /**
     * {@return the input validator registered when checking ({@link CheckOptions#withInputValidator}): present whenever a rule
     * has a {@code validate_input} (the checker refuses such a rule without one)}
     */
    public Optional<dev.hasuraperms.enforce.InputValidator> inputValidator() {
        return inputValidator;
    }

    /** {@return the warnings the checker reported} */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "CheckedPermissions[source=" + source.name() + ", " + tables.size() + " tables, " + rules.size() + " rules]";
    }

}

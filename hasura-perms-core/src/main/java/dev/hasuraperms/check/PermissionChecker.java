package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.internal.util.Parallel;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.ColumnSet;
import dev.hasuraperms.metadata.DeletePermission;
import dev.hasuraperms.metadata.InheritedRole;
import dev.hasuraperms.metadata.InsertPermission;
import dev.hasuraperms.metadata.LogicalModel;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.PermissionEntry;
import dev.hasuraperms.metadata.Preset;
import dev.hasuraperms.metadata.RootField;
import dev.hasuraperms.metadata.SelectPermission;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.metadata.UpdatePermission;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.ValueParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The type checker: resolves and type-checks a source's permissions against a database schema, collecting every
 * diagnostic, and compiles each permission's filters to the predicate IR.
 *
 * <pre>{@code
 * Metadata metadata = MetadataLoader.defaults().load(Path.of("metadata"));
 * CheckedPermissions perms = PermissionChecker.check(metadata, schema).orThrow();
 * SelectRule rule = perms.select(QualifiedName.of("events"), "user").orElseThrow();
 * }</pre>
 */
public final class PermissionChecker {

    /** The start-up summary of a check, at INFO. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PermissionChecker.class);

    /** Kinds of source this library checks and compiles. */
    private static final Set<String> POSTGRES_KINDS = Set.of("postgres", "citus");

    private PermissionChecker() {
    }

    /**
     * Checks the only (or {@code default}) source of {@code metadata} against {@code schema}.
     *
     * @param metadata the loaded metadata; never null
     * @param schema the database schema; never null
     * @return the checked permissions (when there is no error) and every diagnostic, never null
     */
    public static CheckResult check(Metadata metadata, DatabaseSchema schema) {
        return check(metadata, schema, CheckOptions.DEFAULT);
    }

    /**
     * Checks one source of {@code metadata} against {@code schema}.
     *
     * @param metadata the loaded metadata; never null
     * @param read the database schema; never null
     * @param options the source to check and the checker's choices; never null
     * @return the checked permissions (when there is no error) and every diagnostic, never null
     */
    public static CheckResult check(Metadata metadata, DatabaseSchema read, CheckOptions options) {
        Diagnostics d = new Diagnostics(options.maxDiagnostics());
        Optional<Source> source = selectSource(metadata, options, d);
        if (source.isEmpty()) {
            return new CheckResult(Optional.empty(), d.all());
        }
        // Columns that reference an enum table (is_enum) are typed as that enum from here on.
        DatabaseSchema schema = EnumTables.apply(source.get(), read, options.enumValues(), d);
        Resolver resolver = new Resolver(schema, d);
        Map<QualifiedName, ResolvedTable> tables = resolver.resolve(source.get());
        record TableRules(List<PermissionRule> rules, Diagnostics diagnostics) {
        }
        // Tables check independently: each gets its own compiler and diagnostics, merged back in table order.
        List<TableRules> perTable = Parallel.map(source.get().tables(), t -> {
            ResolvedTable rt = tables.get(t.table());
            if (rt == null) {
                return new TableRules(List.of(), new Diagnostics(options.maxDiagnostics()));
            }
            Diagnostics td = new Diagnostics(options.maxDiagnostics());
            FilterCompiler compiler = new FilterCompiler(tables, schema, td, options.allowAggregationPredicates());
            List<PermissionRule> tableRules = new ArrayList<>();
            for (PermissionEntry<SelectPermission> e : t.selectPermissions()) {
                if (notAdmin(e, td)) {
                    select(e, rt, compiler, td).ifPresent(tableRules::add);
                }
            }
            for (PermissionEntry<InsertPermission> e : t.insertPermissions()) {
                if (notAdmin(e, td) && writable(rt, rt.table().writes().insert(), "insert", "insert into", e.role(),
                        e.permission().origin(), td)) {
                    insert(e, rt, compiler, td).ifPresent(tableRules::add);
                }
            }
            for (PermissionEntry<UpdatePermission> e : t.updatePermissions()) {
                if (notAdmin(e, td) && writable(rt, rt.table().writes().update(), "update", "update", e.role(),
                        e.permission().origin(), td)) {
                    update(e, rt, compiler, td).ifPresent(tableRules::add);
                }
            }
            for (PermissionEntry<DeletePermission> e : t.deletePermissions()) {
                if (notAdmin(e, td) && writable(rt, rt.table().writes().delete(), "delete", "delete from", e.role(),
                        e.permission().origin(), td)) {
                    DeletePermission p = e.permission();
                    Predicate filter = compiler.compile(p.filter(), rt);
                    tableRules.add(new DeleteRule(rt.name(), e.role(), filter, p.backendOnly(), p.validateInput()));
                }
            }
            if (options.inputValidator().isEmpty()) {
                t.insertPermissions().forEach(e -> noValidator(e.role(), "insert", t, e.permission().validateInput(), td));
                t.updatePermissions().forEach(e -> noValidator(e.role(), "update", t, e.permission().validateInput(), td));
                t.deletePermissions().forEach(e -> noValidator(e.role(), "delete", t, e.permission().validateInput(), td));
            }
            return new TableRules(tableRules, td);
        });
        List<PermissionRule> rules = new ArrayList<>();
        for (TableRules tr : perTable) {
            rules.addAll(tr.rules());
            d.addAll(tr.diagnostics());
        }
        Map<String, ResolvedTable> modelTables = LogicalModels.resolve(source.get(), schema, d);
        Map<String, SelectRule> modelRules = logicalModels(source.get(), tables, modelTables, schema, options, d);
        NativeQueries.check(source.get(), schema, d);
        checkInheritedRoles(metadata, d);
        if (!d.hasErrors()) {
            rules.addAll(InheritedRoles.derive(metadata.inheritedRoles(), rules, tables, source.get().tables(), d));
            InheritedRoles.deriveLogicalModels(metadata.inheritedRoles(), modelRules, modelTables);
        }
        Map<QualifiedName, ResolvedFunction> functions = Functions.resolve(source.get(), schema, tables,
                metadata.inheritedRoles(), d);
        if (d.hasErrors()) {
            CheckResult failed = new CheckResult(Optional.empty(), d.all());
            LOG.info("hasura-perms: permissions refused by the check: {} errors, {} warnings", failed.errors().size(),
                    failed.warnings().size());
            return failed;
        }
        CheckedPermissions checked = new CheckedPermissions(metadata, source.get(), schema, tables, rules,
                modelRules, d.all(), options.inputValidator(), functions, options.inferFunctionPermissions());
        if (LOG.isInfoEnabled()) {
            Map<Operation, Long> byOperation = new java.util.EnumMap<>(Operation.class);
            rules.forEach(r -> byOperation.merge(r.operation(), 1L, Long::sum));
            LOG.info("hasura-perms: permissions checked: {} roles, {} tables, {} rules {}, {} logical model rules,"
                    + " {} tracked functions, {} warnings", checked.roles().size(), tables.size(), rules.size(),
                    byOperation, modelRules.size(), functions.size(), checked.warnings().size());
        }
        return new CheckResult(Optional.of(checked), d.all());
    }

    /** The select permissions of the logical models, by {@code model + "\0" + role}. */
    private static Map<String, SelectRule> logicalModels(Source source, Map<QualifiedName, ResolvedTable> tables,
                                                         Map<String, ResolvedTable> modelTables, DatabaseSchema schema,
                                                         CheckOptions options, Diagnostics d) {
        Map<String, LogicalModel> models = new LinkedHashMap<>();
        source.logicalModels().forEach(m -> models.put(m.name(), m));
        FilterCompiler compiler = new FilterCompiler(tables, schema, d, options.allowAggregationPredicates(), models,
                modelTables);
        Map<String, SelectRule> out = new LinkedHashMap<>();
        for (LogicalModel m : source.logicalModels()) {
            for (PermissionEntry<SelectPermission> e : m.selectPermissions()) {
                if (notAdmin(e, d)) {
                    select(e, modelTables.get(m.name()), compiler, d).ifPresent(r -> out.put(m.name() + "\0" + e.role(),
                            (SelectRule) r));
                }
            }
        }
        return out;
    }

    private static Optional<Source> selectSource(Metadata metadata, CheckOptions options, Diagnostics d) {
        Optional<Source> source;
        if (options.source().isPresent()) {
            source = metadata.source(options.source().get());
        } else if (metadata.sources().size() == 1) {
            source = Optional.of(metadata.sources().get(0));
        } else {
            source = metadata.source(Metadata.DEFAULT_SOURCE);
            if (source.isEmpty() && metadata.sources().isEmpty()) {
                return Optional.of(new Source(Metadata.DEFAULT_SOURCE, Source.POSTGRES, List.of(), List.of(), List.of(),
                        List.of(), Optional.empty(), Origin.UNKNOWN));
            }
        }
        if (source.isEmpty()) {
            d.report(DiagnosticCode.UNKNOWN_SOURCE, Origin.UNKNOWN, "no source " + options.source().orElse(Metadata.DEFAULT_SOURCE)
                    + " in the metadata (sources: " + metadata.sources().stream().map(Source::name).toList() + ")");
            return Optional.empty();
        }
        if (!POSTGRES_KINDS.contains(source.get().kind())) {
            d.report(DiagnosticCode.UNKNOWN_SOURCE, source.get().origin(), "source " + source.get().name() + " is of kind "
                    + source.get().kind() + "; only PostgreSQL sources can be checked");
            return Optional.empty();
        }
        return source;
    }

    /**
     * Refuses a {@code validate_input} when the host registered no {@link CheckOptions#inputValidator}: Hasura would
     * stop the writes its webhook rejects, so enforcing the permission without it would let them through.
     */
    private static void noValidator(String role, String kind, TableMetadata t,
                                    Optional<dev.hasuraperms.metadata.ValidateInput> validateInput, Diagnostics d) {
        // Names are JSON-quoted: a message is one line whatever a name contains.
        validateInput.ifPresent(v -> d.report(DiagnosticCode.NO_INPUT_VALIDATOR, v.origin(), "the " + kind
                + " permission of role " + dev.hasuraperms.json.JsonString.of(role).toJson() + " on "
                + dev.hasuraperms.json.JsonString.of(t.table().toString()).toJson() + " has validate_input, but no"
                + " input validator is registered (CheckOptions.withInputValidator); without it the writes its webhook"
                + " would reject would go through"));
    }

    private static boolean notAdmin(PermissionEntry<?> e, Diagnostics d) {
        if (e.role().equals("admin")) {
            d.report(DiagnosticCode.ADMIN_PERMISSION, e.origin(), "cannot define permission for admin role");
            return false;
        }
        return true;
    }

    // ----------------------------------------------------------------------------------------------- select

    private static Optional<PermissionRule> select(PermissionEntry<SelectPermission> e, ResolvedTable t,
                                                   FilterCompiler compiler, Diagnostics d) {
        SelectPermission p = e.permission();
        List<String> columns = columns(p.columns(), t, p.origin(), d);
        List<String> computed = new ArrayList<>();
        for (String name : p.computedFields()) {
            Optional<ResolvedComputedField> cf = t.computedField(name);
            Origin at = p.origin().member("computed_fields");
            if (cf.isEmpty()) {
                d.report(DiagnosticCode.INVALID_COMPUTED_FIELD, at, "computed field " + name + " is not defined on " + t.name());
            } else if (!cf.get().scalar()) {
                d.report(DiagnosticCode.INVALID_COMPUTED_FIELD, at, "computed field " + name + " returns rows of "
                        + cf.get().returnsTable().orElseThrow() + "; its permission is auto-derived from the select permission "
                        + "of that table, so it must not be listed");
            } else {
                computed.add(name);
            }
        }
        Predicate filter = compiler.compile(p.filter(), t);
        Set<RootField> query = rootFields(p.queryRootFields(), false);
        Set<RootField> subscription = rootFields(p.subscriptionRootFields(), true);
        if (!p.allowAggregations()) {
            for (Optional<List<RootField>> list : List.of(p.queryRootFields(), p.subscriptionRootFields())) {
                if (list.isPresent() && list.get().contains(RootField.SELECT_AGGREGATE)) {
                    String key = list == p.queryRootFields() ? "query_root_fields" : "subscription_root_fields";
                    d.report(DiagnosticCode.AGGREGATE_ROOT_FIELD_NOT_ALLOWED, p.origin().member(key),
                            "the \"select_aggregate\" root field can only be enabled in the query_root_fields or the "
                                    + "subscription_root_fields when \"allow_aggregations\" is set to true");
                }
            }
        }
        return Optional.of(new SelectRule(t.name(), e.role(), filter, columns, computed, p.limit(), p.allowAggregations(),
                query, subscription, Map.of()));
    }

    private static Set<RootField> rootFields(Optional<List<RootField>> fields, boolean subscription) {
        if (fields.isEmpty()) {
            EnumSet<RootField> all = EnumSet.allOf(RootField.class);
            if (!subscription) {
                all.remove(RootField.SELECT_STREAM);
            }
            return all;
        }
        return fields.get().isEmpty() ? EnumSet.noneOf(RootField.class) : EnumSet.copyOf(fields.get());
    }

    /** The columns of a column set, in table order; unknown names reported. */
    private static List<String> columns(ColumnSet set, ResolvedTable t, Origin permission, Diagnostics d) {
        if (set instanceof ColumnSet.Listed l) {
            Set<String> wanted = new HashSet<>();
            for (String c : l.columns()) {
                if (t.table().column(c).isEmpty()) {
                    Origin at = l.originOf(c).location().isKnown() ? l.originOf(c)
                            : permission.member("columns");
                    d.report(DiagnosticCode.UNKNOWN_COLUMN, at, "column " + c + " does not exist in " + t.name());
                } else {
                    wanted.add(c);
                }
            }
            List<String> out = new ArrayList<>();
            for (Column c : t.table().columns()) {
                if (wanted.contains(c.name())) {
                    out.add(c.name());
                }
            }
            return out;
        }
        return t.table().columns().stream().map(Column::name).toList();
    }

    // ------------------------------------------------------------------------------------------ insert/update

    /**
     * Whether PostgreSQL allows the write on the relation. If not, the permission is dropped with a READ_ONLY_RELATION
     * warning, as Hasura builds no mutation field for it ({@code isMutable viIsInsertable}, ... when it builds a role's
     * schema): a write there is then refused for want of a permission.
     */
    private static boolean writable(ResolvedTable t, boolean allowed, String kind, String verb, String role,
                                    Origin origin, Diagnostics d) {
        if (!allowed) {
            d.report(DiagnosticCode.READ_ONLY_RELATION, origin, "role " + role + " has " + (kind.equals("delete") ? "a " : "an ") + kind + " permission on "
                    + t.table().kind().key().replace('_', ' ') + " " + t.name() + ", which PostgreSQL cannot " + verb
                    + (t.table().kind() == dev.hasuraperms.schema.Table.Kind.VIEW
                            ? " (not an automatically updatable view, and no INSTEAD OF trigger)" : "")
                    + "; the permission is ignored, as Hasura offers no such mutation");
        }
        return allowed;
    }

    private static Optional<PermissionRule> insert(PermissionEntry<InsertPermission> e, ResolvedTable t,
                                                   FilterCompiler compiler, Diagnostics d) {
        InsertPermission p = e.permission();
        Predicate check = compiler.compile(p.check(), t);
        Map<String, Expr> presets = presets(p.set(), t, d);
        List<String> columns = new ArrayList<>(columns(p.columns(), t, p.origin(), d));
        columns.removeAll(presets.keySet());
        return Optional.of(new InsertRule(t.name(), e.role(), check, columns, presets, p.backendOnly(), p.validateInput()));
    }

    private static Optional<PermissionRule> update(PermissionEntry<UpdatePermission> e, ResolvedTable t,
                                                   FilterCompiler compiler, Diagnostics d) {
        UpdatePermission p = e.permission();
        Predicate filter = compiler.compile(p.filter(), t);
        Predicate check = p.check().map(c -> compiler.compile(c, t)).orElse(Predicate.Const.TRUE);
        Map<String, Expr> presets = presets(p.set(), t, d);
        List<String> columns = new ArrayList<>(columns(p.columns(), t, p.origin(), d));
        columns.removeAll(presets.keySet());
        return Optional.of(new UpdateRule(t.name(), e.role(), filter, check, columns, presets, p.backendOnly(),
                p.validateInput()));
    }

    private static Map<String, Expr> presets(Map<String, Preset> set, ResolvedTable t, Diagnostics d) {
        Map<String, Expr> out = new LinkedHashMap<>();
        for (Map.Entry<String, Preset> e : set.entrySet()) {
            Optional<Column> c = t.table().column(e.getKey());
            Preset preset = e.getValue();
            if (c.isEmpty()) {
                d.report(DiagnosticCode.UNKNOWN_COLUMN, preset.origin(), "preset column " + e.getKey() + " does not exist in "
                        + t.name());
                continue;
            }
            if (preset instanceof Preset.FromSession s) {
                out.put(e.getKey(), new Expr.SessionValue(s.variable(), c.get().type()));
                continue;
            }
            Preset.Literal l = (Preset.Literal) preset;
            try {
                Object v = PgValues.fromJson(c.get().type(), l.value());
                if (v == SqlNull.INSTANCE && !c.get().nullable()) {
                    d.report(DiagnosticCode.LITERAL_TYPE_MISMATCH, preset.origin(), "preset for " + e.getKey()
                            + " is null, but the column is NOT NULL");
                    continue;
                }
                if (v instanceof String s && c.get().maxLength().isPresent() && s.codePointCount(0, s.length()) > c.get().maxLength().get()) {
                    d.report(DiagnosticCode.LITERAL_TYPE_MISMATCH, preset.origin(), "preset for " + e.getKey() + " is longer than "
                            + c.get().maxLength().get() + " characters (value too long for type "
                            + c.get().type().displayName() + "(" + c.get().maxLength().get() + "))");
                    continue;
                }
                out.put(e.getKey(), new Expr.Literal(c.get().type(), v));
            } catch (ValueParseException ex) {
                if (l.value() instanceof dev.hasuraperms.json.JsonString text
                        && isSpecialDateTimeInput(c.get().type(), text.value())) {
                    // Hasura passes a preset to PostgreSQL as text cast to the column's type, so 'now()' is the time
                    // of the write. The value stays the text; the backends bind it with a cast to the column's type.
                    out.put(e.getKey(), new Expr.Literal(c.get().type(), text.value()));
                    continue;
                }
                d.report(DiagnosticCode.LITERAL_TYPE_MISMATCH, preset.origin(), "preset for " + e.getKey() + " is not a valid "
                        + c.get().type().displayName() + ": " + ex.getMessage());
            }
        }
        return out;
    }

    /**
     * Whether PostgreSQL reads {@code text} as one of its special date/time inputs for {@code type} ({@code now},
     * {@code today}, {@code tomorrow}, {@code yesterday}, {@code epoch}, {@code infinity}, {@code -infinity},
     * {@code allballs}), ignoring case, white space and parentheses as its date/time parser does ({@code 'NOW()'}).
     */
    static boolean isSpecialDateTimeInput(dev.hasuraperms.types.PgType type, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\s()]*(-?[a-z]+)[\\s()]*")
                .matcher(text.toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            return false;
        }
        String word = m.group(1);
        return switch (type.category()) {
            case DATE, TIMESTAMP, TIMESTAMPTZ -> java.util.Set.of("now", "today", "tomorrow", "yesterday", "epoch",
                    "infinity", "-infinity").contains(word);
            case TIME, TIMETZ -> java.util.Set.of("now", "allballs").contains(word);
            default -> false;
        };
    }

    // --------------------------------------------------------------------------------------- inherited roles

    private static void checkInheritedRoles(Metadata metadata, Diagnostics d) {
        Map<String, InheritedRole> inherited = new LinkedHashMap<>();
        metadata.inheritedRoles().forEach(r -> inherited.put(r.roleName(), r));
        Set<String> rolesWithPermissions = rolesWithPermissions(metadata);
        for (InheritedRole r : metadata.inheritedRoles()) {
            for (String parent : r.roleSet()) {
                if (!inherited.containsKey(parent) && !rolesWithPermissions.contains(parent)) {
                    d.report(DiagnosticCode.UNKNOWN_PARENT_ROLE, r.origin(), "inherited role " + r.roleName() + ": role "
                            + parent + " has no permission anywhere and is not an inherited role");
                }
            }
        }
        // Cycles: depth-first search, reporting each cycle once at the role where it is found.
        Map<String, Integer> state = new LinkedHashMap<>();
        Set<Set<String>> reported = new HashSet<>();
        for (String role : inherited.keySet()) {
            cycles(role, inherited, state, new ArrayList<>(), reported, d);
        }
    }

    private static void cycles(String role, Map<String, InheritedRole> inherited, Map<String, Integer> state,
                               List<String> path, Set<Set<String>> reported, Diagnostics d) {
        InheritedRole r = inherited.get(role);
        if (r == null) {
            return;
        }
        Integer s = state.get(role);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(role), path.size()));
            if (reported.add(new HashSet<>(cycle))) {
                cycle.add(role);
                d.report(DiagnosticCode.INHERITED_ROLE_CYCLE, r.origin(), "found cycle(s) in roles: " + String.join(" -> ", cycle));
            }
            return;
        }
        state.put(role, 1);
        path.add(role);
        for (String parent : r.roleSet()) {
            cycles(parent, inherited, state, path, reported, d);
        }
        path.remove(path.size() - 1);
        state.put(role, 2);
    }

    private static Set<String> rolesWithPermissions(Metadata metadata) {
        Set<String> roles = new LinkedHashSet<>();
        for (Source s : metadata.sources()) {
            for (TableMetadata t : s.tables()) {
                t.selectPermissions().forEach(p -> roles.add(p.role()));
                t.insertPermissions().forEach(p -> roles.add(p.role()));
                t.updatePermissions().forEach(p -> roles.add(p.role()));
                t.deletePermissions().forEach(p -> roles.add(p.role()));
            }
            for (LogicalModel m : s.logicalModels()) {
                m.selectPermissions().forEach(p -> roles.add(p.role()));
            }
            s.functions().forEach(f -> roles.addAll(f.permissions()));
        }
        return roles;
    }

}

package dev.hasuraperms.matrix;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.DeleteRule;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.PermissionRule;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.internal.sql.SqlNames;
import dev.hasuraperms.internal.sql.SqlRenderer;
import dev.hasuraperms.internal.sql.SqlTemplate;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Optimizer;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.InheritedRole;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.PermissionEntry;
import dev.hasuraperms.metadata.RootField;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgText;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every role × table × operation of checked permissions: whether a permission exists, whether it was inherited, its
 * columns, limit, presets, the session variables it needs, and its filter, check and cell redactions as the SQL the
 * backends emit (optimizer on, rows named by the table's qualified name, {@code ?} for each parameter). Roles are every
 * role that has a permission or is an inherited role, sorted; tables in metadata order; operations select, insert,
 * update, delete. Logical models follow the tables as {@code pg_logical_model.<model>} (a schema PostgreSQL reserves, so
 * no table can have that name), with a select entry only (Hasura has no other permission on them) whose filter names
 * the rows by the model's name, as a native query's rows aliased by it.
 *
 * @param roles   the roles, sorted
 * @param tables  the tables, in metadata order
 * @param entries one per role × table × operation, in that nesting order
 */
public record PermissionMatrix(List<String> roles, List<QualifiedName> tables, List<Entry> entries) {

    /**
     * Creates the record: keeps immutable copies of the collections.
     *
     * @param roles the roles, sorted
     * @param tables the tables, in metadata order
     * @param entries one per role × table × operation, in that nesting order
     */
    public PermissionMatrix {
        roles = List.copyOf(roles);
        tables = List.copyOf(tables);
        entries = List.copyOf(entries);
    }

    /**
     * A predicate as the SQL the backends emit.
     *
     * @param sql        the SQL text with a {@code ?} for each parameter
     * @param parameters what each parameter is: a session variable's name, or a literal's SQL text, each followed by
     *                   {@code ::type}
     */
    public record Sql(String sql, List<String> parameters) {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param sql the SQL text with a {@code ?} for each parameter
         * @param parameters what each parameter is: a session variable's name, or a literal's SQL text, each followed
         *     by {@code ::type}
         * @throws NullPointerException when a component is null
         */
        public Sql {
            Objects.requireNonNull(sql, "sql");
            parameters = List.copyOf(parameters);
        }

        /**
         * {@return the SQL with each parameter written in its place (session variables as {@code {x-hasura-user-id}})}
         */
        public String readable() {
            StringBuilder sb = new StringBuilder();
            int p = 0;
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '?' && i + 1 < sql.length() && sql.charAt(i + 1) == ':' && p < parameters.size()) {
                    String param = parameters.get(p++);
                    sb.append(param, 0, param.lastIndexOf("::"));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }

    /**
     * One cell of the matrix.
     *
     * @param permitted        whether the role has this permission
     * @param inherited        whether it comes from the parents of an inherited role (not defined on the role itself)
     * @param columns          readable (select), insertable (insert) or updatable (update) columns, table order
     * @param computedFields   readable scalar computed fields (select)
     * @param limit            the select limit
     * @param presets          column → value: a session variable's name or a literal's JSON
     * @param sessionVariables every session variable it reads → the types it is read at
     * @param filter           the row filter (select, update, delete)
     * @param check            the check (insert, update)
     * @param redactions       column → the condition under which an inherited role reads it (select)
     * @param backendOnly      whether it needs backend mode
     * @param queryRootFields  the query root fields a select permission exposes ({@code query_root_fields}; all when
     *                         the key is absent; empty for other operations)
     * @param subscriptionRootFields the subscription root fields a select permission exposes
     * @param role the role
     * @param table the table
     * @param operation the operation
     */
    public record Entry(String role, QualifiedName table, Operation operation, boolean permitted, boolean inherited,
                        List<String> columns, List<String> computedFields, Optional<Integer> limit,
                        Map<String, String> presets, Map<String, List<String>> sessionVariables, Optional<Sql> filter,
                        Optional<Sql> check, Map<String, Sql> redactions, boolean backendOnly,
                        Set<RootField> queryRootFields, Set<RootField> subscriptionRootFields) {
        /**
         * Creates the record: keeps immutable copies of the collections.
         *
         * @param role the role
         * @param table the table
         * @param operation the operation
         * @param permitted whether the role has this permission
         * @param inherited whether it comes from the parents of an inherited role (not defined on the role itself)
         * @param columns readable (select), insertable (insert) or updatable (update) columns, table order
         * @param computedFields readable scalar computed fields (select)
         * @param limit the select limit
         * @param presets column → value: a session variable's name or a literal's JSON
         * @param sessionVariables every session variable it reads → the types it is read at
         * @param filter the row filter (select, update, delete)
         * @param check the check (insert, update)
         * @param redactions column → the condition under which an inherited role reads it (select)
         * @param backendOnly whether it needs backend mode
         * @param queryRootFields the query root fields a select permission exposes ({@code query_root_fields}; all when
         *     the key is absent; empty for other operations)
         * @param subscriptionRootFields the subscription root fields a select permission exposes
         */
        public Entry {
            queryRootFields = rootFieldSet(queryRootFields);
            subscriptionRootFields = rootFieldSet(subscriptionRootFields);
            columns = List.copyOf(columns);
            computedFields = List.copyOf(computedFields);
            presets = Collections.unmodifiableMap(new LinkedHashMap<>(presets));
            sessionVariables = Collections.unmodifiableMap(new LinkedHashMap<>(sessionVariables));
            redactions = Collections.unmodifiableMap(new LinkedHashMap<>(redactions));
        }
    }

    /** The query root fields of a select permission without {@code query_root_fields}. */
    private static final Set<RootField> ALL_QUERY = Collections.unmodifiableSet(
            EnumSet.of(RootField.SELECT, RootField.SELECT_BY_PK, RootField.SELECT_AGGREGATE));

    private static Set<RootField> rootFieldSet(Set<RootField> fields) {
        return Collections.unmodifiableSet(fields.isEmpty() ? EnumSet.noneOf(RootField.class) : EnumSet.copyOf(fields));
    }

    /** Whether a select entry's root fields are restricted (not every root field of its kind is exposed). */
    private static boolean restricted(Entry e) {
        return e.operation() == Operation.SELECT && e.permitted()
                && (!e.queryRootFields().equals(ALL_QUERY) || e.subscriptionRootFields().size() != RootField.values().length);
    }

    private static String keys(Set<RootField> fields) {
        return fields.isEmpty() ? "none" : fields.stream().map(RootField::key).collect(Collectors.joining(", "));
    }

    /**
     * {@return the matrix of {@code permissions}}
     *
     * @param permissions the checked permissions; never null
     */
    public static PermissionMatrix of(CheckedPermissions permissions) {
        Set<String> roleSet = new TreeSet<>(permissions.roles());
        permissions.inheritedRoles().forEach(r -> roleSet.add(r.roleName()));
        permissions.logicalModelRules().forEach(r -> roleSet.add(r.role()));
        List<String> roles = List.copyOf(roleSet);
        List<QualifiedName> tables = new ArrayList<>(permissions.tables().keySet());
        // Logical models (the rows of native queries) after the tables, as pg_logical_model.<model>: select only.
        List<String> models = permissions.source().logicalModels().stream()
                .map(dev.hasuraperms.metadata.LogicalModel::name).toList();
        models.forEach(m -> tables.add(QualifiedName.of(LOGICAL_MODEL_SCHEMA, m)));
        Set<String> inheritedRoles = permissions.inheritedRoles().stream().map(InheritedRole::roleName)
                .collect(Collectors.toSet());
        List<Entry> entries = new ArrayList<>();
        for (String role : roles) {
            for (QualifiedName table : tables) {
                if (isLogicalModel(table, models)) {
                    for (Operation op : Operation.values()) {
                        entries.add(logicalModelEntry(permissions, role, table, op, inheritedRoles.contains(role)));
                    }
                    continue;
                }
                for (Operation op : Operation.values()) {
                    Optional<PermissionRule> rule = permissions.rule(table, role, op);
                    boolean inherited = rule.isPresent() && inheritedRoles.contains(role)
                            && !explicit(permissions, table, role, op);
                    entries.add(entry(permissions, role, table, op, rule, inherited));
                }
            }
        }
        return new PermissionMatrix(roles, tables, entries);
    }

    /** The schema under which logical models appear in the matrix ({@code pg_logical_model.<model>}). */
    public static final String LOGICAL_MODEL_SCHEMA = "pg_logical_model";

    private static boolean isLogicalModel(QualifiedName table, List<String> models) {
        return table.schema().equals(LOGICAL_MODEL_SCHEMA) && models.contains(table.name());
    }

    /** A logical model's entry: only select can be permitted; its filter reads the rows named by the model. */
    private static Entry logicalModelEntry(CheckedPermissions p, String role, QualifiedName table, Operation op,
                                           boolean inheritedRole) {
        Optional<SelectRule> rule = op == Operation.SELECT ? p.logicalModelSelect(table.name(), role) : Optional.empty();
        if (rule.isEmpty()) {
            return entry(p, role, table, op, Optional.empty(), false);
        }
        SelectRule s = rule.get();
        Map<SessionVariable, Set<PgType>> found = new java.util.TreeMap<>();
        dev.hasuraperms.ir.Predicates.mergeSessionVariables(found, dev.hasuraperms.ir.Predicates.sessionVariables(s.filter()));
        s.redactions().values().forEach(r -> dev.hasuraperms.ir.Predicates.mergeSessionVariables(found,
                dev.hasuraperms.ir.Predicates.sessionVariables(r)));
        Map<String, List<String>> vars = new LinkedHashMap<>();
        found.forEach((v, types) -> vars.put(v.name(), types.stream().map(PgType::displayName).sorted().toList()));
        boolean inherited = inheritedRole && p.source().logicalModels().stream()
                .filter(m -> m.name().equals(table.name())).findFirst()
                .map(m -> m.selectPermission(role).isEmpty()).orElse(false);
        String root = SqlNames.quote(table.name());
        Map<String, Sql> redactions = new LinkedHashMap<>();
        s.redactions().forEach((c, cond) -> redactions.put(c, sql(cond, root, Optimizer.Context.TRUE_MATTERS)));
        return new Entry(role, table, op, true, inherited, s.columns(), List.of(), s.limit(), Map.of(), vars,
                Optional.of(sql(s.filter(), root, Optimizer.Context.TRUE_MATTERS)), Optional.empty(), redactions, false,
                s.queryRootFields(), s.subscriptionRootFields());
    }

    /**
     * {@return the entry of {@code role} × {@code table} × {@code operation}}
     *
     * @param role the role; never null
     * @param table the table; never null
     * @param operation the operation; never null
     */
    public Optional<Entry> entry(String role, QualifiedName table, Operation operation) {
        return entries.stream().filter(e -> e.role().equals(role) && e.table().equals(table)
                && e.operation() == operation).findFirst();
    }

    private static boolean explicit(CheckedPermissions p, QualifiedName table, String role, Operation op) {
        Optional<TableMetadata> t = p.source().table(table);
        if (t.isEmpty()) {
            return false;
        }
        List<? extends PermissionEntry<?>> defined = switch (op) {
            case SELECT -> t.get().selectPermissions();
            case INSERT -> t.get().insertPermissions();
            case UPDATE -> t.get().updatePermissions();
            case DELETE -> t.get().deletePermissions();
        };
        return defined.stream().anyMatch(e -> e.role().equals(role));
    }

    private static Entry entry(CheckedPermissions p, String role, QualifiedName table, Operation op,
                               Optional<PermissionRule> rule, boolean inherited) {
        if (rule.isEmpty()) {
            return new Entry(role, table, op, false, false, List.of(), List.of(), Optional.empty(), Map.of(), Map.of(),
                    Optional.empty(), Optional.empty(), Map.of(), false, Set.of(), Set.of());
        }
        Map<String, List<String>> vars = new LinkedHashMap<>();
        p.requiredSessionVariables(role, table, op).forEach((SessionVariable v, Set<PgType> types) ->
                vars.put(v.name(), types.stream().map(PgType::displayName).sorted().toList()));
        String root = SqlNames.quote(table);
        PermissionRule r = rule.get();
        if (r instanceof SelectRule s) {
            Map<String, Sql> redactions = new LinkedHashMap<>();
            s.redactions().forEach((c, cond) -> redactions.put(c, sql(cond, root, Optimizer.Context.TRUE_MATTERS)));
            return new Entry(role, table, op, true, inherited, s.columns(), s.computedFields(), s.limit(), Map.of(), vars,
                    Optional.of(sql(s.filter(), root, Optimizer.Context.TRUE_MATTERS)), Optional.empty(), redactions, false,
                    s.queryRootFields(), s.subscriptionRootFields());
        }
        if (r instanceof InsertRule i) {
            return new Entry(role, table, op, true, inherited, i.insertableColumns(), List.of(), Optional.empty(),
                    presets(i.presets()), vars, Optional.empty(),
                    Optional.of(sql(i.check(), root, Optimizer.Context.FALSE_MATTERS)), Map.of(), i.backendOnly(), Set.of(),
                    Set.of());
        }
        if (r instanceof UpdateRule u) {
            return new Entry(role, table, op, true, inherited, u.updatableColumns(), List.of(), Optional.empty(),
                    presets(u.presets()), vars, Optional.of(sql(u.filter(), root, Optimizer.Context.TRUE_MATTERS)),
                    Optional.of(sql(u.check(), root, Optimizer.Context.FALSE_MATTERS)), Map.of(), u.backendOnly(), Set.of(),
                    Set.of());
        }
        DeleteRule x = (DeleteRule) r;
        return new Entry(role, table, op, true, inherited, List.of(), List.of(), Optional.empty(), Map.of(), vars,
                Optional.of(sql(x.filter(), root, Optimizer.Context.TRUE_MATTERS)), Optional.empty(), Map.of(),
                x.backendOnly(), Set.of(), Set.of());
    }

    private static Map<String, String> presets(Map<String, Expr> presets) {
        Map<String, String> out = new LinkedHashMap<>();
        presets.forEach((c, e) -> out.put(c, e instanceof Expr.SessionValue s ? s.variable().name()
                : literal(((Expr.Literal) e).value())));
        return out;
    }

    private static String literal(Object v) {
        return v == SqlNull.INSTANCE ? "null" : v instanceof JsonValue j ? JsonWriter.compact(j)
                : JsonWriter.compact(JsonString.of(PgText.of(v)));
    }

    private static Sql sql(Predicate p, String root, Optimizer.Context context) {
        SqlTemplate t = SqlRenderer.render(Optimizer.optimize(p, context));
        List<String> params = new ArrayList<>();
        for (SqlTemplate.Slot s : t.slots()) {
            String type = "::" + s.type().sqlName();
            if (s instanceof SqlTemplate.SessionSlot v) {
                params.add("{" + v.variable().name() + "}" + type);
            } else if (s instanceof SqlTemplate.Constant c) {
                params.add(sqlLiteral(PgText.of(c.value())) + type);
            } else {
                params.add("{session}" + type);
            }
        }
        return new Sql(t.toSql(root, false), params);
    }

    private static String sqlLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    // ------------------------------------------------------------------------------------------------ reports

    /** {@return a plain-text report: one block per role and table, a line per permitted operation} */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (String role : roles) {
            sb.append("role ").append(role).append('\n');
            for (QualifiedName table : tables) {
                List<Entry> cells = cells(role, table);
                if (cells.stream().noneMatch(Entry::permitted)) {
                    continue;
                }
                sb.append("  ").append(table).append('\n');
                for (Entry e : cells) {
                    if (!e.permitted()) {
                        continue;
                    }
                    sb.append("    ").append(e.operation().key()).append(e.inherited() ? " (inherited)" : "")
                            .append(e.backendOnly() ? " (backend only)" : "").append('\n');
                    if (!e.columns().isEmpty()) {
                        sb.append("      columns: ").append(String.join(", ", e.columns())).append('\n');
                    }
                    if (!e.computedFields().isEmpty()) {
                        sb.append("      computed fields: ").append(String.join(", ", e.computedFields())).append('\n');
                    }
                    e.limit().ifPresent(l -> sb.append("      limit: ").append(l).append('\n'));
                    if (restricted(e)) {
                        sb.append("      query root fields: ").append(keys(e.queryRootFields()))
                                .append("; subscription root fields: ").append(keys(e.subscriptionRootFields())).append('\n');
                    }
                    e.presets().forEach((c, v) -> sb.append("      preset ").append(c).append(" = ").append(v).append('\n'));
                    if (!e.sessionVariables().isEmpty()) {
                        sb.append("      session: ").append(e.sessionVariables().entrySet().stream()
                                .map(v -> v.getKey() + " (" + String.join(", ", v.getValue()) + ")")
                                .collect(Collectors.joining(", "))).append('\n');
                    }
                    e.filter().ifPresent(f -> sb.append("      filter: ").append(f.readable()).append('\n'));
                    e.check().ifPresent(f -> sb.append("      check: ").append(f.readable()).append('\n'));
                    e.redactions().forEach((c, f) -> sb.append("      ").append(c).append(" only where: ")
                            .append(f.readable()).append('\n'));
                }
            }
        }
        return sb.toString();
    }

    /**
     * {@return a Markdown report: a summary table (role × table, the operations permitted), then the details per role}
     */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| role |");
        tables.forEach(t -> sb.append(' ').append(t).append(" |"));
        sb.append("\n|---|").append("---|".repeat(tables.size())).append('\n');
        for (String role : roles) {
            sb.append("| ").append(role).append(" |");
            for (QualifiedName t : tables) {
                String ops = cells(role, t).stream().filter(Entry::permitted)
                        .map(e -> e.operation().key() + (e.inherited() ? "*" : "")).collect(Collectors.joining(", "));
                sb.append(' ').append(ops.isEmpty() ? "—" : ops).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n`*` inherited from the parents of an inherited role.\n");
        for (String role : roles) {
            sb.append("\n## ").append(role).append("\n\n| table | operation | columns | limit | presets | session variables | filter | check |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            for (QualifiedName t : tables) {
                for (Entry e : cells(role, t)) {
                    if (!e.permitted()) {
                        continue;
                    }
                    sb.append("| ").append(t).append(" | ").append(e.operation().key()).append(e.inherited() ? "*" : "")
                            .append(restricted(e) ? " (query root fields: " + keys(e.queryRootFields())
                                    + "; subscription root fields: " + keys(e.subscriptionRootFields()) + ")" : "")
                            .append(" | ").append(md(String.join(", ", e.columns())))
                            .append(" | ").append(e.limit().map(String::valueOf).orElse(""))
                            .append(" | ").append(md(e.presets().entrySet().stream().map(x -> x.getKey() + " = " + x.getValue())
                                    .collect(Collectors.joining(", "))))
                            .append(" | ").append(md(String.join(", ", e.sessionVariables().keySet())))
                            .append(" | ").append(e.filter().map(f -> "`" + md(f.readable()) + "`").orElse(""))
                            .append(" | ").append(e.check().map(f -> "`" + md(f.readable()) + "`").orElse(""))
                            .append(" |\n");
                }
            }
        }
        return sb.toString();
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    /**
     * {@return the matrix as JSON: {@code {"roles": [...], "tables": [...], "entries": [...]}}, every entry included}
     */
    public JsonObject toJson() {
        List<JsonValue> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("role", JsonString.of(e.role()));
            m.put("table", JsonString.of(e.table().toString()));
            m.put("operation", JsonString.of(e.operation().key()));
            m.put("permitted", JsonBoolean.of(e.permitted()));
            if (e.permitted()) {
                m.put("inherited", JsonBoolean.of(e.inherited()));
                m.put("backend_only", JsonBoolean.of(e.backendOnly()));
                m.put("columns", strings(e.columns()));
                if (e.operation() == Operation.SELECT) {
                    m.put("computed_fields", strings(e.computedFields()));
                    m.put("limit", e.limit().<JsonValue>map(l -> JsonNumber.of(l)).orElse(JsonNull.INSTANCE));
                }
                Map<String, JsonValue> presets = new LinkedHashMap<>();
                e.presets().forEach((c, v) -> presets.put(c, JsonString.of(v)));
                m.put("presets", JsonObject.of(presets));
                Map<String, JsonValue> vars = new LinkedHashMap<>();
                e.sessionVariables().forEach((v, types) -> vars.put(v, strings(types)));
                m.put("session_variables", JsonObject.of(vars));
                if (restricted(e)) {
                    m.put("query_root_fields", strings(e.queryRootFields().stream().map(RootField::key).toList()));
                    m.put("subscription_root_fields",
                            strings(e.subscriptionRootFields().stream().map(RootField::key).toList()));
                }
                e.filter().ifPresent(f -> m.put("filter", sql(f)));
                e.check().ifPresent(f -> m.put("check", sql(f)));
                if (!e.redactions().isEmpty()) {
                    Map<String, JsonValue> r = new LinkedHashMap<>();
                    e.redactions().forEach((c, f) -> r.put(c, sql(f)));
                    m.put("redactions", JsonObject.of(r));
                }
            }
            list.add(JsonObject.of(m));
        }
        Map<String, JsonValue> root = new LinkedHashMap<>();
        root.put("roles", strings(roles));
        root.put("tables", strings(tables.stream().map(QualifiedName::toString).toList()));
        root.put("entries", JsonArray.of(list));
        return JsonObject.of(root);
    }

    private static JsonValue sql(Sql s) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("sql", JsonString.of(s.sql()));
        m.put("parameters", strings(s.parameters()));
        return JsonObject.of(m);
    }

    private static JsonArray strings(List<String> values) {
        return JsonArray.of(values.stream().map(JsonString::of).toList());
    }

    private List<Entry> cells(String role, QualifiedName table) {
        return entries.stream().filter(e -> e.role().equals(role) && e.table().equals(table)).toList();
    }
}

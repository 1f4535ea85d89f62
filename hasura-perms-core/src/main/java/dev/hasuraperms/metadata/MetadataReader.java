package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.boolexp.OrExp;
import dev.hasuraperms.boolexp.Parsed;
import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.internal.util.Parallel;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns JSON trees into the metadata model, reporting every structural problem. Shared by the three loaders (the
 * metadata-API applier reads operation arguments with it too).
 */
final class MetadataReader {

    /** Top-level keys of exported metadata that have nothing to do with permissions. */
    private static final String[] IGNORED_TOP_LEVEL = {"remote_schemas", "actions", "custom_types", "cron_triggers",
        "query_collections", "allowlist", "rest_endpoints", "api_limits", "metrics_config", "network",
        "backend_configs", "opentelemetry", "graphql_schema_introspection", "query_templates", "resource_version"};

    private final Diagnostics diagnostics;
    private final BoolExpParser parser;
    private final Set<JsonValue> placeholders;

    MetadataReader(Diagnostics diagnostics, BoolExpParser parser) {
        this(diagnostics, parser, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private MetadataReader(Diagnostics diagnostics, BoolExpParser parser, Set<JsonValue> placeholders) {
        this.diagnostics = diagnostics;
        this.parser = parser;
        this.placeholders = placeholders;
    }

    /** One table read on its own: its model (if it could be read) and its diagnostics. */
    private record Read(JsonValue json, Optional<TableMetadata> table, Diagnostics diagnostics) {
    }

    /** Tables read while the document was still being parsed, by the stand-in the tree holds in their place. */
    private final Map<JsonValue, java.util.concurrent.CompletableFuture<Read>> readAhead = new IdentityHashMap<>();

    private Read readOwn(JsonValue table) {
        MetadataReader own = new MetadataReader(new Diagnostics(), parser, placeholders);
        return new Read(table, own.readTable(table), own.diagnostics);
    }

    /**
     * A hook for the JSON reader that starts reading each table into the model as soon as the parser has it (on
     * another thread when there is more than one processor), leaving a stand-in in the tree. Tables then never sit
     * in memory as a whole tree; {@link #discardReadAhead()} if the document turns out not to be exported metadata.
     */
    dev.hasuraperms.internal.json.TreeReaders.TableHook readAheadHook() {
        boolean async = Parallel.available();
        return table -> {
            JsonObject standIn = JsonObject.ofArrays(new String[0], new JsonValue[0], new long[0], table.origin());
            readAhead.put(standIn, async
                    ? java.util.concurrent.CompletableFuture.supplyAsync(() -> readOwn(table))
                    : java.util.concurrent.CompletableFuture.completedFuture(readOwn(table)));
            return standIn;
        };
    }

    /** Whether tables were read ahead (the tree holds stand-ins for them). */
    boolean hasReadAhead() {
        return !readAhead.isEmpty();
    }

    /** Forgets the tables read ahead (waiting for any still being read). */
    void discardReadAhead() {
        readAhead.values().forEach(f -> f.exceptionally(e -> null).join());
        readAhead.clear();
    }

    private Read takeReadAhead(JsonValue el) {
        java.util.concurrent.CompletableFuture<Read> f = readAhead.remove(el);
        if (f == null) {
            return null;
        }
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** The tables of one list, read independently (in parallel for large lists), then checked for duplicates in order. */
    private List<TableMetadata> tables(Optional<JsonValue> v) {
        if (v.isEmpty()) {
            return List.of();
        }
        Optional<JsonArray> arr = array(v.get(), "tables");
        if (arr.isEmpty()) {
            return List.of();
        }
        List<Read> reads;
        if (!readAhead.isEmpty()) {
            reads = new ArrayList<>(arr.get().size());
            for (JsonValue el : arr.get().elements()) {
                Read r = takeReadAhead(el);
                reads.add(r != null ? r : readOwn(el));
            }
        } else {
            reads = Parallel.map(arr.get().elements(), this::readOwn);
        }
        Set<QualifiedName> seen = new HashSet<>();
        List<TableMetadata> out = new ArrayList<>(reads.size());
        for (Read r : reads) {
            diagnostics.addAll(r.diagnostics());
            if (r.table().isEmpty()) {
                continue;
            }
            if (!seen.add(r.table().get().table())) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, r.json().origin(),
                        "table " + r.table().get().table() + " is defined twice");
                continue;
            }
            out.add(r.table().get());
        }
        return out;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Marks a value that stands in for content that could not be read (already reported). */
    void placeholder(JsonValue v) {
        placeholders.add(v);
    }

    private boolean isPlaceholder(JsonValue v) {
        return !placeholders.isEmpty() && placeholders.contains(v);
    }

    // ------------------------------------------------------------------------------------------- whole documents

    /** Reads exported metadata (versions 1, 2 and 3). */
    Metadata readDocument(JsonValue root) {
        Optional<Obj> o = object(root, "a metadata document");
        if (o.isEmpty()) {
            return Metadata.empty();
        }
        Obj m = o.get();
        int version = version(m);
        m.accept(IGNORED_TOP_LEVEL);
        notEnforced(m);
        List<InheritedRole> roles = list(m.optional("inherited_roles"), "inherited roles", this::readInheritedRole,
                InheritedRole::roleName, "inherited role");
        List<Source> sources;
        if (version >= 3) {
            sources = list(m.optional("sources"), "sources", this::readSource, Source::name, "source");
        } else {
            List<TableMetadata> tables = tables(m.optional("tables"));
            List<FunctionMetadata> functions = list(m.optional("functions"), "functions",
                    version == 1 ? this::readV1Function : this::readFunction, FunctionMetadata::function, "function");
            sources = List.of(new Source(Metadata.DEFAULT_SOURCE, Source.POSTGRES, tables, functions, List.of(),
                    List.of(), Optional.empty(), m.origin()));
        }
        m.finish(false);
        Metadata metadata = new Metadata(sources, roles);
        for (Source s : metadata.sources()) {
            checkLogicalModelReferences(s);
        }
        return metadata;
    }

    /**
     * Warns about top-level metadata that restricts requests in Hasura but is not applied here ({@code NOT_ENFORCED}):
     * {@code api_limits} (unless {@code disabled: true}) and a non-empty {@code allowlist}. Neither decides which rows
     * a role may read or write, so ignoring them widens no permission; the warning says who must do their job.
     */
    private void notEnforced(Obj m) {
        Optional<JsonValue> limits = m.json().get("api_limits");
        if (limits.isPresent() && limits.get() instanceof JsonObject o && !o.isEmpty()
                && !(o.get("disabled").orElse(JsonBoolean.of(false)) instanceof JsonBoolean b && b.value())) {
            diagnostics.report(DiagnosticCode.NOT_ENFORCED, Severity.WARNING, m.json().keyOrigin("api_limits"),
                    "api_limits (rate, depth, node, time and batch limits of GraphQL requests) are not applied: this"
                            + " library serves no GraphQL requests, so the host must limit its own endpoints");
        }
        Optional<JsonValue> allowlist = m.json().get("allowlist");
        if (allowlist.isPresent() && allowlist.get() instanceof JsonArray a && a.size() > 0) {
            diagnostics.report(DiagnosticCode.NOT_ENFORCED, Severity.WARNING, m.json().keyOrigin("allowlist"),
                    "the allowlist (the only GraphQL operations Hasura runs when it is enabled) is not applied: the"
                            + " host's code decides what is read and written, within the permissions");
        }
    }

    private int version(Obj m) {
        Optional<JsonValue> v = m.optional("version");
        if (v.isEmpty()) {
            return m.json().has("sources") ? 3 : 1;
        }
        if (v.get() instanceof JsonNumber n && n.isIntegral()
                && n.value().compareTo(BigDecimal.ONE) >= 0 && n.value().compareTo(BigDecimal.valueOf(3)) <= 0) {
            // compared before intValue(), which truncates: 4294967299 would read as 3
            return n.value().intValue();
        }
        diagnostics.report(DiagnosticCode.UNSUPPORTED_VERSION, v.get().origin(),
                "metadata version " + v.get().toJson() + " is not supported (expected 1, 2 or 3)");
        return 3;
    }

    // ------------------------------------------------------------------------------------------------- sources

    Optional<Source> readSource(JsonValue v) {
        Optional<Obj> o = object(v, "a source");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj s = o.get();
        Optional<String> name = s.requiredString("name");
        String kind = s.optionalString("kind").orElse(Source.POSTGRES);
        List<TableMetadata> tables = tables(s.optional("tables"));
        List<FunctionMetadata> functions = list(s.optional("functions"), "functions", this::readFunction,
                FunctionMetadata::function, "function");
        List<LogicalModel> models = list(s.optional("logical_models"), "logical models", this::readLogicalModel,
                LogicalModel::name, "logical model");
        List<NativeQuery> queries = list(s.optional("native_queries"), "native queries", this::readNativeQuery,
                NativeQuery::rootFieldName, "native query");
        Optional<JsonValue> configuration = s.optional("configuration");
        s.accept("query_tags", "customization", "health_check", "stored_procedures");
        s.finish(false);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Source(name.get(), kind, tables, functions, models, queries, configuration, s.origin()));
    }

    // -------------------------------------------------------------------------------------------------- tables

    Optional<TableMetadata> readTable(JsonValue v) {
        Optional<Obj> o = object(v, "a table");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj t = o.get();
        Optional<QualifiedName> name = t.required("table").flatMap(this::tableName);
        boolean isEnum = t.bool("is_enum", false);
        Optional<JsonValue> configuration = t.optional("configuration");
        Set<String> fieldNames = new LinkedHashSet<>();
        List<Relationship> objRels = list(t.optional("object_relationships"), "object relationships",
                x -> readRelationship(x, Relationship.Kind.OBJECT), Relationship::name, "relationship", fieldNames);
        List<Relationship> arrRels = list(t.optional("array_relationships"), "array relationships",
                x -> readRelationship(x, Relationship.Kind.ARRAY), Relationship::name, "relationship", fieldNames);
        List<ComputedField> computed = list(t.optional("computed_fields"), "computed fields",
                this::readComputedField, ComputedField::name, "relationship or computed field", fieldNames);
        List<PermissionEntry<InsertPermission>> ins = permissions(t.optional("insert_permissions"), Operation.INSERT,
                this::readInsertPermission);
        List<PermissionEntry<SelectPermission>> sel = permissions(t.optional("select_permissions"), Operation.SELECT,
                this::readSelectPermission);
        List<PermissionEntry<UpdatePermission>> upd = permissions(t.optional("update_permissions"), Operation.UPDATE,
                this::readUpdatePermission);
        List<PermissionEntry<DeletePermission>> del = permissions(t.optional("delete_permissions"), Operation.DELETE,
                this::readDeletePermission);
        List<String> remote = remoteRelationshipNames(t.optional("remote_relationships"));
        t.accept("event_triggers", "apollo_federation_config", "logical_model");
        t.finish(true);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TableMetadata(name.get(), isEnum, configuration, objRels, arrRels, computed, sel, ins,
                upd, del, t.origin(), remote));
    }

    /**
     * The names of a table's {@code remote_relationships} (to remote schemas or other sources; their definitions are
     * not read: nothing of them is enforced, and a permission cannot use them). An entry without a string
     * {@code name} is {@code MISSING_KEY}/{@code INVALID_VALUE}.
     */
    private List<String> remoteRelationshipNames(Optional<JsonValue> v) {
        List<String> out = new ArrayList<>();
        if (v.isEmpty() || v.get() instanceof JsonNull) {
            return out;
        }
        array(v.get(), "remote_relationships").ifPresent(arr -> {
            for (JsonValue el : arr.elements()) {
                object(el, "a remote relationship").ifPresent(o -> {
                    o.requiredString("name").ifPresent(out::add);
                    o.acceptAll();
                    o.finish(false);
                });
            }
        });
        return out;
    }

    /** A table or function name: a string (schema public) or {@code {"schema", "name"}}. */
    Optional<QualifiedName> tableName(JsonValue v) {
        List<Diagnostic> errors = new ArrayList<>();
        Optional<QualifiedName> n = BoolExpParser.tableName(v, errors);
        diagnostics.addAll(errors);
        return n;
    }

    // ------------------------------------------------------------------------------------------- relationships

    Optional<Relationship> readRelationship(JsonValue v, Relationship.Kind kind) {
        String what = "an " + kind.key() + " relationship";
        Optional<Obj> o = object(v, what);
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj r = o.get();
        Optional<String> name = r.requiredString("name");
        Optional<String> comment = r.optionalText("comment");
        Optional<RelationshipUsing> using = r.required("using").flatMap(u -> readUsing(u, kind));
        r.finish(false);
        if (name.isEmpty() || using.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Relationship(kind, name.get(), using.get(), comment, r.origin()));
    }

    private Optional<RelationshipUsing> readUsing(JsonValue v, Relationship.Kind kind) {
        Optional<Obj> o = object(v, "a relationship's using clause");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj u = o.get();
        Optional<JsonValue> fk = u.optional("foreign_key_constraint_on");
        Optional<JsonValue> manual = u.optional("manual_configuration");
        u.finish(false);
        if (fk.isPresent() == manual.isPresent()) {
            diagnostics.report(DiagnosticCode.INVALID_RELATIONSHIP, u.origin(), fk.isPresent()
                    ? "using has both foreign_key_constraint_on and manual_configuration; give exactly one"
                    : "using needs exactly one of foreign_key_constraint_on and manual_configuration");
            return Optional.empty();
        }
        return fk.isPresent() ? readForeignKey(fk.get(), kind) : readManual(manual.get(), kind);
    }

    private Optional<RelationshipUsing> readForeignKey(JsonValue v, Relationship.Kind kind) {
        if (v instanceof JsonString || v instanceof JsonArray) {
            if (kind == Relationship.Kind.ARRAY) {
                diagnostics.report(DiagnosticCode.INVALID_RELATIONSHIP, v.origin(),
                        "an array relationship's foreign_key_constraint_on names the remote table: {\"table\", \"column\"}");
                return Optional.empty();
            }
            return nameOrNames(v, "foreign_key_constraint_on").map(RelationshipUsing.ForeignKeyColumns::new);
        }
        Optional<Obj> o = object(v, "foreign_key_constraint_on");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj f = o.get();
        Optional<QualifiedName> table = f.required("table").flatMap(this::tableName);
        Optional<JsonValue> column = f.optional("column");
        Optional<JsonValue> columns = f.optional("columns");
        f.finish(false);
        if (column.isPresent() == columns.isPresent()) {
            diagnostics.report(DiagnosticCode.INVALID_RELATIONSHIP, f.origin(),
                    "foreign_key_constraint_on with a table needs exactly one of \"column\" and \"columns\"");
            return Optional.empty();
        }
        Optional<List<String>> cols = column.isPresent()
                ? string(column.get(), "column").map(List::of)
                : columnNames(columns.get(), "columns");
        if (table.isEmpty() || cols.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RelationshipUsing.RemoteForeignKey(table.get(), cols.get()));
    }

    private Optional<RelationshipUsing> readManual(JsonValue v, Relationship.Kind kind) {
        Optional<Obj> o = object(v, "manual_configuration");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj m = o.get();
        Optional<QualifiedName> table = m.required("remote_table").flatMap(this::tableName);
        Map<String, String> mapping = new LinkedHashMap<>();
        boolean mappingOk = true;
        Optional<JsonValue> cm = m.required("column_mapping");
        if (cm.isPresent()) {
            // An empty mapping is accepted, as Hasura does (its relationship then joins every row of the remote table).
            if (cm.get() instanceof JsonObject mo) {
                for (Map.Entry<String, JsonValue> e : mo.members().entrySet()) {
                    if (e.getValue() instanceof JsonString s && !s.value().isEmpty()) {
                        mapping.put(e.getKey(), s.value());
                    } else {
                        diagnostics.report(DiagnosticCode.INVALID_VALUE, e.getValue().origin(),
                                "column_mapping maps a column to a column name, found " + BoolExpParser.describe(e.getValue()));
                        mappingOk = false;
                    }
                }
            } else {
                diagnostics.report(DiagnosticCode.INVALID_RELATIONSHIP, cm.get().origin(),
                        "column_mapping must be an object of column to remote column");
                mappingOk = false;
            }
        } else {
            mappingOk = false;
        }
        Optional<RelationshipUsing.InsertionOrder> order = Optional.empty();
        Optional<JsonValue> io = m.optional("insertion_order");
        if (io.isPresent()) {
            if (kind == Relationship.Kind.ARRAY) {
                diagnostics.report(DiagnosticCode.IGNORED_KEY, Severity.WARNING, io.get().origin(),
                        "insertion_order is ignored on array relationships (their rows are always inserted after the parent)");
            } else if (io.get() instanceof JsonString s && s.value().equals("before_parent")) {
                order = Optional.of(RelationshipUsing.InsertionOrder.BEFORE_PARENT);
            } else if (io.get() instanceof JsonString s && s.value().equals("after_parent")) {
                order = Optional.of(RelationshipUsing.InsertionOrder.AFTER_PARENT);
            } else {
                diagnostics.report(DiagnosticCode.INVALID_VALUE, io.get().origin(),
                        "insertion_order must be \"before_parent\" or \"after_parent\", found " + BoolExpParser.describe(io.get()));
            }
        }
        m.finish(false);
        if (table.isEmpty() || !mappingOk) {
            return Optional.empty();
        }
        return Optional.of(new RelationshipUsing.Manual(table.get(), mapping, order));
    }

    // ----------------------------------------------------------------------------------------- computed fields

    Optional<ComputedField> readComputedField(JsonValue v) {
        Optional<Obj> o = object(v, "a computed field");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj c = o.get();
        Optional<String> name = c.requiredString("name");
        Optional<String> comment = c.optionalText("comment");
        Optional<JsonValue> def = c.required("definition");
        c.finish(false);
        if (def.isEmpty()) {
            return Optional.empty();
        }
        Optional<Obj> d = object(def.get(), "a computed field definition");
        if (d.isEmpty()) {
            return Optional.empty();
        }
        Obj definition = d.get();
        Optional<QualifiedName> function = definition.required("function").flatMap(this::tableName);
        Optional<String> tableArgument = definition.optionalString("table_argument");
        Optional<String> sessionArgument = definition.optionalString("session_argument");
        definition.finish(false);
        if (name.isEmpty() || function.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ComputedField(name.get(), function.get(), tableArgument, sessionArgument, comment,
                c.origin()));
    }

    // ---------------------------------------------------------------------------------------------- permissions

    /** Reads a permission list: duplicates and the admin role are reported and dropped. */
    <P extends Permission> List<PermissionEntry<P>> permissions(Optional<JsonValue> v, Operation op,
                                                                 Function<JsonValue, Optional<P>> reader) {
        if (v.isEmpty()) {
            return List.of();
        }
        Optional<JsonArray> arr = array(v.get(), op.permissionsKey());
        if (arr.isEmpty()) {
            return List.of();
        }
        Map<String, PermissionEntry<P>> byRole = new LinkedHashMap<>();
        for (JsonValue el : arr.get().elements()) {
            Optional<PermissionEntry<P>> e = permissionEntry(el, op, reader);
            if (e.isEmpty()) {
                continue;
            }
            String role = e.get().role();
            if (byRole.containsKey(role)) {
                diagnostics.report(DiagnosticCode.DUPLICATE_PERMISSION, e.get().origin(),
                        "multiple declarations exist for the following " + op.key() + " permissions: " + role);
                continue;
            }
            byRole.put(role, e.get());
        }
        return List.copyOf(byRole.values());
    }

    /** Reads one {@code {role, permission, comment}} entry; the admin role is reported and dropped. */
    <P extends Permission> Optional<PermissionEntry<P>> permissionEntry(JsonValue el, Operation op,
                                                                         Function<JsonValue, Optional<P>> reader) {
        Optional<Obj> o = object(el, (op == Operation.INSERT ? "an " : "a ") + op.key() + " permission entry");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj e = o.get();
        Optional<String> role = e.requiredString("role");
        Optional<String> comment = e.optionalText("comment");
        Optional<P> permission = e.required("permission").flatMap(reader);
        e.finish(false);
        if (role.isEmpty() || permission.isEmpty()) {
            return Optional.empty();
        }
        if (isAdmin(role.get(), e.json().get("role").orElseThrow().origin())) {
            return Optional.empty();
        }
        return Optional.of(new PermissionEntry<>(role.get(), permission.get(), comment, e.origin()));
    }

    /** Reports and returns true when {@code role} is admin. */
    boolean isAdmin(String role, Origin origin) {
        if (role.equals("admin")) {
            diagnostics.report(DiagnosticCode.ADMIN_PERMISSION, origin,
                    "cannot define permission for admin role (admin always has full access)");
            return true;
        }
        return false;
    }

    Optional<SelectPermission> readSelectPermission(JsonValue v) {
        Optional<Obj> o = object(v, "a select permission");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj p = o.get();
        Optional<ColumnSet> columns = p.required("columns").flatMap(this::columnSet);
        List<String> computed = p.optional("computed_fields").flatMap(x -> columnNames(x, "computed_fields"))
                .orElse(List.of());
        Optional<BoolExp> filter = p.required("filter").map(this::filter);
        Optional<Integer> limit = p.optional("limit").flatMap(this::limit);
        boolean aggregations = p.bool("allow_aggregations", false);
        Optional<List<RootField>> queryRoot = p.optional("query_root_fields").flatMap(x -> rootFields(x, false));
        Optional<List<RootField>> subscriptionRoot = p.optional("subscription_root_fields")
                .flatMap(x -> rootFields(x, true));
        p.finish(false);
        if (columns.isEmpty() || filter.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SelectPermission(columns.get(), computed, filter.get(), limit, aggregations, queryRoot,
                subscriptionRoot, p.origin()));
    }

    Optional<InsertPermission> readInsertPermission(JsonValue v) {
        Optional<Obj> o = object(v, "an insert permission");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj p = o.get();
        Optional<BoolExp> check = p.required("check").map(this::filter);
        Map<String, Preset> set = p.optional("set").map(this::presets).orElse(Map.of());
        ColumnSet columns = p.optional("columns").flatMap(this::columnSet).orElse(ColumnSet.ALL);
        boolean backendOnly = p.bool("backend_only", false);
        Optional<ValidateInput> validate = p.optional("validate_input").flatMap(this::validateInput);
        p.deprecated("allow_upsert", "has no effect since Hasura v1.0: a role may upsert when it also has an update permission");
        p.finish(false);
        if (check.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InsertPermission(check.get(), set, columns, backendOnly, validate, p.origin()));
    }

    Optional<UpdatePermission> readUpdatePermission(JsonValue v) {
        Optional<Obj> o = object(v, "an update permission");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj p = o.get();
        Optional<ColumnSet> columns = p.required("columns").flatMap(this::columnSet);
        Optional<BoolExp> filter = p.required("filter").map(this::filter);
        Optional<BoolExp> check = p.optional("check").map(this::filter);
        Map<String, Preset> set = p.optional("set").map(this::presets).orElse(Map.of());
        boolean backendOnly = p.bool("backend_only", false);
        Optional<ValidateInput> validate = p.optional("validate_input").flatMap(this::validateInput);
        p.finish(false);
        if (columns.isEmpty() || filter.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UpdatePermission(columns.get(), filter.get(), check, set, backendOnly, validate,
                p.origin()));
    }

    Optional<DeletePermission> readDeletePermission(JsonValue v) {
        Optional<Obj> o = object(v, "a delete permission");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj p = o.get();
        Optional<BoolExp> filter = p.required("filter").map(this::filter);
        boolean backendOnly = p.bool("backend_only", false);
        Optional<ValidateInput> validate = p.optional("validate_input").flatMap(this::validateInput);
        p.finish(false);
        return filter.map(f -> new DeletePermission(f, backendOnly, validate, p.origin()));
    }

    /**
     * Reads a {@code validate_input} object as Hasura does ({@code ValidateInput} and
     * {@code ValidateInputHttpDefinition} in {@code Hasura/RQL/Types/Permission.hs}): {@code type} must be
     * {@code http}; {@code definition.url} is required; {@code headers}, {@code timeout} (seconds, default 10) and
     * {@code forward_client_headers} (default false) are optional. Anything malformed is an error, so a permission
     * whose webhook could not be honoured is never read as one without it.
     */
    Optional<ValidateInput> validateInput(JsonValue v) {
        Optional<Obj> o = object(v, "validate_input");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj vi = o.get();
        Optional<String> type = vi.requiredString("type");
        Optional<JsonValue> definition = vi.required("definition");
        vi.finish(false);
        if (type.isPresent() && !type.get().equals(ValidateInput.HTTP)) {
            diagnostics.report(DiagnosticCode.INVALID_VALUE, vi.json().get("type").orElseThrow().origin(),
                    "validate_input: expecting only 'http' for 'type' but got "
                            + BoolExpParser.describe(vi.json().get("type").orElseThrow()));
            return Optional.empty();
        }
        if (type.isEmpty() || definition.isEmpty()) {
            return Optional.empty();
        }
        Optional<Obj> d = object(definition.get(), "a validate_input definition");
        if (d.isEmpty()) {
            return Optional.empty();
        }
        Obj def = d.get();
        Optional<String> url = def.requiredString("url");
        boolean ok = url.isPresent();
        List<ValidateInput.Header> headers = new ArrayList<>();
        Optional<JsonValue> hs = def.optional("headers");
        if (hs.isPresent()) {
            Optional<JsonArray> arr = array(hs.get(), "headers");
            if (arr.isEmpty()) {
                ok = false;
            } else {
                for (JsonValue h : arr.get().elements()) {
                    Optional<ValidateInput.Header> header = webhookHeader(h);
                    ok &= header.isPresent();
                    header.ifPresent(headers::add);
                }
            }
        }
        int timeout = ValidateInput.DEFAULT_TIMEOUT_SECONDS;
        Optional<JsonValue> t = def.optional("timeout");
        if (t.isPresent()) {
            if (t.get() instanceof JsonNumber n && n.isIntegral() && n.value().signum() >= 0
                    && n.value().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                timeout = n.value().intValueExact();
            } else {
                diagnostics.report(DiagnosticCode.INVALID_VALUE, t.get().origin(), "validate_input timeout must be a "
                        + "whole number of seconds from 0 to " + Integer.MAX_VALUE + ", found " + BoolExpParser.describe(t.get()));
                ok = false;
            }
        }
        boolean forward = def.bool("forward_client_headers", false);
        def.finish(false);
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new ValidateInput(url.get(), headers, timeout, forward, v, vi.origin()));
    }

    /** A webhook header: {@code {"name", "value"}} or {@code {"name", "value_from_env"}} (Hasura's HeaderConf). */
    private Optional<ValidateInput.Header> webhookHeader(JsonValue v) {
        Optional<Obj> o = object(v, "a header");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj h = o.get();
        Optional<String> name = h.requiredString("name");
        Optional<String> value = h.optionalText("value");
        Optional<String> env = h.optionalString("value_from_env");
        h.finish(false);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (value.isPresent() == env.isPresent()) {
            diagnostics.report(DiagnosticCode.INVALID_VALUE, h.origin(),
                    "a header needs exactly one of \"value\" and \"value_from_env\"");
            return Optional.empty();
        }
        return Optional.of(new ValidateInput.Header(name.get(), value, env));
    }

    /** Reads the permission object of {@code op}. */
    Optional<? extends Permission> readPermission(Operation op, JsonValue v) {
        switch (op) {
            case SELECT:
                return readSelectPermission(v);
            case INSERT:
                return readInsertPermission(v);
            case UPDATE:
                return readUpdatePermission(v);
            case DELETE:
                return readDeletePermission(v);
            default:
                throw new AssertionError(op);
        }
    }

    /**
     * Parses a filter or check. A filter that cannot be parsed is reported and replaced by FALSE ({@code _or: []}),
     * so nothing built from a broken model can widen access.
     */
    BoolExp filter(JsonValue v) {
        Parsed<BoolExp> parsed = parser.parse(v);
        if (!parsed.isOk()) {
            diagnostics.addAll(parsed.diagnostics());
            return new OrExp(List.of(), v.origin());
        }
        diagnostics.addAll(parser.definiteErrors(parsed.value()));
        return parsed.value();
    }

    private Optional<ColumnSet> columnSet(JsonValue v) {
        if (v instanceof JsonString s && s.value().equals("*")) {
            return Optional.of(ColumnSet.ALL);
        }
        if (v instanceof JsonArray arr) {
            return columnNames(v, "columns").map(cols -> new ColumnSet.Listed(cols,
                    arr.elements().stream().map(JsonValue::origin).toList()));
        }
        diagnostics.report(DiagnosticCode.INVALID_VALUE, v.origin(),
                "columns must be \"*\" or a list of column names, found " + BoolExpParser.describe(v));
        return Optional.empty();
    }

    private Optional<Integer> limit(JsonValue v) {
        if (v instanceof JsonNumber n && n.isIntegral()) {
            BigDecimal d = n.value();
            if (d.signum() < 0) {
                diagnostics.report(DiagnosticCode.NEGATIVE_LIMIT, v.origin(),
                        "limit must not be negative (unexpected negative value " + PgValues.numberText(d) + ")");
                return Optional.empty();
            }
            if (d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                return Optional.of(d.intValueExact());
            }
        }
        diagnostics.report(DiagnosticCode.INVALID_VALUE, v.origin(),
                "limit must be a whole number from 0 to " + Integer.MAX_VALUE + ", found " + BoolExpParser.describe(v));
        return Optional.empty();
    }

    private Optional<List<RootField>> rootFields(JsonValue v, boolean subscription) {
        Optional<JsonArray> arr = array(v, subscription ? "subscription_root_fields" : "query_root_fields");
        if (arr.isEmpty()) {
            return Optional.empty();
        }
        List<RootField> out = new ArrayList<>();
        for (JsonValue el : arr.get().elements()) {
            Optional<RootField> f = el instanceof JsonString s ? RootField.fromKey(s.value()) : Optional.empty();
            if (f.isEmpty() || (!subscription && f.get() == RootField.SELECT_STREAM)) {
                diagnostics.report(DiagnosticCode.INVALID_VALUE, el.origin(), "expected one of select, select_by_pk, "
                        + "select_aggregate" + (subscription ? ", select_stream" : "") + "; found " + BoolExpParser.describe(el));
            } else if (!out.contains(f.get())) {
                out.add(f.get());
            }
        }
        return Optional.of(out);
    }

    private Map<String, Preset> presets(JsonValue v) {
        Optional<Obj> o = object(v, "set (column presets)");
        if (o.isEmpty()) {
            return Map.of();
        }
        Map<String, Preset> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : o.get().json().members().entrySet()) {
            JsonValue value = e.getValue();
            Optional<SessionVariable> sv = value instanceof JsonString s
                    ? SessionVariable.fromReference(s.value()) : Optional.empty();
            out.put(e.getKey(), sv.<Preset>map(x -> new Preset.FromSession(x, value.origin()))
                    .orElseGet(() -> new Preset.Literal(value)));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ functions, roles, models

    Optional<FunctionMetadata> readFunction(JsonValue v) {
        Optional<Obj> o = object(v, "a function");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj f = o.get();
        Optional<QualifiedName> name = f.required("function").flatMap(this::tableName);
        Optional<JsonValue> configuration = f.optional("configuration");
        configuration.ifPresent(this::checkFunctionConfiguration);
        f.accept("comment");
        List<String> roles = new ArrayList<>();
        f.optional("permissions").flatMap(p -> array(p, "permissions")).ifPresent(arr -> {
            for (JsonValue el : arr.elements()) {
                object(el, "a function permission").ifPresent(po -> {
                    po.requiredString("role").ifPresent(r -> {
                        if (!isAdmin(r, po.origin())) {
                            roles.add(r);
                        }
                    });
                    po.finish(false);
                });
            }
        });
        f.finish(false);
        return name.map(n -> new FunctionMetadata(n, configuration, roles, f.origin()));
    }

    /**
     * Reports what Hasura's {@code FunctionConfig} parser refuses in a function's {@code configuration}: a member of
     * the wrong type, an {@code exposed_as} other than {@code query} or {@code mutation}, a custom name that is not a
     * GraphQL name, the same custom root field name twice. Unknown keys are ignored there (a warning here).
     */
    void checkFunctionConfiguration(JsonValue v) {
        object(v, "a function configuration").ifPresent(c -> {
            c.optionalString("session_argument");
            c.optionalString("exposed_as").ifPresent(e -> {
                if (!e.equals("query") && !e.equals("mutation")) {
                    diagnostics.report(DiagnosticCode.INVALID_VALUE, c.json().get("exposed_as").orElseThrow().origin(),
                            "exposed_as must be \"query\" or \"mutation\", found " + JsonString.of(e).toJson());
                }
            });
            c.optionalString("custom_name").ifPresent(n -> graphQLName(n, c, "custom_name"));
            c.optional("custom_root_fields").flatMap(r -> object(r, "custom_root_fields")).ifPresent(r -> {
                Optional<String> fn = r.optionalString("function");
                Optional<String> agg = r.optionalString("function_aggregate");
                fn.ifPresent(n -> graphQLName(n, r, "function"));
                agg.ifPresent(n -> graphQLName(n, r, "function_aggregate"));
                if (fn.isPresent() && fn.equals(agg)) {
                    diagnostics.report(DiagnosticCode.INVALID_VALUE, r.origin(), "the following custom root field"
                            + " names are duplicated: " + fn.get() + " and " + agg.get());
                }
                r.finish(false);
            });
            c.finish(false);
        });
    }

    private void graphQLName(String name, Obj in, String key) {
        if (!name.matches("[_A-Za-z][_0-9A-Za-z]*")) {
            diagnostics.report(DiagnosticCode.INVALID_VALUE, in.json().get(key).orElseThrow().origin(), key + " "
                    + JsonString.of(name).toJson() + " is not a valid GraphQL name");
        }
    }

    private Optional<FunctionMetadata> readV1Function(JsonValue v) {
        return tableName(v).map(n -> new FunctionMetadata(n, Optional.empty(), List.of(), v.origin()));
    }

    Optional<InheritedRole> readInheritedRole(JsonValue v) {
        Optional<Obj> o = object(v, "an inherited role");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj r = o.get();
        Optional<String> name = r.requiredString("role_name");
        Optional<List<String>> set = r.required("role_set").flatMap(x -> columnNames(x, "role_set"));
        r.finish(false);
        if (name.isEmpty() || set.isEmpty()) {
            return Optional.empty();
        }
        if (name.get().equals("admin")) {
            diagnostics.report(DiagnosticCode.ADMIN_PERMISSION, r.json().keyOrigin("role_name"),
                    "admin cannot be an inherited role (it always has full access)");
            return Optional.empty();
        }
        if (set.get().isEmpty()) {
            diagnostics.report(DiagnosticCode.INVALID_VALUE, r.json().get("role_set").orElseThrow().origin(),
                    "role_set of inherited role " + name.get() + " must not be empty");
            return Optional.empty();
        }
        return Optional.of(new InheritedRole(name.get(), set.get().stream().distinct().toList(), r.origin()));
    }

    Optional<LogicalModel> readLogicalModel(JsonValue v) {
        Optional<Obj> o = object(v, "a logical model");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj m = o.get();
        Optional<String> name = m.requiredString("name");
        Optional<String> description = m.optionalText("description");
        Optional<List<LogicalModelField>> fields = m.required("fields").map(this::logicalModelFields);
        List<PermissionEntry<SelectPermission>> perms = permissions(m.optional("select_permissions"),
                Operation.SELECT, this::readSelectPermission);
        m.finish(false);
        if (name.isEmpty() || fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LogicalModel(name.get(), fields.get(), description, perms, m.origin()));
    }

    private List<LogicalModelField> logicalModelFields(JsonValue v) {
        Map<String, LogicalModelField> out = new LinkedHashMap<>();
        if (v instanceof JsonArray arr) {
            for (JsonValue el : arr.elements()) {
                object(el, "a logical model field").ifPresent(f -> {
                    Optional<String> name = f.requiredString("name");
                    logicalModelField(f, name).ifPresent(field -> addField(out, field));
                });
            }
        } else if (v instanceof JsonObject map) {
            // The map form the CLI docs show: {"<field>": {"type": ..., "nullable": ..., "description": ...}}.
            for (Map.Entry<String, JsonValue> e : map.members().entrySet()) {
                object(e.getValue(), "a logical model field").ifPresent(f ->
                        logicalModelField(f, Optional.of(e.getKey())).ifPresent(field -> addField(out, field)));
            }
        } else {
            diagnostics.report(DiagnosticCode.INVALID_VALUE, v.origin(),
                    "fields must be a list of {name, type} (or a map of field name to {type}), found " + BoolExpParser.describe(v));
        }
        return List.copyOf(out.values());
    }

    private void addField(Map<String, LogicalModelField> out, LogicalModelField field) {
        if (out.containsKey(field.name())) {
            diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, field.origin(),
                    "field " + field.name() + " is defined twice");
        } else {
            out.put(field.name(), field);
        }
    }

    private Optional<LogicalModelField> logicalModelField(Obj f, Optional<String> name) {
        Optional<String> description = f.optionalText("description");
        Optional<JsonValue> typeValue = f.required("type");
        Optional<LogicalModelType> type = Optional.empty();
        if (typeValue.isPresent()) {
            if (typeValue.get() instanceof JsonString s && !s.value().isEmpty()) {
                // Older flat form: {"name", "type": "integer", "nullable": false}.
                type = Optional.of(new LogicalModelType.Scalar(s.value(), f.bool("nullable", false)));
            } else {
                type = logicalModelType(typeValue.get());
            }
        }
        f.finish(false);
        if (name.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LogicalModelField(name.get(), type.get(), description, f.origin()));
    }

    private Optional<LogicalModelType> logicalModelType(JsonValue v) {
        Optional<Obj> o = object(v, "a logical model field type");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj t = o.get();
        Optional<JsonValue> scalar = t.optional("scalar");
        Optional<JsonValue> array = t.optional("array");
        Optional<JsonValue> model = t.optional("logical_model");
        boolean nullable = t.bool("nullable", false);
        t.finish(false);
        int forms = (scalar.isPresent() ? 1 : 0) + (array.isPresent() ? 1 : 0) + (model.isPresent() ? 1 : 0);
        if (forms != 1) {
            diagnostics.report(DiagnosticCode.INVALID_VALUE, t.origin(),
                    "a field type needs exactly one of \"scalar\", \"array\" and \"logical_model\"");
            return Optional.empty();
        }
        if (scalar.isPresent()) {
            return string(scalar.get(), "scalar").map(s -> new LogicalModelType.Scalar(s, nullable));
        }
        if (model.isPresent()) {
            return string(model.get(), "logical_model").map(s -> new LogicalModelType.ModelRef(s, nullable));
        }
        return logicalModelType(array.get()).map(e -> new LogicalModelType.ArrayOf(e, nullable));
    }

    Optional<NativeQuery> readNativeQuery(JsonValue v) {
        Optional<Obj> o = object(v, "a native query");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        Obj q = o.get();
        Optional<String> root = q.requiredString("root_field_name");
        Optional<String> code = q.required("code").flatMap(c -> c instanceof JsonString s ? Optional.of(s.value())
                : invalid(c, "code must be a string"));
        Optional<String> returns = q.requiredString("returns");
        Optional<String> description = q.optionalText("description");
        Map<String, NativeQuery.Argument> args = new LinkedHashMap<>();
        q.optional("arguments").flatMap(a -> object(a, "native query arguments")).ifPresent(a -> {
            for (Map.Entry<String, JsonValue> e : a.json().members().entrySet()) {
                object(e.getValue(), "a native query argument").ifPresent(arg -> {
                    Optional<String> type = arg.requiredString("type");
                    boolean nullable = arg.bool("nullable", false);
                    Optional<String> d = arg.optionalText("description");
                    arg.finish(false);
                    type.ifPresent(t -> args.put(e.getKey(), new NativeQuery.Argument(t, nullable, d)));
                });
            }
        });
        List<String> relationships = new ArrayList<>();
        for (String key : List.of("object_relationships", "array_relationships")) {
            // Only the names are kept: reads through native-query relationships are not supported (the checker warns).
            q.optional(key).filter(JsonArray.class::isInstance).map(JsonArray.class::cast).ifPresent(arr -> {
                for (JsonValue r : arr.elements()) {
                    String name = r instanceof JsonObject ro && ro.get("name").orElse(null) instanceof JsonString ns
                            ? ns.value() : "(unnamed)";
                    relationships.add(name);
                }
            });
        }
        q.accept("type");
        q.finish(false);
        if (root.isEmpty() || code.isEmpty() || returns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NativeQuery(root.get(), code.get(), args, returns.get(), description, q.origin(),
                relationships));
    }

    /** Reports logical-model references that point nowhere. */
    void checkLogicalModelReferences(Source s) {
        Set<String> names = new LinkedHashSet<>();
        s.logicalModels().forEach(m -> names.add(m.name()));
        for (LogicalModel m : s.logicalModels()) {
            for (LogicalModelField f : m.fields()) {
                referencedModel(f.type()).filter(r -> !names.contains(r)).ifPresent(r ->
                        diagnostics.report(DiagnosticCode.UNKNOWN_LOGICAL_MODEL, f.origin(), "field " + f.name()
                                + " of logical model " + m.name() + " refers to logical model " + r + ", which is not defined"));
            }
        }
        for (NativeQuery q : s.nativeQueries()) {
            if (!names.contains(q.returns())) {
                diagnostics.report(DiagnosticCode.UNKNOWN_LOGICAL_MODEL, q.origin(), "native query " + q.rootFieldName()
                        + " returns logical model " + q.returns() + ", which is not defined");
            }
        }
    }

    private static Optional<String> referencedModel(LogicalModelType t) {
        if (t instanceof LogicalModelType.ModelRef r) {
            return Optional.of(r.logicalModel());
        }
        if (t instanceof LogicalModelType.ArrayOf a) {
            return referencedModel(a.element());
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    Optional<Obj> object(JsonValue v, String what) {
        if (isPlaceholder(v)) {
            return Optional.empty();
        }
        return Obj.of(v, what, diagnostics, this::isPlaceholder);
    }

    Optional<JsonArray> array(JsonValue v, String what) {
        if (isPlaceholder(v)) {
            return Optional.empty();
        }
        if (v instanceof JsonArray a) {
            return Optional.of(a);
        }
        diagnostics.report(DiagnosticCode.INVALID_VALUE, v.origin(),
                "expected " + what + " (a list), found " + BoolExpParser.describe(v));
        return Optional.empty();
    }

    private Optional<String> string(JsonValue v, String what) {
        if (v instanceof JsonString s && !s.value().isEmpty()) {
            return Optional.of(s.value());
        }
        return invalid(v, what + " must be a non-empty string, found " + BoolExpParser.describe(v));
    }

    private <T> Optional<T> invalid(JsonValue v, String message) {
        diagnostics.report(DiagnosticCode.INVALID_VALUE, v.origin(), message);
        return Optional.empty();
    }

    /** A string or a list of strings, as {@code foreign_key_constraint_on} takes. */
    Optional<List<String>> nameOrNames(JsonValue v, String what) {
        if (v instanceof JsonString s && !s.value().isEmpty()) {
            return Optional.of(List.of(s.value()));
        }
        return columnNames(v, what);
    }

    /** A list of non-empty strings. */
    Optional<List<String>> columnNames(JsonValue v, String what) {
        if (v instanceof JsonArray arr) {
            List<String> out = new ArrayList<>();
            boolean ok = true;
            for (JsonValue el : arr.elements()) {
                if (el instanceof JsonString s && !s.value().isEmpty()) {
                    out.add(s.value());
                } else {
                    diagnostics.report(DiagnosticCode.INVALID_VALUE, el.origin(),
                            what + " must hold non-empty strings, found " + BoolExpParser.describe(el));
                    ok = false;
                }
            }
            return ok ? Optional.of(out) : Optional.empty();
        }
        return invalid(v, what + " must be a list of names, found " + BoolExpParser.describe(v));
    }

    private <T, K> List<T> list(Optional<JsonValue> v, String what, Function<JsonValue, Optional<T>> reader,
                                Function<T, K> key, String kind) {
        return list(v, what, reader, key, kind, new LinkedHashSet<>());
    }

    /** Reads a list, reporting and dropping elements whose key was already seen (in {@code seen}). */
    private <T, K> List<T> list(Optional<JsonValue> v, String what, Function<JsonValue, Optional<T>> reader,
                                Function<T, K> key, String kind, Set<? super K> seen) {
        if (v.isEmpty()) {
            return List.of();
        }
        Optional<JsonArray> arr = array(v.get(), what);
        if (arr.isEmpty()) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (JsonValue el : arr.get().elements()) {
            Optional<T> item = reader.apply(el);
            if (item.isEmpty()) {
                continue;
            }
            K k = key.apply(item.get());
            if (!seen.add(k)) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, el.origin(), kind + " " + k + " is defined twice");
                continue;
            }
            out.add(item.get());
        }
        return out;
    }

    static JsonValue bool(boolean b) {
        return JsonBoolean.of(b);
    }
}

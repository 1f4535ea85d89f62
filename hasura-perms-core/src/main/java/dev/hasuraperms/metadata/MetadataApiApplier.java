package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies metadata-API operations (reference §1(c)) in order to a base model. Each operation is checked the way
 * Hasura checks it when it runs; a failing operation is reported and skipped, and the rest still run so that every
 * problem is reported at once. Inside {@code bulk_atomic} the logical-model consistency check runs once at the end,
 * so models may refer to each other.
 */
final class MetadataApiApplier {

    /** Operations that exist but do not change permission metadata: applied as no-ops with a warning. */
    private static final Set<String> NOT_PERMISSION_RELATED = Set.of("run_sql", "insert", "select", "update", "delete",
            "count", "export_metadata", "reload_metadata", "get_inconsistent_metadata", "drop_inconsistent_metadata",
            "set_table_customization", "set_table_custom_fields", "create_event_trigger", "delete_event_trigger",
            "redeliver_event", "invoke_event_trigger", "add_remote_schema", "introspect_remote_schema",
            "create_remote_schema_remote_relationship", "update_remote_schema_remote_relationship",
            "delete_remote_schema_remote_relationship", "remove_remote_schema", "update_remote_schema",
            "reload_remote_schema", "add_remote_schema_permissions", "drop_remote_schema_permissions", "create_action",
            "drop_action", "update_action", "create_action_permission", "drop_action_permission",
            "create_query_collection", "drop_query_collection", "add_query_to_collection",
            "drop_query_from_collection", "add_collection_to_allowlist", "drop_collection_from_allowlist",
            "create_cron_trigger", "delete_cron_trigger", "create_scheduled_event", "set_custom_types",
            "create_rest_endpoint", "drop_rest_endpoint", "set_api_limits", "remove_api_limits",
            "set_metrics_config", "remove_metrics_config", "add_host_to_tls_allowlist", "update_source",
            "set_graphql_schema_introspection_options", "get_catalog_state",
            "set_catalog_state", "dump_internal_state", "test_webhook_transform", "get_source_tables",
            "get_table_info", "concurrent_bulk", "set_apollo_federation_config");

    private final MetadataReader reader;
    private final Diagnostics diagnostics;
    private MetadataBuilder model;
    private int atomicDepth;

    MetadataApiApplier(MetadataReader reader, Metadata base) {
        this.reader = reader;
        this.diagnostics = reader.diagnostics();
        this.model = MetadataBuilder.from(base);
    }

    /** Applies an operation, a {@code bulk}, or a JSON array of operations, and returns the resulting model. */
    Metadata apply(JsonValue document) {
        if (document instanceof JsonArray ops) {
            ops.elements().forEach(this::operation);
        } else {
            operation(document);
        }
        return model.build();
    }

    private void operation(JsonValue v) {
        Optional<Obj> o = reader.object(v, "a metadata-API operation");
        if (o.isEmpty()) {
            return;
        }
        Obj op = o.get();
        Optional<String> typeValue = op.requiredString("type");
        Optional<JsonValue> args = op.optional("args");
        op.accept("version", "resource_version", "source");
        op.finish(false);
        if (typeValue.isEmpty()) {
            return;
        }
        String type = typeValue.get();
        Origin at = op.json().keyOrigin("type");
        String name = type.startsWith("pg_") ? type.substring(3) : type;
        for (String other : List.of("mssql_", "citus_", "cockroach_", "bigquery_", "mysql_", "snowflake_")) {
            if (type.startsWith(other)) {
                diagnostics.report(DiagnosticCode.UNKNOWN_OPERATION, at,
                        "operation " + type + " is for a non-PostgreSQL source; only pg_ operations are applied");
                return;
            }
        }
        JsonValue a = args.orElseGet(JsonObject::empty);
        switch (name) {
            case "bulk", "bulk_keep_going" -> reader.array(a, type + " args").ifPresent(l -> l.elements().forEach(this::operation));
            case "bulk_atomic" -> bulkAtomic(a, type);
            case "add_source" -> addSource(a);
            case "drop_source" -> dropSource(a);
            case "track_table", "add_existing_table_or_view" -> trackTable(a);
            case "untrack_table" -> untrackTable(a);
            case "set_table_is_enum" -> withTable(a, "set_table_is_enum", (args2, t) -> t.isEnum = args2.bool("is_enum", false));
            case "create_remote_relationship", "update_remote_relationship" -> withTable(a, name, (args2, t) -> {
                args2.acceptAll();
                args2.requiredString("name").ifPresent(n -> {
                    if (name.startsWith("create") && t.remoteRelationships.contains(n)) {
                        diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args2.origin(),
                                "remote relationship " + n + " already exists on " + t.name);
                    } else if (!name.startsWith("create") && !t.remoteRelationships.contains(n)) {
                        diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args2.origin(),
                                "remote relationship " + n + " does not exist on " + t.name);
                    }
                    t.remoteRelationships.add(n);
                });
            });
            case "delete_remote_relationship" -> withTable(a, name, (args2, t) -> {
                args2.acceptAll();
                args2.requiredString("name").ifPresent(n -> {
                    if (!t.remoteRelationships.remove(n)) {
                        diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args2.origin(),
                                "remote relationship " + n + " does not exist on " + t.name);
                    }
                });
            });
            case "create_object_relationship" -> createRelationship(a, Relationship.Kind.OBJECT);
            case "create_array_relationship" -> createRelationship(a, Relationship.Kind.ARRAY);
            case "drop_relationship" -> dropRelationship(a);
            case "rename_relationship" -> renameRelationship(a);
            case "set_relationship_comment" -> setRelationshipComment(a);
            case "create_select_permission" -> createPermission(a, Operation.SELECT);
            case "create_insert_permission" -> createPermission(a, Operation.INSERT);
            case "create_update_permission" -> createPermission(a, Operation.UPDATE);
            case "create_delete_permission" -> createPermission(a, Operation.DELETE);
            case "drop_select_permission" -> dropPermission(a, Operation.SELECT);
            case "drop_insert_permission" -> dropPermission(a, Operation.INSERT);
            case "drop_update_permission" -> dropPermission(a, Operation.UPDATE);
            case "drop_delete_permission" -> dropPermission(a, Operation.DELETE);
            case "set_permission_comment" -> setPermissionComment(a);
            case "add_computed_field" -> addComputedField(a);
            case "drop_computed_field" -> dropComputedField(a);
            case "track_function" -> trackFunction(a);
            case "untrack_function" -> untrackFunction(a);
            case "set_function_customization" -> setFunctionCustomization(a);
            case "create_function_permission" -> functionPermission(a, true);
            case "drop_function_permission" -> functionPermission(a, false);
            case "track_logical_model" -> trackLogicalModel(a);
            case "untrack_logical_model" -> untrackLogicalModel(a);
            case "create_logical_model_select_permission" -> logicalModelPermission(a, true);
            case "drop_logical_model_select_permission" -> logicalModelPermission(a, false);
            case "track_native_query" -> trackNativeQuery(a);
            case "untrack_native_query" -> untrackNativeQuery(a);
            case "add_inherited_role" -> addInheritedRole(a);
            case "drop_inherited_role" -> dropInheritedRole(a);
            case "replace_metadata" -> replaceMetadata(a);
            case "clear_metadata" -> model = MetadataBuilder.from(Metadata.empty());
            default -> {
                if (NOT_PERMISSION_RELATED.contains(name)) {
                    diagnostics.report(DiagnosticCode.UNKNOWN_OPERATION, Severity.WARNING, at,
                            "operation " + type + " does not change permission metadata and is not applied");
                } else {
                    diagnostics.report(DiagnosticCode.UNKNOWN_OPERATION, at, "unknown metadata-API operation " + type);
                }
            }
        }
    }

    private void bulkAtomic(JsonValue a, String type) {
        Optional<JsonArray> ops = reader.array(a, type + " args");
        if (ops.isEmpty()) {
            return;
        }
        atomicDepth++;
        try {
            ops.get().elements().forEach(this::operation);
        } finally {
            atomicDepth--;
        }
        if (atomicDepth == 0) {
            for (SourceBuilder s : model.sources.values()) {
                reader.checkLogicalModelReferences(s.build());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ sources

    private void addSource(JsonValue a) {
        reader.object(a, "add_source args").ifPresent(args -> {
            Optional<String> name = args.requiredString("name");
            Optional<JsonValue> configuration = args.optional("configuration");
            boolean replace = args.bool("replace_configuration", false);
            args.accept("customization", "health_check");
            args.finish(false);
            name.ifPresent(n -> {
                SourceBuilder existing = model.sources.get(n);
                if (existing != null && !replace) {
                    diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args.origin(), "source " + n + " already exists");
                } else if (existing != null) {
                    existing.configuration = configuration;
                } else {
                    SourceBuilder s = new SourceBuilder(n, Source.POSTGRES, configuration, args.origin());
                    model.sources.put(n, s);
                }
            });
        });
    }

    private void dropSource(JsonValue a) {
        reader.object(a, "drop_source args").ifPresent(args -> {
            Optional<String> name = args.requiredString("name");
            args.accept("cascade");
            args.finish(false);
            name.ifPresent(n -> {
                if (model.sources.remove(n) == null) {
                    diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(), "source " + n + " does not exist");
                }
            });
        });
    }

    /** The source named in {@code args} ({@code default} when absent; created on first use, as legacy calls expect). */
    private Optional<SourceBuilder> source(Obj args) {
        String name = args.optionalString("source").orElse(Metadata.DEFAULT_SOURCE);
        SourceBuilder s = model.sources.get(name);
        if (s == null && name.equals(Metadata.DEFAULT_SOURCE)) {
            s = new SourceBuilder(name, Source.POSTGRES, Optional.empty(), args.origin());
            model.sources.put(name, s);
        }
        if (s == null) {
            diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.json().get("source").map(JsonValue::origin)
                    .orElse(args.origin()), "source with name " + name + " does not exist");
        }
        return Optional.ofNullable(s);
    }

    // ------------------------------------------------------------------------------------------------- tables

    private void trackTable(JsonValue a) {
        if (a instanceof JsonString || (a instanceof JsonObject o && o.has("name") && !o.has("table"))) {
            // Legacy /v1/query form: the args are the table name itself.
            Map<String, JsonValue> wrapped = new LinkedHashMap<>();
            wrapped.put("table", a instanceof JsonObject o2 ? withoutKeys(o2, "source") : a);
            if (a instanceof JsonObject o3 && o3.has("source")) {
                wrapped.put("source", o3.get("source").orElseThrow());
            }
            a = new JsonObject(wrapped, Map.of(), a.origin());
        }
        reader.object(a, "track_table args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<QualifiedName> table = args.required("table").flatMap(reader::tableName);
            boolean isEnum = args.bool("is_enum", false);
            Optional<JsonValue> configuration = args.optional("configuration");
            args.accept("apollo_federation_config");
            args.finish(false);
            if (s.isEmpty() || table.isEmpty()) {
                return;
            }
            if (s.get().tables.containsKey(table.get())) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args.origin(),
                        "view/table already tracked: " + table.get());
                return;
            }
            TableBuilder t = new TableBuilder(table.get(), args.origin());
            t.isEnum = isEnum;
            t.configuration = configuration;
            s.get().tables.put(table.get(), t);
        });
    }

    private void untrackTable(JsonValue a) {
        reader.object(a, "untrack_table args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<QualifiedName> table = args.required("table").flatMap(reader::tableName);
            boolean cascade = args.bool("cascade", false);
            args.finish(false);
            if (s.isEmpty() || table.isEmpty()) {
                return;
            }
            if (!s.get().tables.containsKey(table.get())) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(), "table " + table.get() + " is not tracked");
                return;
            }
            List<String> dependents = new ArrayList<>();
            for (TableBuilder other : s.get().tables.values()) {
                if (other.name.equals(table.get())) {
                    continue;
                }
                for (Map<String, Relationship> rels : List.of(other.objectRelationships, other.arrayRelationships)) {
                    rels.values().removeIf(r -> {
                        if (target(r).filter(table.get()::equals).isPresent()) {
                            dependents.add("relationship " + r.name() + " of " + other.name);
                            return cascade;
                        }
                        return false;
                    });
                }
            }
            if (!dependents.isEmpty() && !cascade) {
                diagnostics.report(DiagnosticCode.DEPENDENCY_EXISTS, args.origin(), "cannot untrack " + table.get()
                        + " because other objects depend on it: " + String.join(", ", dependents) + " (use cascade: true)");
                return;
            }
            s.get().tables.remove(table.get());
        });
    }

    private static Optional<QualifiedName> target(Relationship r) {
        if (r.using() instanceof RelationshipUsing.Manual m) {
            return Optional.of(m.remoteTable());
        }
        if (r.using() instanceof RelationshipUsing.RemoteForeignKey f) {
            return Optional.of(f.table());
        }
        return Optional.empty();
    }

    private interface TableAction {
        void apply(Obj args, TableBuilder table);
    }

    /** Runs {@code action} on the tracked table named in {@code a}; reports when it is not tracked. */
    private void withTable(JsonValue a, String what, TableAction action) {
        reader.object(a, what + " args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<QualifiedName> table = args.required("table").flatMap(reader::tableName);
            if (s.isEmpty() || table.isEmpty()) {
                return;
            }
            TableBuilder t = s.get().tables.get(table.get());
            if (t == null) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.json().get("table").orElseThrow().origin(),
                        "table " + table.get() + " is not tracked");
                return;
            }
            action.apply(args, t);
            args.finish(false);
        });
    }

    // ------------------------------------------------------------------------------------------ relationships

    private void createRelationship(JsonValue a, Relationship.Kind kind) {
        withTable(a, "create_" + kind.key() + "_relationship", (args, t) -> {
            args.acceptAll();
            reader.readRelationship(withoutKeys(args.json(), "source", "table"), kind).ifPresent(r -> {
                if (t.hasField(r.name())) {
                    diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args.origin(),
                            "relationship or computed field " + r.name() + " already exists on " + t.name);
                } else {
                    (kind == Relationship.Kind.OBJECT ? t.objectRelationships : t.arrayRelationships).put(r.name(), r);
                }
            });
        });
    }

    private void dropRelationship(JsonValue a) {
        withTable(a, "drop_relationship", (args, t) -> {
            Optional<String> name = args.requiredString("relationship");
            args.accept("cascade");
            name.ifPresent(n -> {
                if (t.objectRelationships.remove(n) == null && t.arrayRelationships.remove(n) == null) {
                    diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(),
                            "relationship " + n + " does not exist on " + t.name);
                }
            });
        });
    }

    private void renameRelationship(JsonValue a) {
        withTable(a, "rename_relationship", (args, t) -> {
            Optional<String> name = args.requiredString("name");
            Optional<String> newName = args.requiredString("new_name");
            if (name.isEmpty() || newName.isEmpty()) {
                return;
            }
            Map<String, Relationship> rels = t.objectRelationships.containsKey(name.get()) ? t.objectRelationships
                    : t.arrayRelationships.containsKey(name.get()) ? t.arrayRelationships : null;
            if (rels == null) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(),
                        "relationship " + name.get() + " does not exist on " + t.name);
            } else if (t.hasField(newName.get())) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args.origin(),
                        "relationship or computed field " + newName.get() + " already exists on " + t.name);
            } else {
                Relationship r = rels.remove(name.get());
                rels.put(newName.get(), new Relationship(r.kind(), newName.get(), r.using(), r.comment(), r.origin()));
            }
        });
    }

    private void setRelationshipComment(JsonValue a) {
        withTable(a, "set_relationship_comment", (args, t) -> {
            Optional<String> name = args.requiredString("name");
            Optional<String> comment = args.optionalText("comment");
            name.ifPresent(n -> {
                Map<String, Relationship> rels = t.objectRelationships.containsKey(n) ? t.objectRelationships
                        : t.arrayRelationships.containsKey(n) ? t.arrayRelationships : null;
                if (rels == null) {
                    diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(),
                            "relationship " + n + " does not exist on " + t.name);
                } else {
                    Relationship r = rels.get(n);
                    rels.put(n, new Relationship(r.kind(), n, r.using(), comment, r.origin()));
                }
            });
        });
    }

    // -------------------------------------------------------------------------------------------- permissions

    private void createPermission(JsonValue a, Operation op) {
        withTable(a, "create_" + op.key() + "_permission", (args, t) -> {
            args.acceptAll();
            Optional<? extends PermissionEntry<? extends Permission>> entry =
                    reader.permissionEntry(withoutKeys(args.json(), "source", "table"), op, v -> reader.readPermission(op, v));
            entry.ifPresent(e -> {
                Map<String, PermissionEntry<? extends Permission>> perms = t.permissions.get(op);
                if (perms.containsKey(e.role())) {
                    diagnostics.report(DiagnosticCode.DUPLICATE_PERMISSION, args.origin(), op.key()
                            + " permission already defined on table " + t.name + " with role " + e.role());
                } else {
                    perms.put(e.role(), e);
                }
            });
        });
    }

    private void dropPermission(JsonValue a, Operation op) {
        withTable(a, "drop_" + op.key() + "_permission", (args, t) -> {
            Optional<String> role = args.requiredString("role");
            role.ifPresent(r -> {
                if (t.permissions.get(op).remove(r) == null) {
                    diagnostics.report(DiagnosticCode.PERMISSION_NOT_FOUND, args.origin(), op.key() + " permission on \""
                            + t.name.name() + "\" for role \"" + r + "\" does not exist");
                }
            });
        });
    }

    private void setPermissionComment(JsonValue a) {
        withTable(a, "set_permission_comment", (args, t) -> {
            Optional<String> role = args.requiredString("role");
            Optional<Operation> op = args.requiredString("type").flatMap(Operation::fromKey);
            Optional<String> comment = args.optionalText("comment");
            if (role.isEmpty() || op.isEmpty()) {
                return;
            }
            Map<String, PermissionEntry<? extends Permission>> perms = t.permissions.get(op.get());
            PermissionEntry<? extends Permission> e = perms.get(role.get());
            if (e == null) {
                diagnostics.report(DiagnosticCode.PERMISSION_NOT_FOUND, args.origin(), op.get().key() + " permission on \""
                        + t.name.name() + "\" for role \"" + role.get() + "\" does not exist");
            } else {
                perms.put(role.get(), withComment(e, comment));
            }
        });
    }

    private static <P extends Permission> PermissionEntry<P> withComment(PermissionEntry<P> e, Optional<String> comment) {
        return new PermissionEntry<>(e.role(), e.permission(), comment, e.origin());
    }

    // ---------------------------------------------------------------------------------------- computed fields

    private void addComputedField(JsonValue a) {
        withTable(a, "add_computed_field", (args, t) -> {
            args.acceptAll();
            reader.readComputedField(withoutKeys(args.json(), "source", "table")).ifPresent(c -> {
                if (t.hasField(c.name())) {
                    diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args.origin(),
                            "relationship or computed field " + c.name() + " already exists on " + t.name);
                } else {
                    t.computedFields.put(c.name(), c);
                }
            });
        });
    }

    private void dropComputedField(JsonValue a) {
        withTable(a, "drop_computed_field", (args, t) -> {
            Optional<String> name = args.requiredString("name");
            args.accept("cascade");
            name.ifPresent(n -> {
                if (t.computedFields.remove(n) == null) {
                    diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(),
                            "computed field " + n + " does not exist on " + t.name);
                }
            });
        });
    }

    // ---------------------------------------------------------------------------------------------- functions

    private void trackFunction(JsonValue a) {
        reader.object(a, "track_function args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<QualifiedName> name;
            Optional<JsonValue> configuration = Optional.empty();
            if (args.json().has("function")) {
                name = args.required("function").flatMap(reader::tableName);
                configuration = args.optional("configuration");
                configuration.ifPresent(reader::checkFunctionConfiguration);
                args.accept("comment");
            } else {
                args.accept("schema", "name");
                name = reader.tableName(withoutKeys(args.json(), "source"));
            }
            args.finish(false);
            if (s.isEmpty() || name.isEmpty()) {
                return;
            }
            if (s.get().functions.containsKey(name.get())) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args.origin(), "function already tracked: " + name.get());
            } else {
                s.get().functions.put(name.get(), new FunctionMetadata(name.get(), configuration, List.of(), args.origin()));
            }
        });
    }

    private void untrackFunction(JsonValue a) {
        reader.object(a, "untrack_function args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<QualifiedName> name;
            if (args.json().has("function")) {
                name = args.required("function").flatMap(reader::tableName);
            } else {
                args.accept("schema", "name");
                name = reader.tableName(withoutKeys(args.json(), "source"));
            }
            args.finish(false);
            if (s.isPresent() && name.isPresent() && s.get().functions.remove(name.get()) == null) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(), "function " + name.get() + " is not tracked");
            }
        });
    }

    /**
     * {@code pg_set_function_customization}: replaces the function's whole configuration (Hasura's
     * {@code runSetFunctionCustomization} in {@code Hasura/Function/API.hs}), which includes {@code session_argument}
     * and {@code exposed_as}, so it can change who may call the function.
     */
    private void setFunctionCustomization(JsonValue a) {
        reader.object(a, "set_function_customization args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<QualifiedName> name = args.required("function").flatMap(reader::tableName);
            Optional<JsonValue> configuration = args.required("configuration");
            configuration.ifPresent(reader::checkFunctionConfiguration);
            args.finish(false);
            if (s.isEmpty() || name.isEmpty() || configuration.isEmpty()) {
                return;
            }
            FunctionMetadata f = s.get().functions.get(name.get());
            if (f == null) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(), "function " + name.get() + " is not tracked");
                return;
            }
            s.get().functions.put(name.get(), new FunctionMetadata(f.function(), configuration, f.permissions(),
                    f.origin()));
        });
    }

    private void functionPermission(JsonValue a, boolean create) {
        reader.object(a, "function permission args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<QualifiedName> name = args.required("function").flatMap(reader::tableName);
            Optional<String> role = args.requiredString("role");
            args.finish(false);
            if (s.isEmpty() || name.isEmpty() || role.isEmpty()) {
                return;
            }
            FunctionMetadata f = s.get().functions.get(name.get());
            if (f == null) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(), "function " + name.get() + " is not tracked");
                return;
            }
            List<String> roles = new ArrayList<>(f.permissions());
            if (create) {
                if (reader.isAdmin(role.get(), args.origin())) {
                    return;
                }
                if (roles.contains(role.get())) {
                    diagnostics.report(DiagnosticCode.DUPLICATE_PERMISSION, args.origin(),
                            "function permission for role " + role.get() + " already exists on " + name.get());
                    return;
                }
                roles.add(role.get());
            } else if (!roles.remove(role.get())) {
                diagnostics.report(DiagnosticCode.PERMISSION_NOT_FOUND, args.origin(),
                        "function permission for role " + role.get() + " does not exist on " + name.get());
                return;
            }
            s.get().functions.put(name.get(), new FunctionMetadata(f.function(), f.configuration(), roles, f.origin()));
        });
    }

    // ----------------------------------------------------------------------------------------- logical models

    private void trackLogicalModel(JsonValue a) {
        reader.object(a, "track_logical_model args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            args.acceptAll();
            args.finish(false);
            Optional<LogicalModel> m = reader.readLogicalModel(withoutKeys(args.json(), "source"));
            if (s.isEmpty() || m.isEmpty()) {
                return;
            }
            if (s.get().logicalModels.containsKey(m.get().name())) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args.origin(),
                        "logical model " + m.get().name() + " is already tracked");
                return;
            }
            s.get().logicalModels.put(m.get().name(), m.get());
            if (atomicDepth == 0) {
                int before = diagnostics.errorCount();
                reader.checkLogicalModelReferences(s.get().build());
                if (diagnostics.errorCount() > before) {
                    s.get().logicalModels.remove(m.get().name());
                }
            }
        });
    }

    private void untrackLogicalModel(JsonValue a) {
        reader.object(a, "untrack_logical_model args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<String> name = args.requiredString("name");
            args.finish(false);
            if (s.isEmpty() || name.isEmpty()) {
                return;
            }
            if (!s.get().logicalModels.containsKey(name.get())) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(), "logical model " + name.get() + " is not tracked");
                return;
            }
            List<String> users = new ArrayList<>();
            s.get().nativeQueries.values().stream().filter(q -> q.returns().equals(name.get()))
                    .forEach(q -> users.add("native query " + q.rootFieldName()));
            if (!users.isEmpty() && atomicDepth == 0) {
                diagnostics.report(DiagnosticCode.DEPENDENCY_EXISTS, args.origin(), "cannot untrack logical model "
                        + name.get() + " because it is used by " + String.join(", ", users));
                return;
            }
            s.get().logicalModels.remove(name.get());
        });
    }

    private void logicalModelPermission(JsonValue a, boolean create) {
        reader.object(a, "logical model permission args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<String> name = args.requiredString("name");
            args.accept("role", "permission", "comment", "type");
            if (create) {
                args.acceptAll();
            }
            if (s.isEmpty() || name.isEmpty()) {
                args.finish(false);
                return;
            }
            LogicalModel m = s.get().logicalModels.get(name.get());
            if (m == null) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(), "logical model " + name.get() + " is not tracked");
                args.finish(false);
                return;
            }
            List<PermissionEntry<SelectPermission>> perms = new ArrayList<>(m.selectPermissions());
            if (create) {
                Optional<PermissionEntry<SelectPermission>> e = reader.permissionEntry(
                        withoutKeys(args.json(), "source", "name", "type"), Operation.SELECT, reader::readSelectPermission);
                args.finish(false);
                if (e.isEmpty()) {
                    return;
                }
                if (perms.stream().anyMatch(p -> p.role().equals(e.get().role()))) {
                    diagnostics.report(DiagnosticCode.DUPLICATE_PERMISSION, args.origin(), "select permission already "
                            + "defined on logical model " + m.name() + " with role " + e.get().role());
                    return;
                }
                perms.add(e.get());
            } else {
                Optional<String> role = args.requiredString("role");
                args.finish(false);
                if (role.isEmpty()) {
                    return;
                }
                if (!perms.removeIf(p -> p.role().equals(role.get()))) {
                    diagnostics.report(DiagnosticCode.PERMISSION_NOT_FOUND, args.origin(), "select permission on logical "
                            + "model \"" + m.name() + "\" for role \"" + role.get() + "\" does not exist");
                    return;
                }
            }
            s.get().logicalModels.put(m.name(), new LogicalModel(m.name(), m.fields(), m.description(), perms, m.origin()));
        });
    }

    private void trackNativeQuery(JsonValue a) {
        reader.object(a, "track_native_query args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            args.acceptAll();
            args.finish(false);
            Optional<NativeQuery> q = reader.readNativeQuery(withoutKeys(args.json(), "source"));
            if (s.isEmpty() || q.isEmpty()) {
                return;
            }
            if (s.get().nativeQueries.containsKey(q.get().rootFieldName())) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, args.origin(),
                        "native query " + q.get().rootFieldName() + " is already tracked");
                return;
            }
            if (atomicDepth == 0 && !s.get().logicalModels.containsKey(q.get().returns())) {
                diagnostics.report(DiagnosticCode.UNKNOWN_LOGICAL_MODEL, q.get().origin(), "native query "
                        + q.get().rootFieldName() + " returns logical model " + q.get().returns() + ", which is not defined");
                return;
            }
            s.get().nativeQueries.put(q.get().rootFieldName(), q.get());
        });
    }

    private void untrackNativeQuery(JsonValue a) {
        reader.object(a, "untrack_native_query args").ifPresent(args -> {
            Optional<SourceBuilder> s = source(args);
            Optional<String> name = args.requiredString("root_field_name");
            args.finish(false);
            if (s.isPresent() && name.isPresent() && s.get().nativeQueries.remove(name.get()) == null) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(), "native query " + name.get() + " is not tracked");
            }
        });
    }

    // ---------------------------------------------------------------------------------------- inherited roles

    private void addInheritedRole(JsonValue a) {
        reader.readInheritedRole(a).ifPresent(r -> {
            if (model.inheritedRoles.containsKey(r.roleName())) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DEFINITION, r.origin(),
                        "inherited role " + r.roleName() + " already exists");
            } else {
                model.inheritedRoles.put(r.roleName(), r);
            }
        });
    }

    private void dropInheritedRole(JsonValue a) {
        reader.object(a, "drop_inherited_role args").ifPresent(args -> {
            Optional<String> name = args.requiredString("role_name");
            args.finish(false);
            if (name.isPresent() && model.inheritedRoles.remove(name.get()) == null) {
                diagnostics.report(DiagnosticCode.OBJECT_NOT_FOUND, args.origin(),
                        "inherited role " + name.get() + " does not exist");
            }
        });
    }

    private void replaceMetadata(JsonValue a) {
        JsonValue doc = a;
        if (a instanceof JsonObject o && o.has("metadata")) {
            Optional<Obj> args = reader.object(a, "replace_metadata args");
            doc = args.flatMap(x -> x.required("metadata")).orElse(null);
            args.ifPresent(x -> {
                x.accept("allow_inconsistent_metadata", "allow_warnings");
                x.finish(false);
            });
            if (doc == null) {
                return;
            }
        }
        model = MetadataBuilder.from(reader.readDocument(doc));
    }

    // ---------------------------------------------------------------------------------------------- builders

    private static JsonObject withoutKeys(JsonObject o, String... keys) {
        Map<String, JsonValue> m = new LinkedHashMap<>(o.members());
        Map<String, Origin> ko = new LinkedHashMap<>(o.keyOrigins());
        for (String k : keys) {
            m.remove(k);
            ko.remove(k);
        }
        return new JsonObject(m, ko, o.origin());
    }

    /** Mutable metadata, for applying operations. */
    static final class MetadataBuilder {
        final Map<String, SourceBuilder> sources = new LinkedHashMap<>();
        final Map<String, InheritedRole> inheritedRoles = new LinkedHashMap<>();

        static MetadataBuilder from(Metadata m) {
            MetadataBuilder b = new MetadataBuilder();
            for (Source s : m.sources()) {
                SourceBuilder sb = new SourceBuilder(s.name(), s.kind(), s.configuration(), s.origin());
                s.tables().forEach(t -> sb.tables.put(t.table(), TableBuilder.from(t)));
                s.functions().forEach(f -> sb.functions.put(f.function(), f));
                s.logicalModels().forEach(lm -> sb.logicalModels.put(lm.name(), lm));
                s.nativeQueries().forEach(q -> sb.nativeQueries.put(q.rootFieldName(), q));
                b.sources.put(s.name(), sb);
            }
            m.inheritedRoles().forEach(r -> b.inheritedRoles.put(r.roleName(), r));
            return b;
        }

        Metadata build() {
            return new Metadata(sources.values().stream().map(SourceBuilder::build).toList(),
                    List.copyOf(inheritedRoles.values()));
        }
    }

    static final class SourceBuilder {
        final String name;
        final String kind;
        Optional<JsonValue> configuration;
        final Origin origin;
        final Map<QualifiedName, TableBuilder> tables = new LinkedHashMap<>();
        final Map<QualifiedName, FunctionMetadata> functions = new LinkedHashMap<>();
        final Map<String, LogicalModel> logicalModels = new LinkedHashMap<>();
        final Map<String, NativeQuery> nativeQueries = new LinkedHashMap<>();

        SourceBuilder(String name, String kind, Optional<JsonValue> configuration, Origin origin) {
            this.name = name;
            this.kind = kind;
            this.configuration = configuration;
            this.origin = origin;
        }

        Source build() {
            return new Source(name, kind, tables.values().stream().map(TableBuilder::build).toList(),
                    List.copyOf(functions.values()), List.copyOf(logicalModels.values()),
                    List.copyOf(nativeQueries.values()), configuration, origin);
        }
    }

    static final class TableBuilder {
        final QualifiedName name;
        final Origin origin;
        boolean isEnum;
        Optional<JsonValue> configuration = Optional.empty();
        final Map<String, Relationship> objectRelationships = new LinkedHashMap<>();
        final Map<String, Relationship> arrayRelationships = new LinkedHashMap<>();
        final Map<String, ComputedField> computedFields = new LinkedHashMap<>();
        final Set<String> remoteRelationships = new java.util.LinkedHashSet<>();
        final Map<Operation, Map<String, PermissionEntry<? extends Permission>>> permissions = new EnumMap<>(Operation.class);

        TableBuilder(QualifiedName name, Origin origin) {
            this.name = name;
            this.origin = origin;
            for (Operation op : Operation.values()) {
                permissions.put(op, new LinkedHashMap<>());
            }
        }

        static TableBuilder from(TableMetadata t) {
            TableBuilder b = new TableBuilder(t.table(), t.origin());
            b.isEnum = t.isEnum();
            b.configuration = t.configuration();
            t.objectRelationships().forEach(r -> b.objectRelationships.put(r.name(), r));
            t.arrayRelationships().forEach(r -> b.arrayRelationships.put(r.name(), r));
            t.computedFields().forEach(c -> b.computedFields.put(c.name(), c));
            b.remoteRelationships.addAll(t.remoteRelationships());
            for (Operation op : Operation.values()) {
                t.permissions(op).forEach(p -> b.permissions.get(op).put(p.role(), p));
            }
            return b;
        }

        boolean hasField(String field) {
            return objectRelationships.containsKey(field) || arrayRelationships.containsKey(field)
                    || computedFields.containsKey(field);
        }

        @SuppressWarnings("unchecked")
        private <P extends Permission> List<PermissionEntry<P>> perms(Operation op) {
            List<PermissionEntry<P>> out = new ArrayList<>();
            permissions.get(op).values().forEach(e -> out.add((PermissionEntry<P>) e));
            return out;
        }

        TableMetadata build() {
            return new TableMetadata(name, isEnum, configuration, List.copyOf(objectRelationships.values()),
                    List.copyOf(arrayRelationships.values()), List.copyOf(computedFields.values()),
                    perms(Operation.SELECT), perms(Operation.INSERT), perms(Operation.UPDATE), perms(Operation.DELETE),
                    origin, List.copyOf(remoteRelationships));
        }
    }

    static String describe(JsonValue v) {
        return BoolExpParser.describe(v);
    }
}

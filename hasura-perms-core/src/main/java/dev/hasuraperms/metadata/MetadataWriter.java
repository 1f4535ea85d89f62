package dev.hasuraperms.metadata;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a {@link Metadata} model in Hasura's exported-metadata shape (version 3). Deterministic: lists keep the
 * model's order; empty optional lists and default values are left out, as Hasura's export does.
 */
public final class MetadataWriter {

    private MetadataWriter() {
    }

    /**
     * {@return the model as an exported-metadata JSON tree}
     *
     * @param metadata the metadata; never null
     */
    public static JsonObject toJson(Metadata metadata) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("version", JsonNumber.of(3));
        m.put("sources", array(metadata.sources(), MetadataWriter::source));
        if (!metadata.inheritedRoles().isEmpty()) {
            m.put("inherited_roles", array(metadata.inheritedRoles(), r -> obj(
                    "role_name", str(r.roleName()),
                    "role_set", strings(r.roleSet()))));
        }
        return JsonObject.of(m);
    }

    /**
     * {@return the model as pretty-printed exported-metadata JSON text}
     *
     * @param metadata the metadata; never null
     */
    public static String toJsonText(Metadata metadata) {
        return JsonWriter.pretty(toJson(metadata));
    }

    private static JsonValue source(Source s) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("name", str(s.name()));
        m.put("kind", str(s.kind()));
        m.put("tables", array(s.tables(), MetadataWriter::table));
        putList(m, "functions", s.functions(), MetadataWriter::function);
        putList(m, "logical_models", s.logicalModels(), MetadataWriter::logicalModel);
        putList(m, "native_queries", s.nativeQueries(), MetadataWriter::nativeQuery);
        s.configuration().ifPresent(c -> m.put("configuration", c));
        return JsonObject.of(m);
    }

    private static JsonValue table(TableMetadata t) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("table", name(t.table()));
        if (t.isEnum()) {
            m.put("is_enum", JsonBoolean.of(true));
        }
        t.configuration().ifPresent(c -> m.put("configuration", c));
        putList(m, "object_relationships", t.objectRelationships(), MetadataWriter::relationship);
        putList(m, "array_relationships", t.arrayRelationships(), MetadataWriter::relationship);
        putList(m, "computed_fields", t.computedFields(), MetadataWriter::computedField);
        putList(m, "insert_permissions", t.insertPermissions(), MetadataWriter::entry);
        putList(m, "select_permissions", t.selectPermissions(), MetadataWriter::entry);
        putList(m, "update_permissions", t.updatePermissions(), MetadataWriter::entry);
        putList(m, "delete_permissions", t.deletePermissions(), MetadataWriter::entry);
        return JsonObject.of(m);
    }

    /**
     * {@return a table or function name in the object form}
     *
     * @param n the name; never null
     */
    public static JsonValue name(QualifiedName n) {
        return obj("name", str(n.name()), "schema", str(n.schema()));
    }

    private static JsonValue relationship(Relationship r) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("name", str(r.name()));
        m.put("using", using(r.using()));
        r.comment().ifPresent(c -> m.put("comment", str(c)));
        return JsonObject.of(m);
    }

    private static JsonValue using(RelationshipUsing u) {
        if (u instanceof RelationshipUsing.ForeignKeyColumns f) {
            return obj("foreign_key_constraint_on", f.columns().size() == 1 ? str(f.columns().get(0)) : strings(f.columns()));
        }
        if (u instanceof RelationshipUsing.RemoteForeignKey f) {
            Map<String, JsonValue> fk = new LinkedHashMap<>();
            if (f.columns().size() == 1) {
                fk.put("column", str(f.columns().get(0)));
            } else {
                fk.put("columns", strings(f.columns()));
            }
            fk.put("table", name(f.table()));
            return obj("foreign_key_constraint_on", JsonObject.of(fk));
        }
        RelationshipUsing.Manual man = (RelationshipUsing.Manual) u;
        Map<String, JsonValue> mc = new LinkedHashMap<>();
        Map<String, JsonValue> mapping = new LinkedHashMap<>();
        man.columnMapping().forEach((k, v) -> mapping.put(k, str(v)));
        mc.put("column_mapping", JsonObject.of(mapping));
        man.insertionOrder().ifPresent(o -> mc.put("insertion_order", str(o.key())));
        mc.put("remote_table", name(man.remoteTable()));
        return obj("manual_configuration", JsonObject.of(mc));
    }

    private static JsonValue computedField(ComputedField c) {
        Map<String, JsonValue> def = new LinkedHashMap<>();
        def.put("function", name(c.function()));
        c.tableArgument().ifPresent(a -> def.put("table_argument", str(a)));
        c.sessionArgument().ifPresent(a -> def.put("session_argument", str(a)));
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("name", str(c.name()));
        m.put("definition", JsonObject.of(def));
        c.comment().ifPresent(x -> m.put("comment", str(x)));
        return JsonObject.of(m);
    }

    private static JsonValue entry(PermissionEntry<? extends Permission> e) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("role", str(e.role()));
        m.put("permission", permission(e.permission()));
        e.comment().ifPresent(c -> m.put("comment", str(c)));
        return JsonObject.of(m);
    }

    /**
     * {@return one permission object in Hasura's JSON shape}
     *
     * @param p the permission; never null
     */
    public static JsonValue permission(Permission p) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        if (p instanceof SelectPermission s) {
            m.put("columns", columns(s.columns()));
            if (!s.computedFields().isEmpty()) {
                m.put("computed_fields", strings(s.computedFields()));
            }
            m.put("filter", s.filter().toJson());
            s.limit().ifPresent(l -> m.put("limit", JsonNumber.of(l)));
            if (s.allowAggregations()) {
                m.put("allow_aggregations", JsonBoolean.of(true));
            }
            s.queryRootFields().ifPresent(r -> m.put("query_root_fields", rootFields(r)));
            s.subscriptionRootFields().ifPresent(r -> m.put("subscription_root_fields", rootFields(r)));
        } else if (p instanceof InsertPermission i) {
            m.put("check", i.check().toJson());
            if (!i.set().isEmpty()) {
                m.put("set", presets(i.set()));
            }
            m.put("columns", columns(i.columns()));
            if (i.backendOnly()) {
                m.put("backend_only", JsonBoolean.of(true));
            }
            i.validateInput().ifPresent(v -> m.put("validate_input", v.json()));
        } else if (p instanceof UpdatePermission u) {
            m.put("columns", columns(u.columns()));
            m.put("filter", u.filter().toJson());
            u.check().ifPresent(c -> m.put("check", c.toJson()));
            if (!u.set().isEmpty()) {
                m.put("set", presets(u.set()));
            }
            if (u.backendOnly()) {
                m.put("backend_only", JsonBoolean.of(true));
            }
            u.validateInput().ifPresent(v -> m.put("validate_input", v.json()));
        } else {
            DeletePermission d = (DeletePermission) p;
            m.put("filter", d.filter().toJson());
            if (d.backendOnly()) {
                m.put("backend_only", JsonBoolean.of(true));
            }
            d.validateInput().ifPresent(v -> m.put("validate_input", v.json()));
        }
        return JsonObject.of(m);
    }

    private static JsonValue columns(ColumnSet c) {
        return c instanceof ColumnSet.Listed l ? strings(l.columns()) : str("*");
    }

    private static JsonValue rootFields(List<RootField> fields) {
        return JsonArray.of(fields.stream().map(f -> str(f.key())).toList());
    }

    private static JsonValue presets(Map<String, Preset> set) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        set.forEach((k, v) -> m.put(k, v instanceof Preset.Literal l ? l.value()
                : str(((Preset.FromSession) v).variable().name())));
        return JsonObject.of(m);
    }

    private static JsonValue function(FunctionMetadata f) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("function", name(f.function()));
        f.configuration().ifPresent(c -> m.put("configuration", c));
        if (!f.permissions().isEmpty()) {
            m.put("permissions", JsonArray.of(f.permissions().stream().map(r -> obj("role", str(r))).toList()));
        }
        return JsonObject.of(m);
    }

    private static JsonValue logicalModel(LogicalModel lm) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("name", str(lm.name()));
        List<JsonValue> fields = new ArrayList<>();
        for (LogicalModelField f : lm.fields()) {
            Map<String, JsonValue> fm = new LinkedHashMap<>();
            fm.put("name", str(f.name()));
            fm.put("type", type(f.type()));
            f.description().ifPresent(d -> fm.put("description", str(d)));
            fields.add(JsonObject.of(fm));
        }
        m.put("fields", JsonArray.of(fields));
        lm.description().ifPresent(d -> m.put("description", str(d)));
        putList(m, "select_permissions", lm.selectPermissions(), MetadataWriter::entry);
        return JsonObject.of(m);
    }

    private static JsonValue type(LogicalModelType t) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        if (t instanceof LogicalModelType.Scalar s) {
            m.put("scalar", str(s.type()));
        } else if (t instanceof LogicalModelType.ArrayOf a) {
            m.put("array", type(a.element()));
        } else {
            m.put("logical_model", str(((LogicalModelType.ModelRef) t).logicalModel()));
        }
        m.put("nullable", JsonBoolean.of(t.nullable()));
        return JsonObject.of(m);
    }

    private static JsonValue nativeQuery(NativeQuery q) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("root_field_name", str(q.rootFieldName()));
        m.put("code", str(q.code()));
        if (!q.arguments().isEmpty()) {
            Map<String, JsonValue> args = new LinkedHashMap<>();
            q.arguments().forEach((k, a) -> {
                Map<String, JsonValue> am = new LinkedHashMap<>();
                am.put("type", str(a.type()));
                am.put("nullable", JsonBoolean.of(a.nullable()));
                a.description().ifPresent(d -> am.put("description", str(d)));
                args.put(k, JsonObject.of(am));
            });
            m.put("arguments", JsonObject.of(args));
        }
        m.put("returns", str(q.returns()));
        q.description().ifPresent(d -> m.put("description", str(d)));
        return JsonObject.of(m);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static <T> void putList(Map<String, JsonValue> m, String key, List<T> items, Function<T, JsonValue> f) {
        if (!items.isEmpty()) {
            m.put(key, array(items, f));
        }
    }

    private static <T> JsonArray array(List<T> items, Function<T, JsonValue> f) {
        return JsonArray.of(items.stream().map(f).toList());
    }

    private static JsonString str(String s) {
        return JsonString.of(s);
    }

    private static JsonArray strings(List<String> items) {
        return JsonArray.of(items.stream().map(JsonString::of).toList());
    }

    private static JsonObject obj(Object... kv) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (JsonValue) kv[i + 1]);
        }
        return JsonObject.of(m);
    }

}

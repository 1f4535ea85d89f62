package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Relationship;
import dev.hasuraperms.metadata.RelationshipUsing;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The relationships of a checked source as a client cache needs them: per tracked table its GraphQL type name, and per
 * relationship its field name, object or array, the target's type name and the (local field, remote field) pairs —
 * all in Hasura's GraphQL names ({@link GraphQLNames}), taken from the checker's resolved relationships (nothing is
 * resolved again). Types are sorted by type name, relationships by field name; the pairs of a foreign key are in
 * constraint order, those of a manual configuration as written.
 *
 * @param source the source's name
 * @param types one entry per tracked table, in order
 */
public record RelationshipModel(String source, List<TypeRelationships> types) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param source the source's name
     * @param types one entry per tracked table, in order
     * @throws NullPointerException when a component is null
     */
    public RelationshipModel {
        Objects.requireNonNull(source, "source");
        types = List.copyOf(types);
    }

    /**
     * A tracked table: its SQL name, GraphQL type name and relationship fields.
     *
     * @param table the table
     * @param typeName its GraphQL type name
     * @param relationships its relationship fields, in order
     */
    public record TypeRelationships(QualifiedName table, String typeName, List<RelationshipField> relationships) {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param table the table
         * @param typeName its GraphQL type name
         * @param relationships its relationship fields, in order
         * @throws NullPointerException when a component is null
         */
        public TypeRelationships {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(typeName, "typeName");
            relationships = List.copyOf(relationships);
        }
    }

    /**
     * One relationship field.
     *
     * @param foreignKey     the constraint it comes from; empty for a manual configuration
     * @param insertionOrder a manual configuration's {@code insertion_order}, where given
     * @param name the field's GraphQL name
     * @param array true for an array relationship, false for an object relationship
     * @param target the related table
     * @param targetType the related table's GraphQL type name
     * @param mapping the joined fields, in order
     */
    public record RelationshipField(String name, boolean array, QualifiedName target, String targetType,
                                    List<FieldPair> mapping, Optional<String> foreignKey,
                                    Optional<RelationshipUsing.InsertionOrder> insertionOrder) {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param name the field's GraphQL name
         * @param array true for an array relationship, false for an object relationship
         * @param target the related table
         * @param targetType the related table's GraphQL type name
         * @param mapping the joined fields, in order
         * @param foreignKey the constraint it comes from; empty for a manual configuration
         * @param insertionOrder a manual configuration's {@code insertion_order}, where given
         * @throws NullPointerException when a component is null
         */
        public RelationshipField {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(targetType, "targetType");
            mapping = List.copyOf(mapping);
            Objects.requireNonNull(foreignKey, "foreignKey");
            Objects.requireNonNull(insertionOrder, "insertionOrder");
        }
    }

    /**
     * A (local field, remote field) pair, in GraphQL names; the SQL columns behind them too.
     *
     * @param local the local field's GraphQL name
     * @param remote the remote field's GraphQL name
     * @param localColumn the local SQL column
     * @param remoteColumn the remote SQL column
     */
    public record FieldPair(String local, String remote, String localColumn, String remoteColumn) {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param local the local field's GraphQL name
         * @param remote the remote field's GraphQL name
         * @param localColumn the local SQL column
         * @param remoteColumn the remote SQL column
         * @throws NullPointerException when a component is null
         */
        public FieldPair {
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(localColumn, "localColumn");
            Objects.requireNonNull(remoteColumn, "remoteColumn");
        }
    }

    /**
     * {@return the model of {@code permissions}} A type, field or column name that is not a GraphQL name is an
     * {@link DiagnosticCode#INVALID_GRAPHQL_NAME} error, reported with Hasura's message.
     *
     * @param permissions the checked permissions; never null
     * @throws DiagnosticException if a name is not a GraphQL name
     */
    public static RelationshipModel of(CheckedPermissions permissions) {
        Diagnostics d = new Diagnostics();
        Map<QualifiedName, TableMetadata> metadata = new LinkedHashMap<>();
        for (TableMetadata t : permissions.source().tables()) {
            metadata.put(t.table(), t);
        }
        List<TypeRelationships> types = new ArrayList<>();
        for (ResolvedTable rt : permissions.tables().values()) {
            TableMetadata tm = metadata.getOrDefault(rt.name(), TableMetadata.of(rt.name()));
            String typeName = typeName(tm, d);
            List<RelationshipField> fields = new ArrayList<>();
            for (ResolvedRelationship r : rt.relationships().values()) {
                Relationship declared = tm.relationship(r.name()).orElseThrow();
                Origin origin = declared.origin();
                if (!GraphQLNames.isValid(r.name())) {
                    d.report(DiagnosticCode.INVALID_GRAPHQL_NAME, origin, cannotInclude(r.name()));
                }
                TableMetadata target = metadata.getOrDefault(r.target(), TableMetadata.of(r.target()));
                List<FieldPair> pairs = new ArrayList<>();
                for (ResolvedRelationship.ColumnPair p : r.mapping()) {
                    pairs.add(new FieldPair(columnName(tm, p.local(), d), columnName(target, p.remote(), d),
                            p.local(), p.remote()));
                }
                Optional<RelationshipUsing.InsertionOrder> order = declared.using() instanceof RelationshipUsing.Manual m
                        ? m.insertionOrder() : Optional.empty();
                fields.add(new RelationshipField(r.name(), r.array(), r.target(), GraphQLNames.tableName(target), pairs,
                        r.foreignKey(), order));
            }
            fields.sort(Comparator.comparing(RelationshipField::name));
            types.add(new TypeRelationships(rt.name(), typeName, fields));
        }
        types.sort(Comparator.comparing(TypeRelationships::typeName).thenComparing(TypeRelationships::table));
        d.throwIfErrors("a name is not a valid GraphQL name");
        return new RelationshipModel(permissions.source().name(), types);
    }

    private static String typeName(TableMetadata t, Diagnostics d) {
        String name = GraphQLNames.tableName(t);
        if (!GraphQLNames.isValid(name)) {
            d.report(DiagnosticCode.INVALID_GRAPHQL_NAME, t.origin(), "cannot include " + quote(t.table().toString())
                    + " in the GraphQL schema because " + quote(name) + " is not a valid GraphQL identifier");
        }
        return name;
    }

    private static String columnName(TableMetadata t, String column, Diagnostics d) {
        String name = GraphQLNames.columnName(t, column);
        if (!GraphQLNames.isValid(name)) {
            d.report(DiagnosticCode.INVALID_GRAPHQL_NAME, t.origin(), cannotInclude(name) + " (column " + column
                    + " of " + t.table() + ")");
        }
        return name;
    }

    private static String cannotInclude(String name) {
        return "cannot include " + quote(name) + " in the GraphQL schema because it is not a valid GraphQL identifier";
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    /**
     * {@return the type called {@code typeName}}
     *
     * @param typeName the GraphQL type name; never null
     */
    public Optional<TypeRelationships> type(String typeName) {
        return types.stream().filter(t -> t.typeName().equals(typeName)).findFirst();
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /**
     * {@return this model as JSON: {@code {source, types: [{table: {schema, name}, type, relationships: [{name, kind,
     * target: {schema, name}, targetType, mapping: [{local, remote, localColumn, remoteColumn}], foreignKey | manual,
     * insertionOrder?}]}]}}}
     */
    public JsonObject toJson() {
        List<JsonValue> ts = new ArrayList<>();
        for (TypeRelationships t : types) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("table", table(t.table()));
            o.put("type", JsonString.of(t.typeName()));
            List<JsonValue> rs = new ArrayList<>();
            for (RelationshipField r : t.relationships()) {
                Map<String, JsonValue> ro = new LinkedHashMap<>();
                ro.put("name", JsonString.of(r.name()));
                ro.put("kind", JsonString.of(r.array() ? "array" : "object"));
                ro.put("target", table(r.target()));
                ro.put("targetType", JsonString.of(r.targetType()));
                ro.put("mapping", mapping(r, true));
                ro.put("foreignKey", r.foreignKey().<JsonValue>map(JsonString::of).orElse(JsonNull.INSTANCE));
                ro.put("manual", dev.hasuraperms.json.JsonBoolean.of(r.foreignKey().isEmpty()));
                ro.put("insertionOrder", r.insertionOrder().<JsonValue>map(i -> JsonString.of(i.key()))
                        .orElse(JsonNull.INSTANCE));
                rs.add(JsonObject.of(ro));
            }
            o.put("relationships", JsonArray.of(rs));
            ts.add(JsonObject.of(o));
        }
        Map<String, JsonValue> root = new LinkedHashMap<>();
        root.put("source", JsonString.of(source));
        root.put("types", JsonArray.of(ts));
        return JsonObject.of(root);
    }

    /**
     * {@return this model in the shape of a GraphQL introspection result, as urql's Hasura resolver (seed 001) walks it:
     * {@code {__schema: {types: [{kind: OBJECT, name, fields: [{name, type, relationship: {kind, localFields,
     * remoteFields, mapping}}]}]}}}} An array relationship's type is {@code [T!]!}; an object relationship's is
     * {@code T} (nullable: whether Hasura makes it non-null is not modelled).
     */
    public JsonObject toUrqlJson() {
        List<JsonValue> ts = new ArrayList<>();
        for (TypeRelationships t : types) {
            List<JsonValue> fs = new ArrayList<>();
            for (RelationshipField r : t.relationships()) {
                JsonValue type = typeRef("OBJECT", r.targetType(), null);
                if (r.array()) {
                    type = typeRef("NON_NULL", null, typeRef("LIST", null, typeRef("NON_NULL", null, type)));
                }
                Map<String, JsonValue> rel = new LinkedHashMap<>();
                rel.put("kind", JsonString.of(r.array() ? "array" : "object"));
                rel.put("localFields", JsonArray.of(r.mapping().stream().map(p -> (JsonValue) JsonString.of(p.local())).toList()));
                rel.put("remoteFields", JsonArray.of(r.mapping().stream().map(p -> (JsonValue) JsonString.of(p.remote())).toList()));
                rel.put("mapping", mapping(r, false));
                Map<String, JsonValue> f = new LinkedHashMap<>();
                f.put("name", JsonString.of(r.name()));
                f.put("args", JsonArray.of(List.of()));
                f.put("type", type);
                f.put("relationship", JsonObject.of(rel));
                fs.add(JsonObject.of(f));
            }
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("kind", JsonString.of("OBJECT"));
            o.put("name", JsonString.of(t.typeName()));
            o.put("fields", JsonArray.of(fs));
            ts.add(JsonObject.of(o));
        }
        return JsonObject.of(Map.of("__schema", JsonObject.of(Map.of("types", JsonArray.of(ts)))));
    }

    private static JsonValue typeRef(String kind, String name, JsonValue ofType) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("kind", JsonString.of(kind));
        m.put("name", name == null ? JsonNull.INSTANCE : JsonString.of(name));
        m.put("ofType", ofType == null ? JsonNull.INSTANCE : ofType);
        return JsonObject.of(m);
    }

    private static JsonArray mapping(RelationshipField r, boolean columns) {
        List<JsonValue> ps = new ArrayList<>();
        for (FieldPair p : r.mapping()) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("localField", JsonString.of(p.local()));
            m.put("remoteField", JsonString.of(p.remote()));
            if (columns) {
                m.put("localColumn", JsonString.of(p.localColumn()));
                m.put("remoteColumn", JsonString.of(p.remoteColumn()));
            }
            ps.add(JsonObject.of(m));
        }
        return JsonArray.of(ps);
    }

    private static JsonObject table(QualifiedName n) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("schema", JsonString.of(n.schema()));
        m.put("name", JsonString.of(n.name()));
        return JsonObject.of(m);
    }
}

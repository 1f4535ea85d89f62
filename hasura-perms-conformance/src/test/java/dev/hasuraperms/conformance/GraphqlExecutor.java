package dev.hasuraperms.conformance;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.ResolvedFunction;
import dev.hasuraperms.check.ResolvedRelationship;
import dev.hasuraperms.check.ResolvedTable;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.enforce.OnConflict;
import dev.hasuraperms.enforce.Transactions;
import dev.hasuraperms.jdbc.ConformanceSql;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureDelete;
import dev.hasuraperms.jdbc.SecureFunction;
import dev.hasuraperms.jdbc.SecureInsert;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SecureSelect;
import dev.hasuraperms.jdbc.SecureUpdate;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.jdbc.SqlStatement;
import dev.hasuraperms.jdbc.WriteResult;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one GraphQL request of a Hasura test case with the library's enforced operations: root fields map to
 * {@link SecureJdbc} selects and writes under the session's role, nested relationship selections are resolved with a
 * select on the target table under the target's own permission (filter, columns, limit), as Hasura does.
 */
final class GraphqlExecutor {

    private final Connection connection;
    private final CheckedPermissions checked;
    private final SecureJdbc secure;
    private final Map<String, QualifiedName> rootNames = new LinkedHashMap<>();
    /** Tracked functions by root field name. */
    private final Map<String, ResolvedFunction> functionFields = new LinkedHashMap<>();
    /** Response paths (field aliases joined by '.') of lists read without order_by: compared as multisets. */
    final Set<String> unordered = new HashSet<>();

    GraphqlExecutor(Connection connection, CheckedPermissions checked) {
        this.connection = connection;
        this.checked = checked;
        this.secure = SecureJdbc.of(checked);
        for (QualifiedName t : checked.tables().keySet()) {
            rootNames.put(t.schema().equals("public") ? t.name() : t.schema() + "_" + t.name(), t);
        }
        for (ResolvedFunction fn : checked.functions().values()) {
            functionFields.put(fn.rootField(), fn);
        }
    }

    /** Runs the request; returns {@code {data: ...}}, or throws a {@link GraphqlError} / {@link Unsupported}. */
    JsonObject execute(Session session, String query, JsonObject variables) throws SQLException {
        Document doc;
        try {
            doc = new Parser().parseDocument(query);
        } catch (RuntimeException e) {
            throw new GraphqlError("validation-failed", "not a valid graphql query: " + e.getMessage());
        }
        List<OperationDefinition> ops = doc.getDefinitionsOfType(OperationDefinition.class);
        if (ops.size() != 1 || doc.getDefinitions().size() != 1) {
            throw new Unsupported("documents with fragments or several operations");
        }
        OperationDefinition op = ops.get(0);
        Ctx ctx = new Ctx(session, variables);
        Map<String, JsonValue> data = new LinkedHashMap<>();
        if (op.getOperation() == OperationDefinition.Operation.MUTATION) {
            Transactions.atomically(connection, () -> {
                for (Field f : fields(op.getSelectionSet())) {
                    data.put(alias(f), mutationField(ctx, f));
                }
                return null;
            });
        } else if (op.getOperation() == OperationDefinition.Operation.QUERY) {
            for (Field f : fields(op.getSelectionSet())) {
                data.put(alias(f), queryField(ctx, f));
            }
        } else {
            throw new Unsupported("subscriptions");
        }
        return JsonObject.of(Map.of("data", JsonObject.of(data)));
    }

    private record Ctx(Session session, JsonObject variables) {
        String role() {
            return session.role();
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    private JsonValue queryField(Ctx ctx, Field f) throws SQLException {
        String name = f.getName();
        if (name.startsWith("__")) {
            throw new Unsupported("introspection (" + name + ")");
        }
        QualifiedName table = rootNames.get(name);
        if (table != null) {
            SelectRule rule = selectRule(ctx, table, name, "query_root");
            return JsonArray.of(select(ctx, table, rule, f, List.of(), alias(f)));
        }
        if (name.endsWith("_by_pk") && rootNames.containsKey(strip(name, "_by_pk"))) {
            QualifiedName t = rootNames.get(strip(name, "_by_pk"));
            SelectRule rule = selectRule(ctx, t, name, "query_root");
            List<String> pk = pkColumns(t);
            if (pk.isEmpty() || !rule.columns().containsAll(pk)
                    || !rule.queryRootFields().contains(dev.hasuraperms.metadata.RootField.SELECT_BY_PK)) {
                throw notFound(name, "query_root");
            }
            Map<String, JsonValue> key = new LinkedHashMap<>();
            for (String c : pk) {
                JsonValue v = arg(ctx, f, c).orElseThrow(() -> new GraphqlError("validation-failed",
                        "missing required field '" + c + "'"));
                key.put(c, v);
            }
            // The library's by-pk read (SecureJdbc.selectByPk), which enforces select_by_pk itself.
            List<JsonValue> rows = select(ctx, t, rule, f, List.of(), alias(f),
                    secure.selectByPk(connection, ctx.session(), t, key));
            return rows.isEmpty() ? JsonNull.INSTANCE : rows.get(0);
        }
        if (name.endsWith("_aggregate") && rootNames.containsKey(strip(name, "_aggregate"))) {
            return aggregate(ctx, rootNames.get(strip(name, "_aggregate")), f);
        }
        ResolvedFunction fn = functionFields.get(name);
        if (fn != null && !fn.mutation()) {
            return function(ctx, fn, f, "query_root");
        }
        ResolvedFunction aggregated = name.endsWith("_aggregate") ? functionFields.get(strip(name, "_aggregate"))
                : null;
        if (aggregated != null && !aggregated.mutation()) {
            return functionAggregate(ctx, aggregated, f);
        }
        throw notFound(name, "query_root");
    }

    /**
     * {@code <table>_aggregate}: {@code aggregate { count sum { c } ... }} and {@code group_by(keys: ...) { group_key
     * { ... } aggregate { ... } }} through {@link SecureJdbc#aggregate}; the field exists only where Hasura exposes it
     * (allow_aggregations, select_aggregate among the query root fields).
     */
    private JsonValue aggregate(Ctx ctx, QualifiedName table, Field f) throws SQLException {
        SelectRule rule = selectRule(ctx, table, f.getName(), "query_root");
        if (!rule.allowAggregations()
                || !rule.queryRootFields().contains(dev.hasuraperms.metadata.RootField.SELECT_AGGREGATE)) {
            throw notFound(f.getName(), "query_root");
        }
        String alias = aliasFor(table);
        List<SqlCondition> where = new ArrayList<>();
        for (var a : f.getArguments()) {
            JsonValue v = value(ctx, a.getValue());
            switch (a.getName()) {
                case "where" -> where.add(filter(ctx, table, v, alias));
                case "limit", "offset", "order_by", "distinct_on" -> throw new Unsupported("aggregate " + a.getName());
                default -> throw new GraphqlError("validation-failed", "'" + f.getName() + "' has no argument named '"
                        + a.getName() + "'");
            }
        }
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (Field c : fields(f.getSelectionSet())) {
            switch (c.getName()) {
                case "__typename" -> out.put(alias(c), JsonString.of(table.name() + "_aggregate"));
                case "aggregate" -> {
                    JsonObject r = runAggregate(ctx, table, alias, where, aggregates(ctx, c), List.of());
                    out.put(alias(c), shapeAggregate(c, (JsonObject) r.get("aggregate").orElseThrow()));
                }
                case "group_by" -> {
                    List<String> keys = new ArrayList<>();
                    JsonValue k = arg(ctx, c, "keys").orElseThrow(() -> new GraphqlError("validation-failed",
                            "missing required field 'keys'"));
                    for (JsonValue key : k instanceof JsonArray arr ? arr.elements() : List.of(k)) {
                        JsonObject ko = (JsonObject) key;
                        if (ko.keys().size() != 1 || ko.get("column").isEmpty()) {
                            throw new Unsupported("group_by keys other than columns");
                        }
                        keys.add(((JsonString) ko.get("column").get()).value());
                    }
                    List<dev.hasuraperms.enforce.Aggregate> aggs = new ArrayList<>();
                    for (Field g : fields(c.getSelectionSet())) {
                        if (g.getName().equals("aggregate")) {
                            aggs.addAll(aggregates(ctx, g));
                        }
                    }
                    if (aggs.isEmpty()) {
                        aggs.add(dev.hasuraperms.enforce.Aggregate.count());
                    }
                    JsonObject r = runAggregate(ctx, table, alias, where, aggs, keys);
                    List<JsonValue> groups = new ArrayList<>();
                    for (JsonValue gv : ((JsonArray) r.get("group_by").orElseThrow()).elements()) {
                        JsonObject group = (JsonObject) gv;
                        Map<String, JsonValue> shaped = new LinkedHashMap<>();
                        for (Field g : fields(c.getSelectionSet())) {
                            switch (g.getName()) {
                                case "group_key" -> {
                                    JsonObject gk = (JsonObject) group.get("group_key").orElseThrow();
                                    Map<String, JsonValue> m = new LinkedHashMap<>();
                                    for (Field x : fields(g.getSelectionSet())) {
                                        m.put(alias(x), gk.get(x.getName()).orElseThrow(() -> notFound(x.getName(),
                                                table.name() + "_group_key")));
                                    }
                                    shaped.put(alias(g), JsonObject.of(m));
                                }
                                case "aggregate" -> shaped.put(alias(g), shapeAggregate(g,
                                        (JsonObject) group.get("aggregate").orElseThrow()));
                                default -> throw new Unsupported("group_by field " + g.getName());
                            }
                        }
                        groups.add(JsonObject.of(shaped));
                    }
                    unordered.add(alias(f) + "." + alias(c));
                    out.put(alias(c), JsonArray.of(groups));
                }
                default -> throw new Unsupported("aggregate field " + c.getName());
            }
        }
        return JsonObject.of(out);
    }

    /**
     * {@code <function>_aggregate}: {@code aggregate { ... }} through {@link SecureJdbc#functionAggregate} and
     * {@code nodes { ... }} through {@link SecureJdbc#function}, with the field's {@code args} and {@code where}; the
     * field exists only where Hasura exposes it (the role may call the function, allow_aggregations on the return
     * table's select permission; Hasura's selectFunctionAggregate).
     */
    private JsonValue functionAggregate(Ctx ctx, ResolvedFunction fn, Field f) throws SQLException {
        SelectRule rule = checked.functionSelect(fn, ctx.role())
                .filter(SelectRule::allowAggregations)
                .orElseThrow(() -> notFound(f.getName(), "query_root"));
        QualifiedName table = fn.returnTable();
        String alias = aliasFor(table);
        Map<String, JsonValue> args = new LinkedHashMap<>();
        List<SqlCondition> where = new ArrayList<>();
        for (var a : f.getArguments()) {
            JsonValue v = value(ctx, a.getValue());
            switch (a.getName()) {
                case "args" -> args.putAll(((JsonObject) v).members());
                case "where" -> where.add(filter(ctx, table, v, alias));
                case "limit", "offset", "order_by", "distinct_on" -> throw new Unsupported("aggregate " + a.getName());
                default -> throw new GraphqlError("validation-failed", "'" + f.getName() + "' has no argument named '"
                        + a.getName() + "'");
            }
        }
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (Field c : fields(f.getSelectionSet())) {
            switch (c.getName()) {
                case "__typename" -> out.put(alias(c), JsonString.of(table.name() + "_aggregate"));
                case "aggregate" -> {
                    var agg = secure.functionAggregate(connection, ctx.session(), fn.name()).alias(alias).args(args)
                            .aggregate(aggregates(ctx, c).toArray(dev.hasuraperms.enforce.Aggregate[]::new));
                    where.forEach(agg::where);
                    out.put(alias(c), shapeAggregate(c, (JsonObject) agg.fetch().get("aggregate").orElseThrow()));
                }
                case "nodes" -> {
                    SecureFunction call = secure.function(connection, ctx.session(), fn.name()).alias(alias).args(args);
                    where.forEach(call::where);
                    String path = alias(f) + "." + alias(c);
                    unordered.add(path);
                    Selected s = selected(ctx, table, rule, c.getSelectionSet());
                    call.columns(s.columns);
                    List<JsonValue> nodes = new ArrayList<>();
                    for (JsonObject row : run(call.statement(), s.joinColumns, alias, geoColumns(table, s.columns))) {
                        nodes.add(shape(ctx, table, row, c.getSelectionSet(), path));
                    }
                    out.put(alias(c), JsonArray.of(nodes));
                }
                default -> throw new Unsupported("aggregate field " + c.getName());
            }
        }
        return JsonObject.of(out);
    }

    private JsonObject runAggregate(Ctx ctx, QualifiedName table, String alias, List<SqlCondition> where,
                                    List<dev.hasuraperms.enforce.Aggregate> aggs, List<String> groupBy)
            throws SQLException {
        var agg = secure.aggregate(connection, ctx.session(), table).alias(alias)
                .aggregate(aggs.toArray(dev.hasuraperms.enforce.Aggregate[]::new))
                .groupBy(groupBy.toArray(String[]::new));
        where.forEach(agg::where);
        return agg.fetch();
    }

    /** The aggregates of an {@code aggregate { ... }} selection. */
    private static List<dev.hasuraperms.enforce.Aggregate> aggregates(Ctx ctx, Field aggregate) {
        List<dev.hasuraperms.enforce.Aggregate> out = new ArrayList<>();
        for (Field c : fields(aggregate.getSelectionSet())) {
            if (c.getName().equals("__typename")) {
                continue;
            }
            if (c.getName().equals("count")) {
                List<String> columns = new ArrayList<>();
                boolean distinct = false;
                for (var a : c.getArguments()) {
                    JsonValue v = value(ctx, a.getValue());
                    switch (a.getName()) {
                        case "columns" -> (v instanceof JsonArray arr ? arr.elements() : List.of(v))
                                .forEach(x -> columns.add(((JsonString) x).value()));
                        case "distinct" -> distinct = v instanceof JsonBoolean b && b.value();
                        default -> throw new GraphqlError("validation-failed", "'count' has no argument named '"
                                + a.getName() + "'");
                    }
                }
                out.add(columns.isEmpty() ? dev.hasuraperms.enforce.Aggregate.count()
                        : dev.hasuraperms.enforce.Aggregate.count(distinct, columns.toArray(String[]::new)));
                continue;
            }
            var fn = dev.hasuraperms.enforce.Aggregate.Function.fromKey(c.getName())
                    .orElseThrow(() -> notFound(c.getName(), "aggregate_fields"));
            for (Field col : fields(c.getSelectionSet())) {
                out.add(dev.hasuraperms.enforce.Aggregate.of(fn, col.getName()));
            }
        }
        return out;
    }

    /** The result of {@code aggregate { ... }} with the selection's aliases and order. */
    private static JsonObject shapeAggregate(Field aggregate, JsonObject result) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (Field c : fields(aggregate.getSelectionSet())) {
            if (c.getName().equals("__typename")) {
                continue;
            }
            JsonValue v = result.get(c.getName()).orElseThrow();
            if (c.getSelectionSet() != null && v instanceof JsonObject o) {
                Map<String, JsonValue> m = new LinkedHashMap<>();
                for (Field col : fields(c.getSelectionSet())) {
                    m.put(alias(col), o.get(col.getName()).orElseThrow());
                }
                v = JsonObject.of(m);
            }
            out.put(alias(c), v);
        }
        return JsonObject.of(out);
    }

    /**
     * A tracked function's root field: {@link SecureJdbc#function} with the field's {@code args}, its {@code where},
     * {@code order_by}, {@code limit} and {@code offset} on top; a list for a SETOF function, else one object or null.
     */
    private JsonValue function(Ctx ctx, ResolvedFunction fn, Field f, String type) throws SQLException {
        SelectRule rule = checked.functionSelect(fn, ctx.role()).orElseThrow(() -> notFound(f.getName(), type));
        QualifiedName table = fn.returnTable();
        String alias = aliasFor(table);
        SecureFunction call = secure.function(connection, ctx.session(), fn.name()).alias(alias);
        boolean ordered = false;
        for (var a : f.getArguments()) {
            JsonValue v = value(ctx, a.getValue());
            switch (a.getName()) {
                case "args" -> {
                    for (Map.Entry<String, JsonValue> e : ((JsonObject) v).members().entrySet()) {
                        call.arg(e.getKey(), e.getValue());
                    }
                }
                case "where" -> call.where(filter(ctx, table, v, alias));
                case "limit" -> call.limit(((JsonNumber) v).value().intValueExact());
                case "offset" -> call.offset(((JsonNumber) v).value().longValueExact());
                case "order_by" -> {
                    ordered = true;
                    for (OrderBy o : orderBy(v)) {
                        call.orderBy(o);
                    }
                }
                case "distinct_on" -> throw new Unsupported("distinct_on");
                default -> throw new GraphqlError("validation-failed", "'" + f.getName() + "' has no argument named '"
                        + a.getName() + "'");
            }
        }
        String path = alias(f);
        if (!ordered) {
            unordered.add(path);
        }
        Selected s = selected(ctx, table, rule, f.getSelectionSet());
        call.columns(s.columns);
        List<JsonObject> rows = run(call.statement(), s.joinColumns, alias, geoColumns(table, s.columns));
        List<JsonValue> out = new ArrayList<>();
        for (JsonObject row : rows) {
            out.add(shape(ctx, table, row, f.getSelectionSet(), path));
        }
        if (fn.returnsSet()) {
            return JsonArray.of(out);
        }
        return out.isEmpty() ? JsonNull.INSTANCE : out.get(0);
    }

    private SelectRule selectRule(Ctx ctx, QualifiedName table, String field, String type) {
        return checked.select(table, ctx.role()).orElseThrow(() -> notFound(field, type));
    }

    private static GraphqlError notFound(String field, String type) {
        return new GraphqlError("validation-failed", "field '" + field + "' not found in type: '" + type + "'");
    }

    /** Rows of {@code table} for selection {@code f} (its arguments and fields), under the role's permission. */
    private List<JsonValue> select(Ctx ctx, QualifiedName table, SelectRule rule, Field f, List<SqlCondition> extra,
                                   String path) throws SQLException {
        return select(ctx, table, rule, f, extra, path, secure.select(connection, ctx.session(), table));
    }

    private List<JsonValue> select(Ctx ctx, QualifiedName table, SelectRule rule, Field f, List<SqlCondition> extra,
                                   String path, SecureSelect base) throws SQLException {
        String alias = aliasFor(table);
        SecureSelect sel = base.alias(alias);
        for (SqlCondition c : extra) {
            sel.where(c);
        }
        boolean ordered = false;
        for (var a : f.getArguments()) {
            JsonValue v = value(ctx, a.getValue());
            switch (a.getName()) {
                case "where" -> sel.where(filter(ctx, table, v, alias));
                case "limit" -> sel.limit(((JsonNumber) v).value().intValueExact());
                case "offset" -> sel.offset(((JsonNumber) v).value().longValueExact());
                case "order_by" -> {
                    ordered = true;
                    for (OrderBy o : orderBy(v)) {
                        sel.orderBy(o);
                    }
                }
                case "distinct_on" -> throw new Unsupported("distinct_on");
                case "args" -> {
                    // A table computed field's arguments: given to selectComputed by the caller.
                }
                default -> {
                    if (!pkColumns(table).contains(a.getName())) {
                        throw new GraphqlError("validation-failed", "'" + f.getName() + "' has no argument named '"
                                + a.getName() + "'");
                    }
                }
            }
        }
        if (!ordered) {
            unordered.add(path);
        }
        Selected s = selected(ctx, table, rule, f.getSelectionSet());
        sel.columns(s.columns);
        s.arguments.forEach(sel::arguments);
        SqlStatement st = sel.statement();
        List<JsonObject> rows = run(st, s.joinColumns, alias, geoColumns(table, s.columns));
        List<JsonValue> out = new ArrayList<>();
        for (JsonObject row : rows) {
            out.add(shape(ctx, table, row, f.getSelectionSet(), path));
        }
        return out;
    }

    /** The columns a selection reads, and the columns its relationships join on. */
    private record Selected(List<String> columns, List<String> joinColumns, Map<String, Map<String, Object>> arguments) {
    }

    private Selected selected(Ctx ctx, QualifiedName table, SelectRule rule, SelectionSet set) {
        ResolvedTable rt = checked.table(table).orElseThrow();
        List<String> cols = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        Map<String, Map<String, Object>> args = new LinkedHashMap<>();
        for (Field c : fields(set)) {
            String n = c.getName();
            if (n.equals("__typename")) {
                continue;
            }
            if (rt.table().column(n).isPresent()) {
                if (!cols.contains(n)) {
                    cols.add(n);
                }
            } else if (rt.relationship(n).isPresent()) {
                for (ResolvedRelationship.ColumnPair p : rt.relationship(n).get().mapping()) {
                    if (!joins.contains(p.local())) {
                        joins.add(p.local());
                    }
                }
            } else if (rt.computedField(n).isPresent() && rt.computedField(n).get().scalar()) {
                if (!rule.computedFields().contains(n)) {
                    throw notFound(n, table.name());
                }
                if (!cols.contains(n)) {
                    cols.add(n);
                }
                computedArguments(ctx, c).ifPresent(a -> args.put(n, a));
            } else if (rt.computedField(n).isPresent()) {
                if (checked.select(rt.computedField(n).get().returnsTable().orElseThrow(), ctx.role()).isEmpty()) {
                    throw notFound(n, table.name());
                }
                for (String k : pkColumns(table)) {
                    if (!joins.contains(k)) {
                        joins.add(k);
                    }
                }
            } else if (n.endsWith("_aggregate") && rt.relationship(strip(n, "_aggregate")).isPresent()) {
                throw new Unsupported("aggregate fields (" + n + ")");
            } else {
                throw notFound(n, table.name());
            }
        }
        if (cols.isEmpty()) {
            // Only relationships selected: read one permitted column so the statement has a select list.
            cols.add(rule.columns().get(0));
        }
        return new Selected(cols, joins, args);
    }

    /** The geometry and geography columns among {@code columns} of {@code table}. */
    private List<String> geoColumns(QualifiedName table, List<String> columns) {
        ResolvedTable rt = checked.table(table).orElseThrow();
        return columns.stream().filter(c -> rt.table().column(c).map(col -> col.type().category()
                == dev.hasuraperms.types.TypeCategory.GEOMETRY || col.type().category()
                == dev.hasuraperms.types.TypeCategory.GEOGRAPHY).orElse(false)).toList();
    }

    /**
     * Runs an enforced select statement, reading each row as PostgreSQL's JSON (as Hasura renders it: geometry and
     * geography as {@code ST_AsGeoJSON(col, 15, 4)::json}, Translate/Column.hs toJSONableExp).
     */
    private List<JsonObject> run(SqlStatement st, List<String> joinColumns, String alias, List<String> geo)
            throws SQLException {
        String sql = st.sql();
        int from = sql.indexOf(" FROM ");
        StringBuilder extra = new StringBuilder();
        for (String j : joinColumns) {
            extra.append(", ").append(Setup.quote(alias)).append('.').append(Setup.quote(j)).append(" AS ")
                    .append(Setup.quote("__join_" + j));
        }
        String row = "row_to_json(q)::text";
        if (!geo.isEmpty()) {
            StringBuilder overrides = new StringBuilder();
            for (String g : geo) {
                overrides.append(overrides.length() == 0 ? "" : ", ").append("'").append(g.replace("'", "''"))
                        .append("', ST_AsGeoJSON(q.").append(Setup.quote(g)).append(", 15, 4)::jsonb");
            }
            row = "(to_jsonb(q) || jsonb_build_object(" + overrides + "))::text";
        }
        String wrapped = "SELECT " + row + " FROM (" + sql.substring(0, from) + extra + sql.substring(from)
                + ") AS q";
        List<JsonObject> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(wrapped)) {
            st.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add((JsonObject) Json.parse(rs.getString(1)));
                }
            }
        }
        return rows;
    }

    /** The response object of one row: its fields in selection order, relationships resolved. */
    private JsonValue shape(Ctx ctx, QualifiedName table, JsonObject row, SelectionSet set, String path)
            throws SQLException {
        ResolvedTable rt = checked.table(table).orElseThrow();
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (Field c : fields(set)) {
            String n = c.getName();
            if (n.equals("__typename")) {
                out.put(alias(c), JsonString.of(table.name()));
            } else if (rt.table().column(n).isPresent()
                    || rt.computedField(n).isPresent() && rt.computedField(n).get().scalar()) {
                out.put(alias(c), row.get(n).orElse(JsonNull.INSTANCE));
            } else if (rt.computedField(n).isPresent()) {
                out.put(alias(c), computedRows(ctx, table, n, row, c, path + "." + alias(c)));
            } else {
                ResolvedRelationship rel = rt.relationship(n).orElseThrow();
                out.put(alias(c), relationship(ctx, rel, row, c, path + "." + alias(c)));
            }
        }
        return JsonObject.of(out);
    }

    private JsonValue relationship(Ctx ctx, ResolvedRelationship rel, JsonObject row, Field f, String path)
            throws SQLException {
        SelectRule rule = checked.select(rel.target(), ctx.role()).orElseThrow(() -> notFound(f.getName(),
                rel.table().name()));
        String alias = aliasFor(rel.target());
        List<SqlCondition> join = new ArrayList<>();
        for (ResolvedRelationship.ColumnPair p : rel.mapping()) {
            JsonValue v = row.get("__join_" + p.local()).or(() -> row.get(p.local())).orElse(JsonNull.INSTANCE);
            join.add(SqlCondition.of("to_jsonb(" + Setup.quote(alias) + "." + Setup.quote(p.remote()) + ") = ?::jsonb",
                    JsonWriter.compact(v)));
        }
        List<JsonValue> rows = select(ctx, rel.target(), rule, f, join, path);
        if (rel.array()) {
            return JsonArray.of(rows);
        }
        return rows.isEmpty() ? JsonNull.INSTANCE : rows.get(0);
    }

    /** The rows of table computed field {@code name} of {@code row} (found again by its primary key). */
    private JsonValue computedRows(Ctx ctx, QualifiedName table, String name, JsonObject row, Field f, String path)
            throws SQLException {
        QualifiedName target = checked.table(table).flatMap(t -> t.computedField(name)).orElseThrow().returnsTable()
                .orElseThrow();
        SelectRule rule = checked.select(target, ctx.role()).orElseThrow(() -> notFound(f.getName(), table.name()));
        SecureSelect sel = secure.selectComputed(connection, ctx.session(), table, name,
                computedArguments(ctx, f).orElse(Map.of())).parentAlias("_parent");
        for (String k : pkColumns(table)) {
            JsonValue v = row.get("__join_" + k).or(() -> row.get(k)).orElse(JsonNull.INSTANCE);
            sel.parentWhere(SqlCondition.of("to_jsonb(\"_parent\"." + Setup.quote(k) + ") = ?::jsonb",
                    JsonWriter.compact(v)));
        }
        return JsonArray.of(select(ctx, target, rule, f, List.of(), path, sel));
    }

    /** The {@code args} of a computed field's selection, as argument name → JSON value. */
    private static Optional<Map<String, Object>> computedArguments(Ctx ctx, Field f) {
        return arg(ctx, f, "args").map(v -> {
            Map<String, Object> out = new LinkedHashMap<>();
            ((JsonObject) v).members().forEach(out::put);
            return out;
        });
    }

    private String aliasFor(QualifiedName table) {
        return table.name();
    }

    private SqlCondition filter(Ctx ctx, QualifiedName table, JsonValue where, String alias) {
        var predicate = CallerFilters.compile(checked, table, ctx.role(), where);
        return ConformanceSql.condition(predicate, alias, ctx.session(), checked.schema().serverMajorVersion());
    }

    private static List<OrderBy> orderBy(JsonValue v) {
        List<OrderBy> out = new ArrayList<>();
        List<JsonValue> items = v instanceof JsonArray a ? a.elements() : List.of(v);
        for (JsonValue item : items) {
            for (Map.Entry<String, JsonValue> e : ((JsonObject) item).members().entrySet()) {
                if (!(e.getValue() instanceof JsonString dir)) {
                    throw new Unsupported("order_by on relationships or aggregates");
                }
                OrderBy o = switch (dir.value()) {
                    case "asc" -> OrderBy.asc(e.getKey()).nullsLast();
                    case "asc_nulls_last" -> OrderBy.asc(e.getKey()).nullsLast();
                    case "asc_nulls_first" -> OrderBy.asc(e.getKey()).nullsFirst();
                    case "desc" -> OrderBy.desc(e.getKey()).nullsFirst();
                    case "desc_nulls_first" -> OrderBy.desc(e.getKey()).nullsFirst();
                    case "desc_nulls_last" -> OrderBy.desc(e.getKey()).nullsLast();
                    default -> throw new GraphqlError("validation-failed", "unexpected order_by value " + dir.value());
                };
                out.add(o);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- mutations

    private JsonValue mutationField(Ctx ctx, Field f) throws SQLException {
        String name = f.getName();
        for (String prefix : List.of("insert_", "update_", "delete_")) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            String rest = name.substring(prefix.length());
            boolean one = prefix.equals("insert_") ? rest.endsWith("_one") : rest.endsWith("_by_pk");
            String tableName = one ? strip(rest, prefix.equals("insert_") ? "_one" : "_by_pk") : rest;
            QualifiedName table = rootNames.get(tableName);
            if (table == null) {
                break;
            }
            switch (prefix) {
                case "insert_" -> {
                    return insert(ctx, table, f, one);
                }
                case "update_" -> {
                    return update(ctx, table, f, one);
                }
                default -> {
                    return delete(ctx, table, f, one);
                }
            }
        }
        ResolvedFunction fn = functionFields.get(name);
        if (fn != null && fn.mutation()) {
            return function(ctx, fn, f, "mutation_root");
        }
        throw notFound(name, "mutation_root");
    }

    private JsonValue insert(Ctx ctx, QualifiedName table, Field f, boolean one) throws SQLException {
        if (checked.insert(table, ctx.role()).isEmpty()) {
            throw notFound(f.getName(), "mutation_root");
        }
        SecureInsert ins = secure.insert(connection, ctx.session(), table);
        ResolvedTable rt = checked.table(table).orElseThrow();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var a : f.getArguments()) {
            JsonValue v = value(ctx, a.getValue());
            switch (a.getName()) {
                case "objects", "object" -> {
                    List<JsonValue> objs = v instanceof JsonArray arr ? arr.elements() : List.of(v);
                    for (JsonValue o : objs) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (Map.Entry<String, JsonValue> e : ((JsonObject) o).members().entrySet()) {
                            if (rt.relationship(e.getKey()).isPresent()) {
                                throw new Unsupported("nested inserts through relationships");
                            }
                            row.put(e.getKey(), e.getValue());
                        }
                        rows.add(row);
                    }
                }
                case "on_conflict" -> {
                    if (checked.update(table, ctx.role()).isEmpty()) {
                        throw new GraphqlError("validation-failed", "'" + f.getName()
                                + "' has no argument named 'on_conflict'");
                    }
                    JsonObject oc = (JsonObject) v;
                    for (String k : oc.keys()) {
                        if (!Set.of("constraint", "update_columns", "where").contains(k)) {
                            throw new GraphqlError("validation-failed", "field '" + k + "' not found in type: '"
                                    + table.name() + "_on_conflict'");
                        }
                    }
                    Optional<String> constraint = oc.get("constraint").map(x -> ((JsonString) x).value());
                    List<String> updateColumns = oc.get("update_columns").map(x -> (x instanceof JsonArray arr
                            ? arr.elements() : List.of(x)).stream().map(e -> ((JsonString) e).value()).toList())
                            .orElse(List.of()); // Hasura's default: [] (DO NOTHING)
                    for (String c : updateColumns) {
                        if (rt.table().column(c).isEmpty()) {
                            throw new GraphqlError("validation-failed", "erroneous column name " + c);
                        }
                    }
                    if (constraint.isEmpty()) {
                        throw new GraphqlError("validation-failed", "missing constraint");
                    }
                    List<String> constraints = new ArrayList<>();
                    rt.table().primaryKey().ifPresent(k -> constraints.add(k.name()));
                    rt.table().uniqueConstraints().forEach(k -> constraints.add(k.name()));
                    if (!constraints.contains(constraint.get())) {
                        throw new GraphqlError("validation-failed", "unexpected value '" + constraint.get()
                                + "' for enum '" + table.name() + "_constraint'");
                    }
                    ins.onConflict(OnConflict.onConstraint(constraint.get(), updateColumns));
                    if (oc.get("where").isPresent()) {
                        ins.onConflictWhere(filter(ctx, table, oc.get("where").get(), table.name()));
                    }
                }
                default -> throw new GraphqlError("validation-failed", "'" + f.getName() + "' has no argument named '"
                        + a.getName() + "'");
            }
        }
        ins.values(rows);
        Returning r = returning(ctx, table, f, one);
        if (!r.columns.isEmpty()) {
            ins.returning(r.columns.toArray(String[]::new));
        }
        return r.result(ctx, table, ins.execute(), f, one);
    }

    private JsonValue update(Ctx ctx, QualifiedName table, Field f, boolean one) throws SQLException {
        if (checked.update(table, ctx.role()).isEmpty() || checked.select(table, ctx.role()).isEmpty()) {
            throw notFound(f.getName(), "mutation_root");
        }
        SecureUpdate up = secure.update(connection, ctx.session(), table);
        boolean hasWhere = false;
        for (var a : f.getArguments()) {
            JsonValue v = value(ctx, a.getValue());
            switch (a.getName()) {
                case "where" -> {
                    up.where(filter(ctx, table, v, table.name()));
                    hasWhere = true;
                }
                case "pk_columns" -> {
                    up.where(filter(ctx, table, pkWhere((JsonObject) v), table.name()));
                    hasWhere = true;
                }
                case "_set" -> {
                    for (Map.Entry<String, JsonValue> e : ((JsonObject) v).members().entrySet()) {
                        up.set(e.getKey(), e.getValue());
                    }
                }
                case "_inc", "_append", "_prepend", "_delete_key", "_delete_elem", "_delete_at_path" ->
                        throw new Unsupported("update operator " + a.getName());
                default -> throw new GraphqlError("validation-failed", "'" + f.getName() + "' has no argument named '"
                        + a.getName() + "'");
            }
        }
        if (!hasWhere) {
            throw new GraphqlError("validation-failed", "missing required field 'where'");
        }
        Returning r = returning(ctx, table, f, one);
        if (!r.columns.isEmpty()) {
            up.returning(r.columns.toArray(String[]::new));
        }
        return r.result(ctx, table, up.execute(), f, one);
    }

    private JsonValue delete(Ctx ctx, QualifiedName table, Field f, boolean one) throws SQLException {
        if (checked.delete(table, ctx.role()).isEmpty() || checked.select(table, ctx.role()).isEmpty()) {
            throw notFound(f.getName(), "mutation_root");
        }
        SecureDelete del = secure.delete(connection, ctx.session(), table);
        Map<String, JsonValue> pk = new LinkedHashMap<>();
        boolean hasWhere = false;
        for (var a : f.getArguments()) {
            JsonValue v = value(ctx, a.getValue());
            if (a.getName().equals("where")) {
                del.where(filter(ctx, table, v, table.name()));
                hasWhere = true;
            } else if (one && pkColumns(table).contains(a.getName())) {
                pk.put(a.getName(), v);
            } else {
                throw new GraphqlError("validation-failed", "'" + f.getName() + "' has no argument named '"
                        + a.getName() + "'");
            }
        }
        if (one) {
            del.where(filter(ctx, table, pkWhere(JsonObject.of(pk)), table.name()));
        } else if (!hasWhere) {
            throw new GraphqlError("validation-failed", "missing required field 'where'");
        }
        Returning r = returning(ctx, table, f, one);
        if (!r.columns.isEmpty()) {
            del.returning(r.columns.toArray(String[]::new));
        }
        return r.result(ctx, table, del.execute(), f, one);
    }

    private static JsonObject pkWhere(JsonObject pk) {
        Map<String, JsonValue> where = new LinkedHashMap<>();
        pk.members().forEach((k, v) -> where.put(k, JsonObject.of(Map.of("_eq", v))));
        return JsonObject.of(where);
    }

    /** What a write returns: the columns to ask the library for, and how to shape the response. */
    private final class Returning {
        final List<String> columns = new ArrayList<>();
        SelectionSet rowSelection;

        JsonValue result(Ctx ctx, QualifiedName table, WriteResult w, Field f, boolean one) throws SQLException {
            List<JsonValue> rows = new ArrayList<>();
            if (rowSelection != null) {
                for (Map<String, Object> r : w.returning()) {
                    rows.add(shape(ctx, table, toJson(r), rowSelection, alias(f)));
                }
            }
            if (one) {
                return rows.isEmpty() ? JsonNull.INSTANCE : rows.get(0);
            }
            Map<String, JsonValue> out = new LinkedHashMap<>();
            for (Field c : fields(f.getSelectionSet())) {
                switch (c.getName()) {
                    case "affected_rows" -> out.put(alias(c), JsonNumber.of(w.affectedRows()));
                    case "returning" -> out.put(alias(c), JsonArray.of(rows));
                    case "__typename" -> out.put(alias(c), JsonString.of(f.getName()));
                    default -> throw notFound(c.getName(), f.getName() + "_response");
                }
            }
            return JsonObject.of(out);
        }
    }

    private Returning returning(Ctx ctx, QualifiedName table, Field f, boolean one) {
        Returning r = new Returning();
        SelectionSet rowSet = null;
        if (one) {
            rowSet = f.getSelectionSet();
        } else {
            for (Field c : fields(f.getSelectionSet())) {
                if (c.getName().equals("returning")) {
                    rowSet = c.getSelectionSet();
                }
            }
        }
        if (rowSet == null) {
            return r;
        }
        SelectRule rule = checked.select(table, ctx.role()).orElseThrow(() -> notFound(one ? f.getName()
                : "returning", f.getName()));
        Selected s = selected(ctx, table, rule, rowSet);
        for (String c : s.columns) {
            if (!rule.columns().contains(c)) {
                throw new Unsupported("scalar computed fields in returning (" + c + ")");
            }
        }
        r.columns.addAll(s.columns);
        for (String j : s.joinColumns) {
            if (!r.columns.contains(j)) {
                if (!rule.columns().contains(j)) {
                    throw new Unsupported("a relationship in returning that joins on a column the role cannot read");
                }
                r.columns.add(j);
            }
        }
        r.rowSelection = rowSet;
        return r;
    }

    private static JsonObject toJson(Map<String, Object> row) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, toJson(v)));
        return JsonObject.of(out);
    }

    static JsonValue toJson(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Boolean b) {
            return JsonBoolean.of(b);
        }
        if (v instanceof Number n) {
            return JsonNumber.of(new BigDecimal(n.toString()));
        }
        if (v instanceof org.postgresql.util.PGobject p && p.getType() != null && p.getType().startsWith("json")) {
            return Json.parse(p.getValue());
        }
        if (v instanceof java.sql.Timestamp ts) {
            return JsonString.of(ts.toLocalDateTime().toString());
        }
        return JsonString.of(v.toString());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private List<String> pkColumns(QualifiedName table) {
        return checked.table(table).map(t -> t.table().primaryKeyColumns()).orElse(List.of());
    }

    private static String strip(String s, String suffix) {
        return s.substring(0, s.length() - suffix.length());
    }

    private static String alias(Field f) {
        return f.getAlias() != null ? f.getAlias() : f.getName();
    }

    private static List<Field> fields(SelectionSet set) {
        List<Field> out = new ArrayList<>();
        if (set == null) {
            return out;
        }
        for (Selection<?> s : set.getSelections()) {
            if (!(s instanceof Field f)) {
                throw new Unsupported("fragments");
            }
            if (!f.getDirectives().isEmpty()) {
                throw new Unsupported("directives");
            }
            out.add(f);
        }
        return out;
    }

    private static Optional<JsonValue> arg(Ctx ctx, Field f, String name) {
        return f.getArguments().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(a -> value(ctx, a.getValue()));
    }

    /** A GraphQL input value as JSON (variables substituted; enum values are strings). */
    static JsonValue value(Ctx ctx, Value<?> v) {
        if (v instanceof VariableReference r) {
            return ctx.variables().get(r.getName()).orElse(JsonNull.INSTANCE);
        }
        if (v instanceof IntValue i) {
            return JsonNumber.of(new BigDecimal(i.getValue()));
        }
        if (v instanceof FloatValue x) {
            return JsonNumber.of(x.getValue());
        }
        if (v instanceof StringValue s) {
            return JsonString.of(s.getValue());
        }
        if (v instanceof BooleanValue b) {
            return JsonBoolean.of(b.isValue());
        }
        if (v instanceof EnumValue e) {
            return JsonString.of(e.getName());
        }
        if (v instanceof NullValue) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof ArrayValue a) {
            List<JsonValue> out = new ArrayList<>();
            for (Value<?> e : a.getValues()) {
                out.add(value(ctx, e));
            }
            return JsonArray.of(out);
        }
        if (v instanceof ObjectValue o) {
            Map<String, JsonValue> out = new LinkedHashMap<>();
            for (ObjectField e : o.getObjectFields()) {
                out.put(e.getName(), value(ctx, e.getValue()));
            }
            return JsonObject.of(out);
        }
        throw new Unsupported("GraphQL value " + v.getClass().getSimpleName());
    }

    /** A request error with Hasura's error code. */
    static final class GraphqlError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        GraphqlError(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** The request needs a GraphQL-engine feature that is outside this library: the case is excluded. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String feature) {
            super(feature);
        }
    }
}

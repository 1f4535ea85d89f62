package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses Hasura boolean expressions (reference §4.1–§4.9) into {@link BoolExp} trees.
 *
 * <p>What JSON alone decides is checked here: objects where an expression is expected, {@code _and}/{@code _or}
 * lists, {@code _not} objects, {@code _exists} shape, and the nesting limit. Whether a key is a column or a
 * relationship needs the schema, so {@link FieldExp} carries every interpretation; {@link #definiteErrors} lists the
 * problems that hold whatever the schema says (every interpretation of some key failed).
 *
 * <p>Thread-safe and cheap to share.
 */
public final class BoolExpParser {

    /** The default maximum nesting of boolean expressions. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final BoolExpParser DEFAULT = new BoolExpParser(DEFAULT_MAX_DEPTH);

    private final int maxDepth;
    private final boolean sessionVariables;

    /**
     * A parser that rejects expressions nested deeper than {@code maxDepth} objects.
     *
     * @param maxDepth the deepest nesting of objects accepted; positive
     */
    public BoolExpParser(int maxDepth) {
        this(maxDepth, true);
    }

    private BoolExpParser(int maxDepth, boolean sessionVariables) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
        this.maxDepth = maxDepth;
        this.sessionVariables = sessionVariables;
    }

    /**
     * {@return a parser for a caller's filter (Hasura's GraphQL {@code where}): like this one, except that strings are always
     * values — {@code "X-Hasura-User-Id"} is the text it says, not a session variable, as in a client's {@code where} —
     * and that only the GraphQL spellings are accepted: {@code _neq}, not the permission-only alias {@code _ne}, and
     * none of the {@code $} forms ({@code $eq}, {@code $and}, ...), which Hasura's GraphQL schema does not have}
     * Two more things a permission accepts and a GraphQL {@code where} does not are refused: a JSON {@code null}
     * where an operator's value, a column's conditions, a relationship's filter or an {@code _and}/{@code _or}/
     * {@code _not} operand is expected ({@code CALLER_FILTER_NULL_VALUE}: Hasura's input parsers for these are
     * non-nullable, {@code comparisonExps} and {@code boolExpInternal}), and the column comparisons {@code _ceq},
     * {@code _cne}, {@code _cgt}, {@code _clt}, {@code _cgte}, {@code _clte} ({@code CALLER_FILTER_COLUMN_COMPARISON}:
     * they exist only in permissions).
     */
    public BoolExpParser forCallerFilters() {
        return new BoolExpParser(maxDepth, false);
    }

    /** {@return a parser with the default depth limit ({@value #DEFAULT_MAX_DEPTH})} */
    public static BoolExpParser defaults() {
        return DEFAULT;
    }

    /** {@return the depth limit} */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Parses a boolean expression. Fails when the value is not an object, nests deeper than the limit, or has a
     * structural error ({@code _and} not a list, ...). A successful result may still hold keys that no schema
     * accepts: see {@link #definiteErrors}.
     *
     * @param value the JSON value of the expression; never null
     * @return the expression, or the diagnostics saying why it is not one; never null
     */
    public Parsed<BoolExp> parse(JsonValue value) {
        List<Diagnostic> errors = new ArrayList<>();
        Origin deepest = tooDeep(value, 1);
        if (deepest != null) {
            errors.add(Diagnostic.of(DiagnosticCode.FILTER_TOO_DEEP, deepest,
                    "boolean expression nests deeper than " + maxDepth + " levels"));
            return Parsed.failed(errors);
        }
        BoolExp e = parseExp(value, 1, errors);
        return errors.isEmpty() ? Parsed.ok(e) : Parsed.failed(errors);
    }

    /**
     * Parses {@code value} as the conditions on a column: the {@code _eq} shorthand or an object of operators.
     *
     * @param value the JSON value of the column's conditions; never null
     * @return the conditions, or the diagnostics saying why they are not; never null
     */
    public Parsed<ColumnExp> parseColumnExp(JsonValue value) {
        if (tooDeep(value, 1) != null) {
            return Parsed.failed(List.of(Diagnostic.of(DiagnosticCode.FILTER_TOO_DEEP, value.origin(),
                    "boolean expression nests deeper than " + maxDepth + " levels")));
        }
        return columnExp(value, 1);
    }

    /** The first object nested deeper than the limit, counting only objects (arrays are transparent). */
    private Origin tooDeep(JsonValue v, int depth) {
        int below = v instanceof JsonObject o ? o.objectDepth() : v instanceof JsonArray a ? a.objectDepth() : 0;
        if (depth - 1 + below <= maxDepth) {
            return null;
        }
        if (v instanceof JsonObject o) {
            if (depth > maxDepth) {
                return o.origin();
            }
            for (int i = 0; i < o.size(); i++) {
                Origin d = tooDeep(o.valueAt(i), depth + 1);
                if (d != null) {
                    return d;
                }
            }
        } else if (v instanceof JsonArray a) {
            for (JsonValue child : a.elements()) {
                Origin d = tooDeep(child, depth);
                if (d != null) {
                    return d;
                }
            }
        }
        return null;
    }

    private BoolExp parseExp(JsonValue value, int depth, List<Diagnostic> errors) {
        if (!(value instanceof JsonObject obj)) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, value.origin(),
                    "expected a boolean expression (a JSON object), found " + describe(value)));
            return ObjectExp.empty();
        }
        if (depth > maxDepth) {
            errors.add(Diagnostic.of(DiagnosticCode.FILTER_TOO_DEEP, obj.origin(),
                    "boolean expression nests deeper than " + maxDepth + " levels"));
            return ObjectExp.empty();
        }
        List<BoolExp> terms = new ArrayList<>(obj.size());
        for (int i = 0; i < obj.size(); i++) {
            String key = obj.keyAt(i);
            JsonValue v = obj.valueAt(i);
            Origin keyOrigin = obj.keyOriginAt(i);
            if (!sessionVariables && key.startsWith("$")) {
                errors.add(Diagnostic.of(DiagnosticCode.UNKNOWN_OPERATOR, keyOrigin, "\"" + key + "\" is a "
                        + "permission-only spelling; a GraphQL where uses \"_" + key.substring(1) + "\""));
                continue;
            }
            if (!sessionVariables && v.isNull() && (key.equals("_and") || key.equals("_or") || key.equals("_not"))) {
                errors.add(nullValue(v, key));
                continue;
            }
            switch (key) {
                case "_and", "$and", "_or", "$or" -> {
                    List<BoolExp> operands = new ArrayList<>();
                    if (v instanceof JsonArray arr) {
                        for (JsonValue el : arr.elements()) {
                            if (!sessionVariables && el.isNull()) {
                                errors.add(nullValue(el, "an element of " + key));
                                continue;
                            }
                            operands.add(parseExp(el, depth + 1, errors));
                        }
                    } else {
                        errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, v.origin(),
                                key + " expects a list of boolean expressions, found " + describe(v)));
                    }
                    terms.add(key.endsWith("and") ? new AndExp(operands, keyOrigin) : new OrExp(operands, keyOrigin));
                }
                case "_not", "$not" -> terms.add(new NotExp(parseExp(v, depth + 1, errors), keyOrigin));
                // A GraphQL where has no _exists (Hasura: field "_exists" not found in type): there it is just a key,
                // a column or relationship of that name if the table has one.
                case "_exists", "$exists" -> terms.add(sessionVariables ? parseExists(v, keyOrigin, depth, errors)
                        : field(key, v, keyOrigin, depth));
                default -> terms.add(field(key, v, keyOrigin, depth));
            }
        }
        return new ObjectExp(terms, obj.origin());
    }

    private BoolExp parseExists(JsonValue v, Origin keyOrigin, int depth, List<Diagnostic> errors) {
        if (!(v instanceof JsonObject obj)) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, v.origin(),
                    "_exists expects an object with _table and _where, found " + describe(v)));
            return new ExistsExp(QualifiedName.of("_invalid_"), ObjectExp.empty(), keyOrigin);
        }
        for (String k : obj.keys()) {
            if (!k.equals("_table") && !k.equals("_where")) {
                errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, obj.keyOrigin(k),
                        "_exists accepts only _table and _where, not \"" + k + "\""));
            }
        }
        QualifiedName table = QualifiedName.of("_invalid_");
        Optional<JsonValue> t = obj.get("_table");
        if (t.isEmpty()) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, obj.origin(), "_exists needs _table"));
        } else {
            Optional<QualifiedName> parsed = tableName(t.get(), errors);
            if (parsed.isPresent()) {
                table = parsed.get();
            }
        }
        BoolExp where = ObjectExp.empty();
        Optional<JsonValue> w = obj.get("_where");
        if (w.isEmpty()) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, obj.origin(), "_exists needs _where"));
        } else {
            where = parseExp(w.get(), depth + 1, errors);
        }
        return new ExistsExp(table, where, keyOrigin);
    }

    /**
     * Reads a table name: a string (schema {@code public}) or {@code {"schema": ..., "name": ...}} (schema
     * optional). Reports {@code INVALID_VALUE} and returns empty when it is neither.
     *
     * @param v the JSON value; never null
     * @param errors where an {@code INVALID_VALUE} diagnostic is added; modifiable, never null
     * @return the name, or empty when {@code v} is not a table name
     */
    public static Optional<QualifiedName> tableName(JsonValue v, List<Diagnostic> errors) {
        if (v instanceof JsonString s && !s.value().isEmpty()) {
            return Optional.of(QualifiedName.of(QualifiedName.DEFAULT_SCHEMA, s.value()));
        }
        if (v instanceof JsonObject o) {
            boolean ok = true;
            for (String k : o.keys()) {
                if (!k.equals("schema") && !k.equals("name")) {
                    errors.add(Diagnostic.of(DiagnosticCode.UNKNOWN_KEY, o.keyOrigin(k),
                            "a table name has only \"schema\" and \"name\", not \"" + k + "\""));
                    ok = false;
                }
            }
            Optional<JsonValue> name = o.get("name");
            Optional<JsonValue> schema = o.get("schema");
            if (name.isEmpty() || !(name.get() instanceof JsonString ns) || ns.value().isEmpty()) {
                errors.add(Diagnostic.of(name.isEmpty() ? DiagnosticCode.MISSING_KEY : DiagnosticCode.INVALID_VALUE,
                        name.map(JsonValue::origin).orElse(o.origin()),
                        "a table name needs \"name\" as a non-empty string"));
                return Optional.empty();
            }
            String schemaName = QualifiedName.DEFAULT_SCHEMA;
            if (schema.isPresent()) {
                if (schema.get() instanceof JsonString ss && !ss.value().isEmpty()) {
                    schemaName = ss.value();
                } else if (!schema.get().isNull()) {
                    errors.add(Diagnostic.of(DiagnosticCode.INVALID_VALUE, schema.get().origin(),
                            "\"schema\" must be a non-empty string, found " + describe(schema.get())));
                    return Optional.empty();
                }
            }
            return ok ? Optional.of(QualifiedName.of(schemaName, ns.value())) : Optional.empty();
        }
        errors.add(Diagnostic.of(DiagnosticCode.INVALID_VALUE, v.origin(),
                "expected a table name (a string or {\"schema\", \"name\"}), found " + describe(v)));
        return Optional.empty();
    }

    /** Builds the field node with every interpretation parsed. */
    private FieldExp field(String key, JsonValue v, Origin keyOrigin, int depth) {
        Parsed<ColumnExp> col = columnExp(v, depth + 1);
        Optional<Parsed<AggregationPredicate>> agg = Optional.empty();
        if (key.endsWith("_aggregate") && key.length() > "_aggregate".length()) {
            agg = Optional.of(aggregation(key.substring(0, key.length() - "_aggregate".length()), v, keyOrigin, depth + 1));
        }
        return new FieldExp(key, v, keyOrigin, col, this, depth, agg);
    }

    /** The value of field {@code key} read as a nested boolean expression (a relationship's or object's filter). */
    Parsed<BoolExp> nested(String key, JsonValue v, int depth) {
        if (!sessionVariables && v.isNull()) {
            return Parsed.failed(List.of(nullValue(v, key)));
        }
        if (v instanceof JsonObject) {
            List<Diagnostic> errs = new ArrayList<>();
            BoolExp e = parseExp(v, depth + 1, errs);
            return errs.isEmpty() ? Parsed.ok(e) : Parsed.failed(errs);
        }
        return Parsed.failed(List.of(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, v.origin(), "\"" + key
                + "\" as a relationship or nested object needs a boolean expression (a JSON object), found " + describe(v))));
    }

    private Parsed<ColumnExp> columnExp(JsonValue v, int depth) {
        if (v instanceof JsonObject o) {
            for (int i = 0; i < o.size(); i++) {
                if (!Operator.isOperatorKey(o.keyAt(i))) {
                    return Parsed.failedLazily(() -> columnExpNow(v, depth).diagnostics());
                }
            }
        }
        return columnExpNow(v, depth);
    }

    private Parsed<ColumnExp> columnExpNow(JsonValue v, int depth) {
        List<Diagnostic> errors = new ArrayList<>();
        if (!sessionVariables && v.isNull()) {
            return Parsed.failed(List.of(nullValue(v, "a column's conditions")));
        }
        if (!(v instanceof JsonObject obj)) {
            ColumnCondition c = new ColumnCondition.Comparison(Operator.EQ, operand(v), v.origin());
            return Parsed.ok(new ColumnExp(List.of(c), true, v.origin()));
        }
        if (depth > maxDepth) {
            return Parsed.failed(List.of(Diagnostic.of(DiagnosticCode.FILTER_TOO_DEEP, v.origin(),
                    "boolean expression nests deeper than " + maxDepth + " levels")));
        }
        List<ColumnCondition> conditions = new ArrayList<>();
        for (int i = 0; i < obj.size(); i++) {
            String key = obj.keyAt(i);
            Origin keyOrigin = obj.keyOriginAt(i);
            Optional<Operator> op = Operator.fromKey(key);
            if (op.isEmpty()) {
                errors.add(Diagnostic.of(DiagnosticCode.UNKNOWN_OPERATOR, keyOrigin,
                        key.startsWith("_") || key.startsWith("$")
                                ? "unknown operator \"" + key + "\""
                                : "\"" + key + "\" is not an operator (a column condition takes operators such as _eq)"));
                continue;
            }
            if (!sessionVariables && op.get().operandKind() == Operator.OperandKind.COLUMN) {
                errors.add(Diagnostic.of(DiagnosticCode.CALLER_FILTER_COLUMN_COMPARISON, keyOrigin, "\"" + key
                        + "\" compares two columns, which only a permission can do: a GraphQL where has no column"
                        + " comparison operators"));
                continue;
            }
            if (!sessionVariables && !key.equals(op.get().key())) {
                errors.add(Diagnostic.of(DiagnosticCode.UNKNOWN_OPERATOR, keyOrigin, "unknown operator \"" + key
                        + "\" (a permission-only spelling; a GraphQL where uses \"" + op.get().key() + "\")"));
                continue;
            }
            if (!sessionVariables) {
                JsonValue nul = firstNull(op.get(), obj.valueAt(i));
                if (nul != null) {
                    errors.add(nullValue(nul, key));
                    continue;
                }
            }
            conditions.addAll(condition(op.get(), key, obj.valueAt(i), keyOrigin, depth, errors));
        }
        return errors.isEmpty() ? Parsed.ok(new ColumnExp(conditions, false, obj.origin())) : Parsed.failed(errors);
    }

    private List<ColumnCondition> condition(Operator op, String key, JsonValue v, Origin keyOrigin, int depth,
                                            List<Diagnostic> errors) {
        Optional<ColumnCondition> single = singleCondition(op, key, v, keyOrigin, depth, errors);
        if (op.operandKind() != Operator.OperandKind.CAST) {
            return single.map(List::of).orElse(List.of());
        }
        return castConditions(key, v, depth, errors);
    }

    private List<ColumnCondition> castConditions(String key, JsonValue v, int depth, List<Diagnostic> errors) {
        if (!(v instanceof JsonObject casts) || casts.isEmpty()) {
            errors.add(invalidOperand(v, key + " expects {\"<type>\": {conditions}}, found " + describe(v)));
            return List.of();
        }
        List<ColumnCondition> out = new ArrayList<>();
        for (Map.Entry<String, JsonValue> c : casts.members().entrySet()) {
            if (!sessionVariables && c.getValue().isNull()) {
                errors.add(nullValue(c.getValue(), key + "." + c.getKey()));
                continue;
            }
            if (!(c.getValue() instanceof JsonObject)) {
                errors.add(invalidOperand(c.getValue(), key + "." + c.getKey()
                        + " expects an object of conditions, found " + describe(c.getValue())));
                continue;
            }
            Parsed<ColumnExp> inner = columnExp(c.getValue(), depth + 1);
            if (inner.isOk()) {
                out.add(new ColumnCondition.Cast(c.getKey(), inner.value(), casts.keyOrigin(c.getKey())));
            } else {
                errors.addAll(inner.diagnostics());
            }
        }
        return out;
    }

    private Optional<ColumnCondition> singleCondition(Operator op, String key, JsonValue v, Origin keyOrigin, int depth,
                                                      List<Diagnostic> errors) {
        switch (op.operandKind()) {
            case VALUE:
                return Optional.of(new ColumnCondition.Comparison(op, operand(v), keyOrigin));
            case LIST:
                if (v instanceof JsonArray || isSessionVariable(v)) {
                    return Optional.of(new ColumnCondition.Comparison(op, operand(v), keyOrigin));
                }
                errors.add(invalidOperand(v, key + " expects a list or a session variable, found " + describe(v)));
                return Optional.empty();
            case BOOLEAN:
                if (v instanceof JsonBoolean b) {
                    return Optional.of(new ColumnCondition.IsNull(b.value(), keyOrigin));
                }
                errors.add(invalidOperand(v, key + " expects true or false, found " + describe(v)));
                return Optional.empty();
            case COLUMN:
                return columnRef(v, key, errors).map(ref -> new ColumnCondition.Comparison(op, ref, keyOrigin));
            case CAST:
                return Optional.empty();
            case DISTANCE: {
                if (!(v instanceof JsonObject o)) {
                    errors.add(invalidOperand(v, key + " expects {\"distance\", \"from\"}, found " + describe(v)));
                    return Optional.empty();
                }
                int before = errors.size();
                for (String k : o.keys()) {
                    if (!k.equals("distance") && !k.equals("from") && !k.equals("use_spheroid")) {
                        errors.add(invalidOperand(o.get(k).orElseThrow(), key + " does not take \"" + k + "\""));
                    }
                }
                Optional<JsonValue> distance = o.get("distance");
                Optional<JsonValue> from = o.get("from");
                if (distance.isEmpty() || from.isEmpty()) {
                    errors.add(invalidOperand(v, key + " needs both \"distance\" and \"from\""));
                }
                if (distance.isPresent() && !(distance.get() instanceof JsonNumber) && !isSessionVariable(distance.get())) {
                    errors.add(invalidOperand(distance.get(), key + ".distance must be a number or a session variable"));
                }
                Optional<Boolean> spheroid = Optional.empty();
                if (o.get("use_spheroid").isPresent()) {
                    if (o.get("use_spheroid").get() instanceof JsonBoolean b) {
                        spheroid = Optional.of(b.value());
                    } else {
                        errors.add(invalidOperand(o.get("use_spheroid").get(), key + ".use_spheroid must be true or false"));
                    }
                }
                if (errors.size() > before) {
                    return Optional.empty();
                }
                return Optional.of(new ColumnCondition.DistanceWithin(op, operand(distance.get()), operand(from.get()),
                        spheroid, keyOrigin));
            }
            case RASTER_BAND: {
                if (!(v instanceof JsonObject o) || o.get("geommin").isEmpty()) {
                    errors.add(invalidOperand(v, key + " expects {\"geommin\", \"nband\"}, found " + describe(v)));
                    return Optional.empty();
                }
                for (String k : o.keys()) {
                    if (!k.equals("geommin") && !k.equals("nband")) {
                        errors.add(invalidOperand(o.get(k).orElseThrow(), key + " does not take \"" + k + "\""));
                        return Optional.empty();
                    }
                }
                return Optional.of(new ColumnCondition.RasterBand(op, operand(o.get("geommin").get()),
                        o.get("nband").map(this::operand), keyOrigin));
            }
            default:
                throw new AssertionError(op);
        }
    }

    private static Optional<Operand> columnRef(JsonValue v, String key, List<Diagnostic> errors) {
        if (v instanceof JsonString s && !s.value().isEmpty()) {
            return Optional.of(new Operand.ColumnRef(false, s.value(), v.origin()));
        }
        if (v instanceof JsonArray a) {
            if (a.size() == 1 && a.get(0) instanceof JsonString s && !s.value().isEmpty() && !s.value().equals("$")) {
                return Optional.of(new Operand.ColumnRef(false, s.value(), v.origin()));
            }
            if (a.size() == 2 && a.get(0) instanceof JsonString root && root.value().equals("$")
                    && a.get(1) instanceof JsonString s && !s.value().isEmpty()) {
                return Optional.of(new Operand.ColumnRef(true, s.value(), v.origin()));
            }
            if (a.size() >= 2) {
                errors.add(invalidOperand(v, key + " compares with a column of the current table (\"col\") or of the root table"
                        + " ([\"$\", \"col\"]); paths through relationships are not supported"));
                return Optional.empty();
            }
        }
        errors.add(invalidOperand(v, key + " expects a column: \"col\", [\"col\"] or [\"$\", \"col\"], found " + describe(v)));
        return Optional.empty();
    }

    private Parsed<AggregationPredicate> aggregation(String relationship, JsonValue v, Origin keyOrigin, int depth) {
        List<Diagnostic> errors = new ArrayList<>();
        if (!sessionVariables) {
            JsonValue nul = v.isNull() ? v : aggregationNull(v);
            if (nul != null) {
                errors.add(nullValue(nul, relationship + "_aggregate"));
                return Parsed.failed(errors);
            }
        }
        if (!(v instanceof JsonObject obj) || obj.size() != 1) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, v.origin(),
                    "an aggregation predicate takes exactly one function ({\"count\": {...}}), found " + describe(v)));
            return Parsed.failed(errors);
        }
        String function = obj.keyList().get(0);
        JsonValue body = obj.get(function).orElseThrow();
        if (!AggregationPredicate.FUNCTIONS.contains(function)) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, obj.keyOrigin(function),
                    "unknown aggregate function \"" + function + "\" (expected one of " + AggregationPredicate.FUNCTIONS + ")"));
            return Parsed.failed(errors);
        }
        if (!(body instanceof JsonObject b)) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, body.origin(),
                    function + " expects {\"predicate\": {...}}, found " + describe(body)));
            return Parsed.failed(errors);
        }
        for (String k : b.keys()) {
            if (!List.of("predicate", "filter", "distinct", "arguments").contains(k)) {
                errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, b.keyOrigin(k),
                        "an aggregation predicate takes predicate, filter, distinct and arguments, not \"" + k + "\""));
            }
        }
        List<String> args = new ArrayList<>();
        Optional<JsonValue> argv = b.get("arguments");
        if (argv.isPresent() && !argv.get().isNull()) {
            JsonValue a = argv.get();
            if (a instanceof JsonString s) {
                args.add(s.value());
            } else if (a instanceof JsonArray arr && arr.elements().stream().allMatch(e -> e instanceof JsonString)) {
                arr.elements().forEach(e -> args.add(((JsonString) e).value()));
            } else if (a instanceof JsonObject xy && xy.keys().equals(java.util.Set.of("X", "Y"))
                    && xy.get("X").orElseThrow() instanceof JsonString x && xy.get("Y").orElseThrow() instanceof JsonString y) {
                args.add(x.value());
                args.add(y.value());
            } else {
                errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, a.origin(),
                        "arguments must be a column, a list of columns or {\"X\", \"Y\"}, found " + describe(a)));
            }
        }
        boolean distinct = false;
        Optional<JsonValue> dv = b.get("distinct");
        if (dv.isPresent()) {
            if (dv.get() instanceof JsonBoolean db) {
                distinct = db.value();
            } else {
                errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, dv.get().origin(), "distinct must be true or false"));
            }
        }
        Optional<BoolExp> filter = Optional.empty();
        if (b.get("filter").isPresent()) {
            filter = Optional.of(parseExp(b.get("filter").get(), depth + 1, errors));
        }
        ColumnExp predicate = new ColumnExp(List.of(), false, b.origin());
        Optional<JsonValue> pv = b.get("predicate");
        if (pv.isEmpty()) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, b.origin(), "an aggregation predicate needs \"predicate\""));
        } else if (!(pv.get() instanceof JsonObject)) {
            errors.add(Diagnostic.of(DiagnosticCode.INVALID_BOOL_EXP, pv.get().origin(),
                    "predicate must be an object of comparison operators, found " + describe(pv.get())));
        } else {
            Parsed<ColumnExp> p = columnExp(pv.get(), depth + 1);
            if (p.isOk()) {
                predicate = p.value();
            } else {
                errors.addAll(p.diagnostics());
            }
        }
        if (!errors.isEmpty()) {
            return Parsed.failed(errors);
        }
        return Parsed.ok(new AggregationPredicate(relationship, function, args, distinct, filter, predicate, keyOrigin));
    }

    /**
     * {@return the problems in {@code e} that no schema can make right: keys none of whose interpretations parse} Keys
     * that parse at least one way are left to the type checker; inside a key that parses only as a nested expression,
     * the nested expression is searched too.
     *
     * @param e a parsed expression; never null
     */
    public List<Diagnostic> definiteErrors(BoolExp e) {
        List<Diagnostic> out = new ArrayList<>();
        collectDefinite(e, out);
        return out;
    }

    private void collectDefinite(BoolExp e, List<Diagnostic> out) {
        if (e instanceof ObjectExp o) {
            o.terms().forEach(t -> collectDefinite(t, out));
        } else if (e instanceof AndExp a) {
            a.operands().forEach(t -> collectDefinite(t, out));
        } else if (e instanceof OrExp o) {
            o.operands().forEach(t -> collectDefinite(t, out));
        } else if (e instanceof NotExp n) {
            collectDefinite(n.operand(), out);
        } else if (e instanceof ExistsExp x) {
            collectDefinite(x.where(), out);
        } else {
            FieldExp f = (FieldExp) e;
            boolean col = f.asColumn().isOk();
            if (col) {
                // Parses as column conditions: nothing definite to report, and the nested reading (memoized for
                // good once asked for) is left unparsed until the checker needs it.
                return;
            }
            boolean nested = f.asNested().isOk();
            boolean agg = f.asAggregation().map(Parsed::isOk).orElse(false);
            if (!col && !nested && !agg) {
                if (f.asAggregation().isPresent()) {
                    out.addAll(f.asAggregation().get().diagnostics());
                } else if (looksLikeColumnConditions(f.value())) {
                    out.addAll(f.asColumn().diagnostics());
                } else {
                    out.addAll(f.asNested().diagnostics());
                }
            } else if (nested && !col && !agg) {
                collectDefinite(f.asNested().value(), out);
            } else if (agg && !col && !nested) {
                f.asAggregation().get().value().filter().ifPresent(x -> collectDefinite(x, out));
            }
        }
    }

    private static boolean looksLikeColumnConditions(JsonValue v) {
        if (!(v instanceof JsonObject o)) {
            return true;
        }
        for (String k : o.keys()) {
            if (k.equals("_and") || k.equals("_or") || k.equals("_not") || k.equals("_exists")
                    || k.equals("$and") || k.equals("$or") || k.equals("$not") || k.equals("$exists")) {
                return false;
            }
            if (!k.startsWith("_") && !k.startsWith("$")) {
                return false;
            }
        }
        return true;
    }

    Operand operand(JsonValue v) {
        if (sessionVariables && v instanceof JsonString s) {
            Optional<SessionVariable> sv = SessionVariable.fromReference(s.value());
            if (sv.isPresent()) {
                return new Operand.SessionVariableRef(sv.get(), v.origin());
            }
        }
        return new Operand.Literal(v);
    }

    private boolean isSessionVariable(JsonValue v) {
        return sessionVariables && v instanceof JsonString s && SessionVariable.fromReference(s.value()).isPresent();
    }

    /**
     * In a caller's filter: the first JSON {@code null} that Hasura's GraphQL parser for {@code op}'s value refuses —
     * the value itself, an element of a list, or a field of a {@code _st_d_within} or raster argument — or
     * {@code null} when there is none. Values inside a jsonb literal ({@code {"_contains": {"a": null}}}) are data,
     * not GraphQL input fields, and are not looked at.
     */
    private static JsonValue firstNull(Operator op, JsonValue v) {
        if (v.isNull()) {
            return v;
        }
        switch (op.operandKind()) {
            case LIST:
                if (v instanceof JsonArray a) {
                    for (JsonValue e : a.elements()) {
                        if (e.isNull()) {
                            return e;
                        }
                    }
                }
                return null;
            case DISTANCE, RASTER_BAND:
                if (v instanceof JsonObject o) {
                    for (int i = 0; i < o.size(); i++) {
                        if (o.valueAt(i).isNull()) {
                            return o.valueAt(i);
                        }
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /** In a caller's filter: the first {@code null} among an aggregation predicate's function and its fields. */
    private static JsonValue aggregationNull(JsonValue v) {
        if (v instanceof JsonObject obj && obj.size() == 1) {
            JsonValue body = obj.valueAt(0);
            if (body.isNull()) {
                return body;
            }
            if (body instanceof JsonObject b) {
                for (int i = 0; i < b.size(); i++) {
                    JsonValue field = b.valueAt(i);
                    if (field.isNull()) {
                        return field;
                    }
                    if (b.keyAt(i).equals("arguments") && field instanceof JsonArray a) {
                        for (JsonValue e : a.elements()) {
                            if (e.isNull()) {
                                return e;
                            }
                        }
                    }
                }
            }
        }
        return null;
    }

    private static Diagnostic nullValue(JsonValue v, String what) {
        boolean comparison = what.equals("_eq") || what.equals("_neq") || what.equals("a column's conditions");
        return Diagnostic.of(DiagnosticCode.CALLER_FILTER_NULL_VALUE, v.origin(), what + " is null, which a GraphQL where"
                + " does not accept" + (comparison ? " (_is_null: true matches NULL)" : ""));
    }

    private static Diagnostic invalidOperand(JsonValue v, String message) {
        return Diagnostic.of(DiagnosticCode.INVALID_OPERAND, v.origin(), message);
    }

    /**
     * {@return a short description of a value for messages: its type, and the value itself when short}
     *
     * @param v the value; never null
     */
    public static String describe(JsonValue v) {
        String json = v.toJson();
        String type = v.typeName();
        if (json.length() <= 40) {
            return type.equals("null") ? "null" : type + " " + json;
        }
        return type;
    }
}

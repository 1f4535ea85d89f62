package dev.hasuraperms.schema;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link DatabaseSchema} as JSON, for tests and for CI without a database. The format:
 *
 * <pre>{@code
 * {"format": "hasura-perms-schema", "version": 1,
 *  "tables": [{"schema": "public", "name": "events", "kind": "table",
 *              "columns": [{"name": "id", "type": "pg_catalog.int4", "nullable": false, "default": true},
 *                          {"name": "type", "type": "pg_catalog.varchar", "nullable": false, "max_length": 255}],
 *              "primary_key": {"name": "events_pkey", "columns": ["id"]},
 *              "unique": [],
 *              "foreign_keys": [{"name": "events_user_id_fkey", "columns": ["user_id"],
 *                                "references": "public.users", "referenced_columns": ["id"]}]}],
 *  "functions": [{"schema": "public", "name": "f", "arguments": [{"name": "row", "type": {"composite": "public.t"}}],
 *                 "returns": "pg_catalog.text", "set": false, "volatility": "stable"}]}
 * }</pre>
 *
 * Types are {@code "schema.name"} for base types, {@code {"array": type}}, {@code {"enum": "schema.name", "labels":
 * [...]}} and {@code {"composite": "schema.name"}}. An optional {@code "server_version_num"} (PostgreSQL's
 * {@code server_version_num}, e.g. {@code 160004}) records the server the schema was read from; session values are
 * parsed with that major version's input rules, or the oldest supported major's when it is absent.
 */
public final class SchemaSnapshot {

    /** The value of the {@code format} key. */
    public static final String FORMAT = "hasura-perms-schema";

    private SchemaSnapshot() {
    }

    // ---------------------------------------------------------------------------------------------------- write

    /**
     * {@return the schema as pretty JSON text}
     *
     * @param schema the schema; never null
     */
    public static String write(DatabaseSchema schema) {
        return JsonWriter.pretty(toJson(schema));
    }

    /**
     * Writes the schema to a file.
     *
     * @param schema the schema; never null
     * @param file the file, created or replaced; never null
     */
    public static void write(DatabaseSchema schema, Path file) {
        try {
            Files.writeString(file, write(schema), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@return the schema as a JSON tree}
     *
     * @param schema the schema; never null
     */
    public static JsonObject toJson(DatabaseSchema schema) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("format", JsonString.of(FORMAT));
        m.put("version", JsonNumber.of(1));
        schema.serverVersionNum().ifPresent(v -> m.put("server_version_num", JsonNumber.of(v)));
        m.put("tables", JsonArray.of(schema.tables().stream().map(SchemaSnapshot::table).toList()));
        m.put("functions", JsonArray.of(schema.functions().stream().map(SchemaSnapshot::function).toList()));
        return JsonObject.of(m);
    }

    private static JsonValue table(Table t) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("schema", JsonString.of(t.name().schema()));
        m.put("name", JsonString.of(t.name().name()));
        m.put("kind", JsonString.of(t.kind().key()));
        List<JsonValue> cols = new ArrayList<>();
        for (Column c : t.columns()) {
            Map<String, JsonValue> cm = new LinkedHashMap<>();
            cm.put("name", JsonString.of(c.name()));
            cm.put("type", type(c.type()));
            cm.put("nullable", JsonBoolean.of(c.nullable()));
            if (c.hasDefault()) {
                cm.put("default", JsonBoolean.of(true));
            }
            c.maxLength().ifPresent(l -> cm.put("max_length", JsonNumber.of(l)));
            cols.add(JsonObject.of(cm));
        }
        m.put("columns", JsonArray.of(cols));
        t.primaryKey().ifPresent(pk -> m.put("primary_key", constraint(pk)));
        m.put("unique", JsonArray.of(t.uniqueConstraints().stream().map(SchemaSnapshot::constraint).toList()));
        List<JsonValue> fks = new ArrayList<>();
        for (ForeignKey fk : t.foreignKeys()) {
            Map<String, JsonValue> fm = new LinkedHashMap<>();
            fm.put("name", JsonString.of(fk.name()));
            fm.put("columns", strings(fk.columns()));
            fm.put("references", JsonString.of(fk.referencedTable().toString()));
            fm.put("referenced_columns", strings(fk.referencedColumns()));
            fks.add(JsonObject.of(fm));
        }
        m.put("foreign_keys", JsonArray.of(fks));
        if (!t.writes().equals(Table.Writes.defaultFor(t.kind()))) {
            Map<String, JsonValue> wm = new LinkedHashMap<>();
            wm.put("insert", JsonBoolean.of(t.writes().insert()));
            wm.put("update", JsonBoolean.of(t.writes().update()));
            wm.put("delete", JsonBoolean.of(t.writes().delete()));
            m.put("writes", JsonObject.of(wm));
        }
        return JsonObject.of(m);
    }

    private static JsonValue constraint(UniqueConstraint u) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("name", JsonString.of(u.name()));
        m.put("columns", strings(u.columns()));
        return JsonObject.of(m);
    }

    private static JsonValue function(SqlFunction f) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("schema", JsonString.of(f.name().schema()));
        m.put("name", JsonString.of(f.name().name()));
        List<JsonValue> args = new ArrayList<>();
        for (SqlFunction.Argument a : f.arguments()) {
            Map<String, JsonValue> am = new LinkedHashMap<>();
            a.name().ifPresent(n -> am.put("name", JsonString.of(n)));
            am.put("type", type(a.type()));
            if (a.hasDefault()) {
                am.put("default", JsonBoolean.of(true));
            }
            args.add(JsonObject.of(am));
        }
        m.put("arguments", JsonArray.of(args));
        m.put("returns", type(f.returnType()));
        m.put("set", JsonBoolean.of(f.returnsSet()));
        if (f.volatility() != SqlFunction.Volatility.VOLATILE) {
            m.put("volatility", JsonString.of(f.volatility().key()));
        }
        return JsonObject.of(m);
    }

    /**
     * {@return a type in the snapshot's notation}
     *
     * @param t the type; never null
     */
    public static JsonValue type(PgType t) {
        if (t instanceof PgType.Base b) {
            return JsonString.of(b.name().toString());
        }
        if (t instanceof PgType.Array a) {
            return JsonObject.of(Map.of("array", type(a.element())));
        }
        if (t instanceof PgType.Enum e) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("enum", JsonString.of(e.name().toString()));
            m.put("labels", strings(e.labels()));
            return JsonObject.of(m);
        }
        return JsonObject.of(Map.of("composite", JsonString.of(((PgType.Composite) t).name().toString())));
    }

    private static JsonArray strings(List<String> items) {
        return JsonArray.of(items.stream().map(JsonString::of).toList());
    }

    // ----------------------------------------------------------------------------------------------------- read

    /**
     * Reads a snapshot file.
     *
     * @param file the snapshot file; never null
     * @return the schema, never null
     * @throws DiagnosticException listing every problem with the snapshot
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static DatabaseSchema read(Path file) {
        try {
            return read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads snapshot JSON text.
     *
     * @param json the snapshot's JSON text; never null
     * @return the schema, never null
     * @throws DiagnosticException listing every problem with the snapshot
     */
    public static DatabaseSchema read(String json) {
        return fromJson(Json.parse(json));
    }

    /**
     * Reads a snapshot JSON tree.
     *
     * @param root the snapshot's JSON tree; never null
     * @return the schema, never null
     * @throws DiagnosticException listing every problem with the snapshot
     */
    public static DatabaseSchema fromJson(JsonValue root) {
        Diagnostics d = new Diagnostics();
        Reader r = new Reader(d);
        DatabaseSchema s = r.schema(root);
        d.throwIfErrors("invalid schema snapshot");
        return s;
    }

    private static final class Reader {
        final Diagnostics d;

        Reader(Diagnostics d) {
            this.d = d;
        }

        DatabaseSchema schema(JsonValue v) {
            JsonObject o = obj(v, "a schema snapshot");
            if (o == null) {
                return DatabaseSchema.empty();
            }
            if (!o.get("format").map(f -> f.equals(JsonString.of(FORMAT))).orElse(false)) {
                d.report(DiagnosticCode.UNKNOWN_FORMAT, o.origin(), "not a schema snapshot (expected \"format\": \"" + FORMAT + "\")");
                return DatabaseSchema.empty();
            }
            if (!o.get("version").map(x -> x.equals(JsonNumber.of(1))).orElse(false)) {
                d.report(DiagnosticCode.UNSUPPORTED_VERSION, o.origin(), "schema snapshot version must be 1");
                return DatabaseSchema.empty();
            }
            List<Table> tables = new ArrayList<>();
            for (JsonValue t : list(o.get("tables").orElse(JsonArray.of(List.of())))) {
                Table table = table(t);
                if (table != null) {
                    tables.add(table);
                }
            }
            List<SqlFunction> functions = new ArrayList<>();
            for (JsonValue f : list(o.get("functions").orElse(JsonArray.of(List.of())))) {
                SqlFunction fn = function(f);
                if (fn != null) {
                    functions.add(fn);
                }
            }
            int versionNum = 0;
            Optional<JsonValue> sv = o.get("server_version_num");
            if (sv.isPresent()) {
                if (sv.get() instanceof JsonNumber n && n.isIntegral() && n.value().compareTo(java.math.BigDecimal.valueOf(90000)) >= 0
                        && n.value().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                    versionNum = n.value().intValueExact();
                } else {
                    d.report(DiagnosticCode.INVALID_VALUE, o.origin(),
                            "server_version_num must be PostgreSQL's server_version_num, such as 160004");
                }
            }
            try {
                DatabaseSchema schema = new DatabaseSchema(tables, functions);
                return versionNum == 0 ? schema : schema.withServerVersionNum(versionNum);
            } catch (IllegalArgumentException e) {
                d.report(DiagnosticCode.DUPLICATE_DEFINITION, o.origin(), e.getMessage());
                return DatabaseSchema.empty();
            }
        }

        /**
         * A column's {@code max_length}: a whole number from 1 to {@link Integer#MAX_VALUE}, compared before
         * conversion (never truncated: {@code 4294967298} is not 2); anything else is {@code INVALID_VALUE}.
         */
        Optional<Integer> maxLength(JsonValue v) {
            if (v instanceof JsonNumber n && n.isIntegral() && n.value().signum() > 0
                    && n.value().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                return Optional.of(n.value().intValueExact());
            }
            d.report(DiagnosticCode.INVALID_VALUE, v.origin(), "max_length must be a whole number from 1 to "
                    + Integer.MAX_VALUE + ", found " + dev.hasuraperms.boolexp.BoolExpParser.describe(v));
            return Optional.empty();
        }

        Table table(JsonValue v) {
            JsonObject o = obj(v, "a table");
            if (o == null) {
                return null;
            }
            String schema = str(o, "schema");
            String name = str(o, "name");
            String kindText = str(o, "kind");
            Table.Kind kind = Table.Kind.TABLE;
            if (kindText != null) {
                try {
                    kind = Table.Kind.valueOf(kindText.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    d.report(DiagnosticCode.INVALID_VALUE, o.origin(), "unknown relation kind " + kindText);
                }
            }
            List<Column> columns = new ArrayList<>();
            for (JsonValue c : list(o.get("columns").orElse(null))) {
                JsonObject co = obj(c, "a column");
                if (co == null) {
                    continue;
                }
                String cn = str(co, "name");
                PgType type = co.get("type").map(this::type).orElse(null);
                Optional<Integer> maxLength = co.get("max_length").filter(x -> !x.isNull()).flatMap(this::maxLength);
                if (cn != null && type != null) {
                    columns.add(new Column(cn, type, bool(co, "nullable", true), bool(co, "default", false), maxLength));
                } else if (type == null) {
                    d.report(DiagnosticCode.MISSING_KEY, co.origin(), "a column needs a type");
                }
            }
            Optional<UniqueConstraint> pk = o.get("primary_key").filter(x -> !x.isNull()).map(this::constraint);
            List<UniqueConstraint> unique = new ArrayList<>();
            for (JsonValue u : list(o.get("unique").orElse(null))) {
                UniqueConstraint uc = constraint(u);
                if (uc != null) {
                    unique.add(uc);
                }
            }
            if (schema == null || name == null) {
                return null;
            }
            QualifiedName tn = QualifiedName.of(schema, name);
            List<ForeignKey> fks = new ArrayList<>();
            for (JsonValue f : list(o.get("foreign_keys").orElse(null))) {
                JsonObject fo = obj(f, "a foreign key");
                if (fo == null) {
                    continue;
                }
                String fkName = str(fo, "name");
                String ref = str(fo, "references");
                List<String> cols = names(fo.get("columns").orElse(null));
                List<String> refCols = names(fo.get("referenced_columns").orElse(null));
                if (fkName != null && ref != null && cols.size() == refCols.size() && !cols.isEmpty()) {
                    fks.add(new ForeignKey(fkName, tn, cols, QualifiedName.parse(ref), refCols));
                } else {
                    d.report(DiagnosticCode.INVALID_VALUE, fo.origin(), "a foreign key needs a name, references and "
                            + "as many referenced_columns as columns");
                }
            }
            Table.Writes writes = Table.Writes.defaultFor(kind);
            JsonObject wo = o.get("writes").filter(x -> !x.isNull()).map(x -> obj(x, "writes")).orElse(null);
            if (wo != null) {
                writes = new Table.Writes(bool(wo, "insert", writes.insert()), bool(wo, "update", writes.update()),
                        bool(wo, "delete", writes.delete()));
            }
            return new Table(tn, kind, columns, pk.filter(x -> x != null), unique, fks, writes);
        }

        UniqueConstraint constraint(JsonValue v) {
            JsonObject o = obj(v, "a constraint");
            if (o == null) {
                return null;
            }
            String name = str(o, "name");
            return name == null ? null : new UniqueConstraint(name, names(o.get("columns").orElse(null)));
        }

        SqlFunction function(JsonValue v) {
            JsonObject o = obj(v, "a function");
            if (o == null) {
                return null;
            }
            String schema = str(o, "schema");
            String name = str(o, "name");
            List<SqlFunction.Argument> args = new ArrayList<>();
            for (JsonValue a : list(o.get("arguments").orElse(null))) {
                JsonObject ao = obj(a, "a function argument");
                if (ao == null) {
                    continue;
                }
                PgType t = ao.get("type").map(this::type).orElse(null);
                if (t != null) {
                    args.add(new SqlFunction.Argument(ao.get("name").flatMap(JsonValue::asString), t, bool(ao, "default", false)));
                }
            }
            PgType returns = o.get("returns").map(this::type).orElse(null);
            if (schema == null || name == null || returns == null) {
                return null;
            }
            SqlFunction.Volatility volatility = SqlFunction.Volatility.VOLATILE;
            Optional<String> vol = o.get("volatility").flatMap(JsonValue::asString);
            if (vol.isPresent()) {
                switch (vol.get()) {
                    case "immutable" -> volatility = SqlFunction.Volatility.IMMUTABLE;
                    case "stable" -> volatility = SqlFunction.Volatility.STABLE;
                    case "volatile" -> volatility = SqlFunction.Volatility.VOLATILE;
                    default -> d.report(DiagnosticCode.INVALID_VALUE, o.origin(), "unknown function volatility "
                            + vol.get() + " (immutable, stable or volatile)");
                }
            }
            return new SqlFunction(QualifiedName.of(schema, name), args, returns, bool(o, "set", false), volatility);
        }

        PgType type(JsonValue v) {
            if (v instanceof JsonString s) {
                return new PgType.Base(QualifiedName.parse(s.value()));
            }
            if (v instanceof JsonObject o) {
                if (o.has("array")) {
                    PgType el = type(o.get("array").orElseThrow());
                    return el == null ? null : el instanceof PgType.Array a ? a : new PgType.Array(el);
                }
                if (o.has("enum")) {
                    return new PgType.Enum(QualifiedName.parse(str(o, "enum")), names(o.get("labels").orElse(null)));
                }
                if (o.has("composite")) {
                    return new PgType.Composite(QualifiedName.parse(str(o, "composite")));
                }
            }
            d.report(DiagnosticCode.INVALID_VALUE, v.origin(), "not a type: " + v.toJson());
            return null;
        }

        JsonObject obj(JsonValue v, String what) {
            if (v instanceof JsonObject o) {
                return o;
            }
            d.report(DiagnosticCode.INVALID_VALUE, v == null ? dev.hasuraperms.diagnostic.Origin.UNKNOWN : v.origin(),
                    "expected " + what + " (an object)");
            return null;
        }

        List<JsonValue> list(JsonValue v) {
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (v instanceof JsonArray a) {
                return a.elements();
            }
            d.report(DiagnosticCode.INVALID_VALUE, v.origin(), "expected a list");
            return List.of();
        }

        List<String> names(JsonValue v) {
            List<String> out = new ArrayList<>();
            for (JsonValue e : list(v)) {
                if (e instanceof JsonString s) {
                    out.add(s.value());
                } else {
                    d.report(DiagnosticCode.INVALID_VALUE, e.origin(), "expected a name");
                }
            }
            return out;
        }

        String str(JsonObject o, String key) {
            Optional<JsonValue> v = o.get(key);
            if (v.isPresent() && v.get() instanceof JsonString s) {
                return s.value();
            }
            d.report(DiagnosticCode.MISSING_KEY, o.origin(), "\"" + key + "\" must be a string");
            return null;
        }

        boolean bool(JsonObject o, String key, boolean def) {
            return o.get(key).filter(x -> x instanceof JsonBoolean).map(x -> ((JsonBoolean) x).value()).orElse(def);
        }
    }
}

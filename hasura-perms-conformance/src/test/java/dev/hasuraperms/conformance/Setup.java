package dev.hasuraperms.conformance;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies Hasura test setup files to a database: {@code run_sql} as SQL, {@code insert} as plain inserts, and every
 * other operation (metadata API, legacy names and {@code pg_} forms) through the library's metadata-API loader.
 */
final class Setup {

    /** The role the runner uses for requests without {@code X-Hasura-Role} (Hasura's admin, which bypasses permissions). */
    static final String ADMIN = "conformance_admin";

    private final Connection connection;
    private Metadata metadata = Metadata.empty();
    private final List<String> problems = new ArrayList<>();

    Setup(Connection connection) {
        this.connection = connection;
    }

    Metadata metadata() {
        return metadata;
    }

    void replaceMetadata(Metadata m) {
        metadata = m;
    }

    List<String> problems() {
        return problems;
    }

    /** Applies one setup document (an operation, a bulk, or a list), with the overlay's patch for it. */
    void apply(JsonValue document, Overlay.Patch patch, String name) throws SQLException {
        List<JsonValue> metadataOps = new ArrayList<>();
        for (JsonValue op : flatten(document)) {
            JsonObject o = (JsonObject) op;
            String type = ((JsonString) o.get("type").orElseThrow()).value();
            JsonValue args = o.get("args").orElse(JsonObject.empty());
            if (patch.skips(args)) {
                continue;
            }
            switch (type) {
                case "run_sql", "pg_run_sql" -> {
                    flush(metadataOps, name);
                    String sql = patch.sql(((JsonString) ((JsonObject) args).get("sql").orElseThrow()).value());
                    try (Statement st = connection.createStatement()) {
                        st.execute(sql);
                    }
                }
                case "insert" -> insert((JsonObject) args);
                default -> metadataOps.add(op);
            }
        }
        flush(metadataOps, name);
    }

    private void flush(List<JsonValue> ops, String name) {
        if (ops.isEmpty()) {
            return;
        }
        LoadResult r = MetadataLoader.defaults().tryApplyOperations(metadata, JsonWriter.compact(JsonArray.of(ops)), name);
        if (r.isOk()) {
            metadata = r.metadata().orElseThrow();
        } else {
            r.errors().forEach(d -> problems.add(name + ": " + d));
        }
        ops.clear();
    }

    static List<JsonValue> flatten(JsonValue document) {
        List<JsonValue> out = new ArrayList<>();
        if (document instanceof JsonArray a) {
            a.elements().forEach(e -> out.addAll(flatten(e)));
        } else if (document instanceof JsonObject o) {
            String type = o.get("type").map(t -> ((JsonString) t).value()).orElse("");
            if (type.equals("bulk") || type.equals("bulk_atomic") || type.equals("bulk_keep_going")) {
                out.addAll(flatten(o.get("args").orElse(JsonArray.of(List.of()))));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** A legacy {@code insert} query: each object a plain INSERT of its keys (types from the table's row type). */
    private void insert(JsonObject args) throws SQLException {
        QualifiedName table = tableName(args.get("table").orElseThrow());
        String quoted = quote(table.schema()) + "." + quote(table.name());
        for (JsonValue obj : ((JsonArray) args.get("objects").orElseThrow()).elements()) {
            JsonObject row = (JsonObject) obj;
            List<String> cols = row.keyList().stream().map(Setup::quote).toList();
            String list = String.join(", ", cols);
            String sql = "INSERT INTO " + quoted + " (" + list + ") SELECT " + list
                    + " FROM json_populate_record(NULL::" + quoted + ", ?::json)";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, JsonWriter.compact(row));
                ps.executeUpdate();
            }
        }
    }

    static QualifiedName tableName(JsonValue v) {
        if (v instanceof JsonString s) {
            return QualifiedName.of("public", s.value());
        }
        JsonObject o = (JsonObject) v;
        String schema = o.get("schema").map(x -> ((JsonString) x).value()).orElse("public");
        return QualifiedName.of(schema, ((JsonString) o.get("name").orElseThrow()).value());
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * Checks the metadata against the live catalog, with the runner's admin stand-in added: a role with every column,
     * computed field and an empty filter on every tracked table, for each operation (Hasura's admin bypasses
     * permissions; the library has no admin, and refuses permissions named {@code admin}).
     */
    CheckedPermissions check() {
        Metadata withAdmin = withAdmin(metadata);
        var schema = JdbcSchemaReader.defaults().read(connection);
        CheckResult r = PermissionChecker.check(withAdmin, schema);
        if (!r.errors().isEmpty()) {
            throw new IllegalStateException("setup does not type-check: " + r.errors());
        }
        return r.orThrow();
    }

    private Metadata withAdmin(Metadata m) {
        List<JsonValue> ops = new ArrayList<>();
        for (Source s : m.sources()) {
            for (TableMetadata t : s.tables()) {
                JsonObject table = JsonObject.of(Map.of("schema", JsonString.of(t.table().schema()),
                        "name", JsonString.of(t.table().name())));
                ops.add(perm("create_select_permission", table, Map.of("columns", JsonString.of("*"),
                        "filter", JsonObject.empty(), "computed_fields", JsonArray.of(List.of()),
                        "allow_aggregations", dev.hasuraperms.json.JsonBoolean.of(true))));
                ops.add(perm("create_insert_permission", table, Map.of("columns", JsonString.of("*"),
                        "check", JsonObject.empty())));
                ops.add(perm("create_update_permission", table, Map.of("columns", JsonString.of("*"),
                        "filter", JsonObject.empty())));
                ops.add(perm("create_delete_permission", table, Map.of("filter", JsonObject.empty())));
            }
        }
        LoadResult r = MetadataLoader.defaults().tryApplyOperations(m, JsonWriter.compact(JsonArray.of(ops)), "admin");
        return r.orThrow();
    }

    private static JsonValue perm(String type, JsonObject table, Map<String, JsonValue> permission) {
        Map<String, JsonValue> args = new LinkedHashMap<>();
        args.put("table", table);
        args.put("role", JsonString.of(ADMIN));
        args.put("permission", JsonObject.of(permission));
        return JsonObject.of(Map.of("type", JsonString.of(type), "args", JsonObject.of(args)));
    }

    static final Set<String> SQL_TYPES = Set.of("run_sql", "pg_run_sql");
}

package dev.hasuraperms.testkit;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.enforce.ColumnValues;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.types.PgText;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.SqlNull;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Row helpers shared by both modes: canonical values, primary keys, and the admin SQL of database mode. */
final class Rows {

    private Rows() {
    }

    static QualifiedName name(String table) {
        return QualifiedName.parse(table);
    }

    static Table table(DatabaseSchema schema, QualifiedName name) {
        return schema.table(name).orElseThrow(() -> new IllegalArgumentException("the schema has no table " + name));
    }

    static Table table(CheckedPermissions checked, QualifiedName name) {
        return table(checked.schema(), name);
    }

    /** The given values read as the columns' types (canonical Java values); an unknown column is refused. */
    static Map<String, Object> canonical(Table t, Map<String, ?> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        given.forEach((c, v) -> {
            Column col = t.column(c).orElseThrow(() -> new IllegalArgumentException(
                    "table " + t.name() + " has no column " + c + " (it has " + columnNames(t) + ")"));
            out.put(c, ColumnValues.read(t.name(), col, v));
        });
        return out;
    }

    static List<String> columnNames(Table t) {
        return t.columns().stream().map(Column::name).toList();
    }

    /** Every column NULL, then {@code base}, then {@code overlay}. */
    static Map<String, Object> complete(Table t, Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Column c : t.columns()) {
            out.put(c.name(), SqlNull.INSTANCE);
        }
        out.putAll(base);
        out.putAll(overlay);
        return out;
    }

    /** Whether {@code row} gives every primary key column a non-NULL value. */
    static boolean hasKey(Table t, Map<String, Object> row) {
        List<String> pk = t.primaryKeyColumns();
        if (pk.isEmpty()) {
            return false;
        }
        for (String c : pk) {
            Object v = row.get(c);
            if (v == null || v == SqlNull.INSTANCE) {
                return false;
            }
        }
        return true;
    }

    /** The primary key values of {@code row}. */
    static Map<String, Object> key(Table t, Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : t.primaryKeyColumns()) {
            out.put(c, row.get(c));
        }
        return out;
    }

    /** The row's id: its primary key value, or the list of them for a composite key. */
    static Object id(Table t, Map<String, Object> row) {
        List<String> pk = requireKey(t);
        if (pk.size() == 1) {
            return row.get(pk.get(0));
        }
        List<Object> out = new ArrayList<>();
        pk.forEach(c -> out.add(row.get(c)));
        return out;
    }

    static List<String> requireKey(Table t) {
        List<String> pk = t.primaryKeyColumns();
        if (pk.isEmpty()) {
            throw new IllegalArgumentException("table " + t.name() + " has no primary key: rows cannot be named by id");
        }
        return pk;
    }

    /**
     * A primary key from a caller's id: a map of key columns (or a whole row), a JSON object, a list for a composite
     * key, or a single value for a one-column key.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> keyOf(Table t, Object id) {
        List<String> pk = requireKey(t);
        if (id instanceof JsonObject o) {
            return key(t, canonical(t, o.members()));
        }
        if (id instanceof Map<?, ?> m) {
            return key(t, canonical(t, (Map<String, ?>) m));
        }
        List<?> parts = id instanceof List<?> l ? l
                : id instanceof dev.hasuraperms.json.JsonArray a ? a.elements() : List.of(id);
        if (parts.size() != pk.size()) {
            throw new IllegalArgumentException("table " + t.name() + " has primary key " + pk + ": an id needs "
                    + pk.size() + " value(s), found " + id);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pk.size(); i++) {
            Column c = t.column(pk.get(i)).orElseThrow();
            out.put(c.name(), ColumnValues.read(t.name(), c, parts.get(i)));
        }
        return out;
    }

    /** The id of a caller's id value (canonical), as {@link #id} gives it. */
    static Object canonicalId(Table t, Object id) {
        return id(t, keyOf(t, id));
    }

    // ------------------------------------------------------------------------------------------- database side

    static String quote(String identifier) {
        return QualifiedName.quote(identifier);
    }

    static String qualified(QualifiedName n) {
        return quote(n.schema()) + "." + quote(n.name());
    }

    /** {@code "a" = ?::int4 AND "b" = ?::text} over {@code alias}, for the key columns. */
    static String keyCondition(Table t, String alias) {
        StringBuilder sb = new StringBuilder();
        for (String c : requireKey(t)) {
            if (sb.length() > 0) {
                sb.append(" AND ");
            }
            sb.append(alias == null ? "" : quote(alias) + ".").append(quote(c)).append(" = ?::")
                    .append(t.column(c).orElseThrow().type().sqlName());
        }
        return sb.toString();
    }

    static List<Object> keyValues(Table t, Map<String, Object> key) {
        List<Object> out = new ArrayList<>();
        for (String c : requireKey(t)) {
            out.add(text(key.get(c)));
        }
        return out;
    }

    /** The PostgreSQL text of a canonical value, or {@code null} for NULL. */
    static String text(Object v) {
        if (v == null || v == SqlNull.INSTANCE) {
            return null;
        }
        if (v instanceof byte[] b) {
            StringBuilder sb = new StringBuilder("\\x");
            for (byte x : b) {
                sb.append(String.format("%02x", x & 0xff));
            }
            return sb.toString();
        }
        return PgText.of(v);
    }

    static void bindText(PreparedStatement ps, int i, String text) throws SQLException {
        if (text == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, text);
        }
    }

    /** The stored row with this key, every column canonical. */
    static Optional<Map<String, Object>> read(Connection c, Table t, Map<String, Object> key) throws SQLException {
        String sql = "SELECT * FROM " + qualified(t.name()) + " WHERE " + keyCondition(t, null);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object v : keyValues(t, key)) {
                bindText(ps, i++, (String) v);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(readRow(t, rs));
            }
        }
    }

    static Map<String, Object> readRow(Table t, ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Column col : t.columns()) {
            String s = rs.getString(col.name());
            row.put(col.name(), s == null ? SqlNull.INSTANCE : PgValues.parseText(col.type(), s));
        }
        return row;
    }

    /** Inserts {@code row} (the given columns; the others get their defaults) as the connection's user. */
    static void insert(Connection c, Table t, Map<String, Object> row) throws SQLException {
        List<String> cols = new ArrayList<>(row.keySet());
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(t.name()));
        if (cols.isEmpty()) {
            sql.append(" DEFAULT VALUES");
        } else {
            StringBuilder values = new StringBuilder();
            sql.append(" (");
            for (int i = 0; i < cols.size(); i++) {
                sql.append(i > 0 ? ", " : "").append(quote(cols.get(i)));
                values.append(i > 0 ? ", " : "").append("?::").append(t.column(cols.get(i)).orElseThrow().type().sqlName());
            }
            sql.append(") OVERRIDING SYSTEM VALUE VALUES (").append(values).append(')');
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String col : cols) {
                bindText(ps, i++, text(row.get(col)));
            }
            ps.executeUpdate();
        }
    }

    /** Updates the stored row with {@code row}'s key to {@code row}'s other values, as the connection's user. */
    static void update(Connection c, Table t, Map<String, Object> row) throws SQLException {
        List<String> pk = requireKey(t);
        List<String> rest = row.keySet().stream().filter(x -> !pk.contains(x)).toList();
        if (rest.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(qualified(t.name())).append(" SET ");
        for (int i = 0; i < rest.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(quote(rest.get(i))).append(" = ?::")
                    .append(t.column(rest.get(i)).orElseThrow().type().sqlName());
        }
        sql.append(" WHERE ").append(keyCondition(t, null));
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String col : rest) {
                bindText(ps, i++, text(row.get(col)));
            }
            for (Object v : keyValues(t, key(t, row))) {
                bindText(ps, i++, (String) v);
            }
            ps.executeUpdate();
        }
    }
}

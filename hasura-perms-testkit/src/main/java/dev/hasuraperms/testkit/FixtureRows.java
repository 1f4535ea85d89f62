package dev.hasuraperms.testkit;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rows per table: what a test's permissions are judged against. In memory they are the only rows (relationships and
 * {@code _exists} read them); in database mode {@link #load(Connection, DatabaseSchema)} writes them, in the order
 * the tables were added (parents before children, for foreign keys). Values are what
 * {@link dev.hasuraperms.enforce.ColumnValues} accepts (Java values, PostgreSQL text, JSON values). Immutable.
 */
public final class FixtureRows {

    private final Map<QualifiedName, List<Map<String, ?>>> tables;

    private FixtureRows(Map<QualifiedName, List<Map<String, ?>>> tables) {
        this.tables = Collections.unmodifiableMap(tables);
    }

    /**
     * No rows.
     *
     * @return an empty set of fixture rows
     */
    public static FixtureRows empty() {
        return new FixtureRows(new LinkedHashMap<>());
    }

    /**
     * These rows and {@code rows} of {@code table} ({@code name} or {@code schema.name}), added after any it has.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param rows the rows, each column → value; copied
     * @return new fixture rows; these are unchanged
     */
    public FixtureRows with(String table, List<? extends Map<String, ?>> rows) {
        return with(Rows.name(table), rows);
    }

    /**
     * These rows and {@code rows} of {@code table}.
     *
     * @param table the table
     * @param rows the rows, each column → value; copied
     * @return new fixture rows; these are unchanged
     */
    public FixtureRows with(QualifiedName table, List<? extends Map<String, ?>> rows) {
        Objects.requireNonNull(table, "table");
        Map<QualifiedName, List<Map<String, ?>>> copy = new LinkedHashMap<>(tables);
        List<Map<String, ?>> list = new ArrayList<>(copy.getOrDefault(table, List.of()));
        for (Map<String, ?> r : rows) {
            list.add(Collections.unmodifiableMap(new LinkedHashMap<>(r)));
        }
        copy.put(table, List.copyOf(list));
        return new FixtureRows(copy);
    }

    /**
     * The tables, in the order they were added.
     *
     * @return the tables; unmodifiable
     */
    public Set<QualifiedName> tables() {
        return tables.keySet();
    }

    /**
     * The rows of {@code table}, as given (empty when none).
     *
     * @param table the table
     * @return the rows, unmodifiable
     */
    public List<Map<String, ?>> rows(QualifiedName table) {
        return tables.getOrDefault(table, List.of());
    }

    /**
     * Inserts the rows, as the connection's user (no permissions), table by table in the order they were added, with
     * {@code OVERRIDING SYSTEM VALUE}; then moves each serial or identity sequence of those tables past the largest
     * value, so that inserts without an id do not collide with a fixture row. Does not commit.
     *
     * @param connection a connection to the database with the tables
     * @param schema the schema of the database (for the columns' types and the sequences)
     * @throws SQLException when an insert fails
     */
    public void load(Connection connection, DatabaseSchema schema) throws SQLException {
        for (Map.Entry<QualifiedName, List<Map<String, ?>>> e : tables.entrySet()) {
            Table t = Rows.table(schema, e.getKey());
            for (Map<String, ?> row : e.getValue()) {
                Rows.insert(connection, t, Rows.canonical(t, row));
            }
            for (Column c : t.columns()) {
                String seq;
                try (PreparedStatement ps = connection.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
                    ps.setString(1, Rows.qualified(t.name()));
                    ps.setString(2, c.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        seq = rs.getString(1);
                    }
                }
                if (seq != null) {
                    try (PreparedStatement ps = connection.prepareStatement("SELECT setval(?::regclass, (SELECT coalesce(max("
                            + Rows.quote(c.name()) + "), 0) + 1 FROM " + Rows.qualified(t.name()) + ")::bigint, false)")) {
                        ps.setString(1, seq);
                        ps.execute();
                    }
                }
            }
        }
    }

    /**
     * Deletes every row of the fixture tables (children first), as the connection's user. Does not commit.
     *
     * @param connection a connection to the database with the tables
     * @throws SQLException when a delete fails
     */
    public void clear(Connection connection) throws SQLException {
        List<QualifiedName> order = new ArrayList<>(tables.keySet());
        Collections.reverse(order);
        try (Statement st = connection.createStatement()) {
            for (QualifiedName t : order) {
                st.execute("DELETE FROM " + Rows.qualified(t));
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FixtureRows[");
        tables.forEach((t, r) -> sb.append(sb.length() > 12 ? ", " : "").append(t).append(": ").append(r.size()));
        return sb.append(']').toString();
    }
}

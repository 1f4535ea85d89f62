package dev.hasuraperms.benchmarks.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A schema with data, permissions and the queries to compare. */
interface Workload {

    /** e.g. {@code seed 1M}. */
    String name();

    /** Creates the schema, loads the data, analyzes, and sets up the row-level-security roles and policies. */
    void load(Connection connection) throws SQLException;

    /** The cases, after {@link #load}. */
    List<Case> cases(Connection connection) throws SQLException;

    /** The table every permission filters (the large one). */
    String largeTable();

    static void execute(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

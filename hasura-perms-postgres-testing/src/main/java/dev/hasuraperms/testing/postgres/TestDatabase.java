package dev.hasuraperms.testing.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A database of its own for one test class, on the shared {@link PostgresServer}. */
public final class TestDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;
    private final String jdbcUrl;
    private final DataSource dataSource = new SimpleDataSource();

    TestDatabase(PostgresServer server, String name, String jdbcUrl) {
        this.server = server;
        this.name = name;
        this.jdbcUrl = jdbcUrl;
    }

    /** The database name. */
    public String name() {
        return name;
    }

    /** The JDBC URL of this database (without credentials). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user to connect as ({@code postgres} for the embedded server). */
    public String user() {
        return server.credentials().getProperty("user", "");
    }

    /** The password to connect with (empty for the embedded server). */
    public String password() {
        return server.credentials().getProperty("password", "");
    }

    /** A data source that opens a new connection to this database on every call. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Opens a new connection to this database. The caller closes it. */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, server.credentials());
    }

    /** Runs SQL (one or more statements separated by semicolons, as the simple query protocol allows). */
    public void execute(String sql) {
        try (Connection c = connection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage() + "\n" + abbreviate(sql), e);
        }
    }

    /** Runs a SQL script file. */
    public void executeScript(Path script) {
        try {
            execute(Files.readString(script, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a SQL script from the class path. */
    public void executeResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no such resource: " + resource);
            }
            execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a query and returns its rows as ordered maps from column label to JDBC value. */
    public List<Map<String, Object>> query(String sql) {
        try (Connection c = connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage() + "\n" + abbreviate(sql), e);
        }
    }

    /** Drops the database. */
    @Override
    public void close() {
        server.dropDatabase(name);
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " on " + server.description() + "]";
    }

    static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 2000 ? sql : sql.substring(0, 2000) + " ...";
    }

    private final class SimpleDataSource implements DataSource {
        private PrintWriter logWriter;
        private int loginTimeout;

        @Override
        public Connection getConnection() throws SQLException {
            return connection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return logWriter;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            this.logWriter = out;
        }

        @Override
        public void setLoginTimeout(int seconds) {
            this.loginTimeout = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeout;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper for " + iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }

        @Override
        public String toString() {
            return TestDatabase.this.toString();
        }
    }
}

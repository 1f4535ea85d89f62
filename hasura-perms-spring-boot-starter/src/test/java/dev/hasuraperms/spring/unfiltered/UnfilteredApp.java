package dev.hasuraperms.spring.unfiltered;

import dev.hasuraperms.spring.app.Event;
import dev.hasuraperms.spring.app.EventsApp;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import javax.sql.DataSource;
import java.util.List;

/** An application whose repository declares query methods the permissions cannot filter. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = Event.class)
@EnableJpaRepositories(basePackageClasses = UnfilteredApp.class, considerNestedRepositories = true)
public class UnfilteredApp {

    public interface LeakyEventRepository extends JpaRepository<Event, Integer> {
        java.util.stream.Stream<Event> streamAllByType(String type);

        List<Event> findByTypeRegex(String type);

        @Query("select e from Event e where e.type = ?1")
        List<Event> jpql(String type);

        @Query(value = "select * from events", nativeQuery = true)
        List<Event> everything();
    }

    @Bean
    public DataSource dataSource() {
        return EventsApp.database().dataSource();
    }
}

package dev.hasuraperms.spring.app;

import dev.hasuraperms.spring.jpa.BypassPermissions;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.List;

public interface EventRepository extends JpaRepository<Event, Integer>, JpaSpecificationExecutor<Event> {

    /** A deliberately unfiltered query method (every call logged at WARN). */
    @BypassPermissions("test: a report over every user's events")
    List<Event> findByType(String type);
}

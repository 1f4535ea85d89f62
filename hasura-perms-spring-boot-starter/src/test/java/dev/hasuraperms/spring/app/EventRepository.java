package dev.hasuraperms.spring.app;

import dev.hasuraperms.spring.jpa.BypassPermissions;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface EventRepository extends JpaRepository<Event, Integer>, JpaSpecificationExecutor<Event> {

    /** A deliberately unfiltered query method (every call logged at WARN). */
    @BypassPermissions("test: a report over every user's events")
    List<Event> findByType(String type);

    // derived query methods: run as Specifications with the permission AND-ed in
    List<Event> findByTypeAndIdGreaterThanOrderByIdAsc(String type, Integer id);

    long countByType(String type);

    boolean existsByType(String type);

    Optional<Event> findFirstByTypeOrderByIdAsc(String type);

    Optional<Event> findOneById(Integer id);

    Page<Event> findByTypeIn(Collection<String> types, Pageable pageable);

    List<Event> findByUserUsernameStartingWithIgnoreCase(String prefix);

    long deleteByType(String type);
}

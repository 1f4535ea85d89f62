package dev.hasuraperms.examples.jpa;

import dev.hasuraperms.spring.jpa.JpaPermissions;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API: every read goes through the role's select Specification; writes through the guarded entities. */
@RestController
@RequestMapping("/api")
public class ApiController {

    private final JpaPermissions perms;
    private final EventRepository events;
    private final UserRepository users;

    public ApiController(JpaPermissions perms, EventRepository events, UserRepository users) {
        this.perms = perms;
        this.events = events;
        this.users = users;
    }

    /** The caller's events (the permission's filter), newest first, optionally of one type; at most 10 a page. */
    @GetMapping("/events")
    @Transactional(readOnly = true)
    public Map<String, Object> events(@RequestParam(name = "type", required = false) String type,
                                      @RequestParam(name = "page", defaultValue = "0") int page,
                                      @RequestParam(name = "size", defaultValue = "10") int size) {
        Specification<Event> spec = perms.select(Event.class);
        if (type != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("type"), type));
        }
        Page<Event> p = events.findAll(spec, perms.limit(Event.class,
                PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "happenedAt", "id"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", p.getTotalElements());
        body.put("events", p.getContent().stream().map(ApiController::json).toList());
        return body;
    }

    /** One event, 404 when it does not exist or the caller may not see it. */
    @GetMapping("/events/{id}")
    @Transactional(readOnly = true)
    public ResponseEntity<Map<String, Object>> event(@PathVariable("id") int id) {
        Specification<Event> byId = (root, query, cb) -> cb.equal(root.get("id"), id);
        return events.findOne(perms.select(Event.class).and(byId)).map(ApiController::json)
                .map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    /** The caller's user row. */
    @GetMapping("/me")
    @Transactional(readOnly = true)
    public List<Map<String, Object>> me() {
        return users.findAll(perms.select(User.class)).stream()
                .map(u -> Map.<String, Object>of("id", u.getId(), "username", u.getUsername())).toList();
    }

    /** Renames the caller (update permission: column username, filter id = X-Hasura-User-Id). */
    @PatchMapping("/users/{id}")
    @Transactional
    public ResponseEntity<Map<String, Object>> rename(@PathVariable("id") int id, @RequestBody Map<String, String> body) {
        // findOne with the update Specification: rows outside the update filter are simply not found
        return users.findOne(perms.update(User.class).and((root, query, cb) -> cb.equal(root.get("id"), id)))
                .map(u -> {
                    u.setUsername(body.get("username"));
                    users.flush();
                    return ResponseEntity.ok(Map.<String, Object>of("id", u.getId(), "username", u.getUsername()));
                })
                .orElse(ResponseEntity.notFound().build());
    }

    private static Map<String, Object> json(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.getId());
        m.put("userId", e.getUser().getId());
        m.put("type", e.getType());
        m.put("data", e.getData());
        m.put("happenedAt", e.getHappenedAt());
        return m;
    }
}

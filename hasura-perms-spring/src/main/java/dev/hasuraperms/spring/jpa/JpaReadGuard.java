package dev.hasuraperms.spring.jpa;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.jdbc.CompiledPredicate;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.SqlIdentifiers;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.metadata.Operation;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostLoadEvent;
import org.hibernate.event.spi.PostLoadEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * The read net under the repositories: every entity of a table with permissions that Hibernate loads from the
 * database — {@code EntityManager.find}, JPQL, lazy and eager associations, custom repository code — must satisfy
 * the current session's select permission. Rows a guarded repository read through its select Specification are
 * vouched for by that query; any other loaded row is checked in SQL (the select filter evaluated on the row by its
 * key, on the same connection) and refused with {@link PermissionDeniedException} when the filter is not TRUE, or
 * when the role has no select permission. Inside {@link PermissionBypass} and while a guarded repository writes
 * (loads for merge and delete, judged by {@link JpaWriteGuard}), loads are not checked.
 *
 * <p>An entity already in the persistence context is returned from it without a load: a row loaded under a bypass
 * or another session stays visible to the rest of that transaction.
 */
public final class JpaReadGuard implements PostLoadEventListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JpaReadGuard.class);
    private static final String ALIAS = "hp_row";

    private final transient JpaPermissions perms;
    private final transient CheckedPermissions permissions;
    private final transient JdbcPermissions jdbc;

    private JpaReadGuard(JpaPermissions perms) {
        this.perms = perms;
        this.permissions = perms.permissions();
        this.jdbc = JdbcPermissions.of(permissions);
    }

    /**
     * Registers the read net (a post-load listener checking each loaded entity against the select permission) with
     * the Hibernate session factory behind {@code emf}.
     *
     * @param perms the JPA permissions whose select permissions loaded entities are checked against
     * @param emf   the entity manager factory; it must be Hibernate's
     * @return the installed guard, never null
     */
    public static JpaReadGuard install(JpaPermissions perms, EntityManagerFactory emf) {
        JpaReadGuard guard = new JpaReadGuard(perms);
        emf.unwrap(SessionFactoryImplementor.class).getServiceRegistry().getService(EventListenerRegistry.class)
                .appendListeners(EventType.POST_LOAD, guard);
        return guard;
    }

    Optional<EntityMapping> guarded(Class<?> type) {
        return perms.mappings().forClass(type).filter(m -> permissions.table(m.table()).isPresent());
    }

    @Override
    public void onPostLoad(PostLoadEvent event) {
        if (PermissionBypass.active()) {
            return;
        }
        Object entity = event.getEntity();
        Optional<EntityMapping> om = guarded(org.hibernate.Hibernate.getClass(entity));
        if (om.isEmpty()) {
            return;
        }
        ReadScope scope = ReadScope.current();
        if (scope != null && scope.write) {
            return;
        }
        if (scope != null && scope.filtered == om.get()) {
            scope.loaded.add(entity);
            return;
        }
        verify(event.getSession(), om.get(), event.getId());
    }

    /** Checks the entities of {@code scope} that Hibernate loaded but the filtered query did not return. */
    void verifyUnreturned(ReadScope scope, Object result, SharedSessionContractImplementor session) {
        if (scope.loaded.isEmpty()) {
            return;
        }
        Set<Object> returned = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(result, returned);
        for (Object e : scope.loaded) {
            if (!returned.contains(e)) {
                verify(session, scope.filtered, perms.mappings().persister(scope.filtered.entity()).orElseThrow()
                        .getIdentifier(e, session));
            }
        }
    }

    private static void collect(Object result, Set<Object> out) {
        if (result instanceof Optional<?> o) {
            o.ifPresent(out::add);
        } else if (result instanceof Iterable<?> it) {
            it.forEach(out::add);
        } else if (result != null) {
            out.add(result);
        }
    }

    private void verify(SharedSessionContractImplementor hibernate, EntityMapping m, Object id) {
        SessionValues session = perms.sessions().resolve();
        if (permissions.select(m.table(), session.role()).isEmpty()) {
            LOG.info("hasura-perms: refused loading {} {} = {}: role {} has no select permission", m.table().toSql(),
                    m.idColumns().get(0), id, session.role());
            throw new PermissionDeniedException(session.role(), m.table(), Operation.SELECT);
        }
        CompiledPredicate filter = jdbc.compiledSelectFilter(m.table(), session.role(), Optional.of(ALIAS));
        SqlPredicate bound = filter.bind(session);
        String sql = "SELECT (" + bound.sql() + ") FROM " + SqlIdentifiers.quote(m.table()) + " AS " + ALIAS
                + " WHERE " + ALIAS + "." + SqlIdentifiers.quote(m.idColumns().get(0)) + " = ?";
        Boolean ok = hibernate.doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int next = bound.bind(ps, 1);
                ps.setObject(next, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? (Boolean) rs.getObject(1) : null;
                }
            }
        });
        if (ok != Boolean.TRUE) {
            LOG.info("hasura-perms: refused loading {} {} = {}: outside role {}'s select permission",
                    m.table().toSql(), m.idColumns().get(0), id, session.role());
            throw new PermissionDeniedException(session.role(), m.table(), Operation.SELECT,
                    "the row " + m.idColumns().get(0) + " = " + id + " is outside the select permission's filter"
                            + " (loaded outside a permission-filtered query)");
        }
    }
}

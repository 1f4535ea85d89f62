package dev.hasuraperms.spring.jpa;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.Enforcement;
import dev.hasuraperms.enforce.JdbcRelations;
import dev.hasuraperms.enforce.JdbcRows;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.jdbc.CompiledPredicate;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.SqlIdentifiers;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.spring.SessionResolver;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.generator.Assigned;
import org.hibernate.persister.entity.EntityPersister;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Guards Hibernate writes of entities whose table has permissions, for the current session, inside the flush:
 *
 * <ul>
 *   <li><b>insert</b> — no insert permission → {@link PermissionDeniedException}; a non-null attribute whose column
 *       is not insertable → {@link ColumnNotAllowedException}; presets are written into the entity's state before
 *       the INSERT (a preset attribute holding another value → {@link ColumnNotAllowedException}); after the INSERT,
 *       in the same transaction and on the same connection, the permission's {@code check} is evaluated in SQL on
 *       the row as written (defaults and triggers included): FALSE → {@link CheckViolationException} (NULL passes,
 *       as in Hasura), which rolls the surrounding transaction back. The write runs behind a savepoint (set before
 *       the statement, released when the check passes): on failure the guard rolls back to it before it explains the
 *       failure, so that the explanation never runs while the write holds its locks.</li>
 *   <li><b>update</b> — the row must satisfy the update permission's {@code filter} before the UPDATE (else
 *       {@link PermissionDeniedException}); only updatable attributes may change; presets are forced; the
 *       {@code check} is evaluated after the UPDATE as for insert.</li>
 *   <li><b>delete</b> — the row must satisfy the delete permission's {@code filter}.</li>
 * </ul>
 *
 * <p>When the permission has {@code validate_input}, the {@link dev.hasuraperms.enforce.InputValidator} registered
 * in the checked permissions is called after those validations, inside the flush (so inside the transaction) and
 * before the statement, with Hasura's payload as {@code SecureJdbc} builds it
 * ({@link Enforcement#validateInsertInput}): an insert's input is the non-null attributes the caller gave (no presets,
 * no {@code @Version}), an update's {@code {"_set": ...}} the attributes it changed, a delete's {@code {}}. A rejection
 * throws {@link dev.hasuraperms.enforce.InputRejectedException}, which rolls the transaction back.
 *
 * <p>The {@code @Version} attribute, which Hibernate increments itself, is exempt from the column guard. An attribute
 * the guard cannot map to one column (an {@code @Embedded} value) may not change. JPQL/Criteria bulk
 * {@code UPDATE}/{@code DELETE} statements and native SQL do not fire entity events: they are not guarded (use the
 * {@code update}/{@code delete} Specifications to filter them).
 */
public final class JpaWriteGuard implements PreInsertEventListener, PostInsertEventListener, PreUpdateEventListener,
        PostUpdateEventListener, PreDeleteEventListener {

    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JpaWriteGuard.class);
    private static final String ALIAS = "hp_row";
    private static final String OK = "hasura_perms_ok";

    private final transient JpaPermissions perms;
    private final transient CheckedPermissions permissions;
    private final transient JdbcPermissions jdbc;
    private final transient Enforcement enforcement;
    private final transient SessionResolver sessions;
    /** The savepoint set before the pending guarded write of this thread (pre and post events come in pairs). */
    private final transient ThreadLocal<Pending> pending = new ThreadLocal<>();

    /** A savepoint set before the write of {@code entity}. */
    private record Pending(Object entity, Savepoint savepoint) {
    }

    private JpaWriteGuard(JpaPermissions perms) {
        this.perms = perms;
        this.permissions = perms.permissions();
        this.jdbc = JdbcPermissions.of(permissions);
        this.enforcement = Enforcement.of(permissions);
        this.sessions = perms.sessions();
    }

    /**
     * Registers the guard (pre/post insert, pre/post update and pre delete listeners) with the Hibernate session
     * factory behind {@code emf}.
     *
     * @param perms the JPA permissions whose insert, update and delete permissions writes are checked against
     * @param emf   the entity manager factory; it must be Hibernate's
     * @return the installed guard, never null
     */
    public static JpaWriteGuard install(JpaPermissions perms, EntityManagerFactory emf) {
        JpaWriteGuard guard = new JpaWriteGuard(perms);
        EventListenerRegistry registry = emf.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .getService(EventListenerRegistry.class);
        registry.appendListeners(EventType.PRE_INSERT, guard);
        registry.appendListeners(EventType.POST_INSERT, guard);
        registry.appendListeners(EventType.PRE_UPDATE, guard);
        registry.appendListeners(EventType.POST_UPDATE, guard);
        registry.appendListeners(EventType.PRE_DELETE, guard);
        return guard;
    }

    private Optional<EntityMapping> guarded(Object entity) {
        return perms.mappings().forClass(entity.getClass())
                .filter(m -> permissions.table(m.table()).isPresent());
    }

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        try {
            return preInsert(event);
        } catch (HasuraPermsException e) {
            throw logged(e, event.getEntity());
        }
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        try {
            postInsert(event);
        } catch (HasuraPermsException e) {
            throw logged(e, event.getEntity());
        }
    }

    @Override
    public boolean onPreUpdate(PreUpdateEvent event) {
        try {
            return preUpdate(event);
        } catch (HasuraPermsException e) {
            throw logged(e, event.getEntity());
        }
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        try {
            postUpdate(event);
        } catch (HasuraPermsException e) {
            throw logged(e, event.getEntity());
        }
    }

    @Override
    public boolean onPreDelete(PreDeleteEvent event) {
        try {
            return preDelete(event);
        } catch (HasuraPermsException e) {
            throw logged(e, event.getEntity());
        }
    }

    private static HasuraPermsException logged(HasuraPermsException e, Object entity) {
        LOG.info("hasura-perms: refused a write of {} ({}): {}", entity.getClass().getSimpleName(), e.code(),
                e.getMessage());
        return e;
    }

    // ---- insert ------------------------------------------------------------------------------------------------------

    private boolean preInsert(PreInsertEvent event) {
        Optional<EntityMapping> om = guarded(event.getEntity());
        if (om.isEmpty()) {
            return false;
        }
        EntityMapping m = om.get();
        SessionValues session = sessions.resolve();
        InsertRule rule = permissions.insert(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.INSERT));
        JpaPermissions.backendOnly(rule.backendOnly(), session, m.table(), Operation.INSERT);
        EntityPersister p = event.getPersister();
        if (event.getId() != null && p.getGenerator() instanceof Assigned) {
            String idColumn = m.idColumns().get(0);
            if (!rule.insertableColumns().contains(idColumn)) {
                throw new ColumnNotAllowedException(session.role(), m.table(), Operation.INSERT, idColumn,
                        "is not an insertable column of the permission");
            }
        }
        Object[] state = event.getState();
        String[] names = p.getPropertyNames();
        Map<String, String> columnOf = columnsByAttribute(m);
        for (int i = 0; i < names.length; i++) {
            if (isVersion(p, i)) {
                continue;
            }
            String column = columnOf.get(names[i]);
            if (column == null || state[i] == null || rule.presets().containsKey(column)) {
                continue;
            }
            if (!rule.insertableColumns().contains(column)) {
                throw new ColumnNotAllowedException(session.role(), m.table(), Operation.INSERT, column,
                        "is not an insertable column of the permission");
            }
        }
        applyPresets(rule.presets(), m, event.getEntity(), state, p, event.getSession(), session, Operation.INSERT,
                null);
        if (rule.validateInput().isPresent()) {
            // Hasura's input: the columns the caller gave (non-null attributes; no presets, no version), in the flush,
            // inside the transaction, before the INSERT.
            Map<String, Object> given = new LinkedHashMap<>();
            if (event.getId() != null && p.getGenerator() instanceof Assigned) {
                given.put(m.idColumns().get(0), event.getId());
            }
            for (int i = 0; i < names.length; i++) {
                String column = columnOf.get(names[i]);
                if (isVersion(p, i) || column == null || state[i] == null || rule.presets().containsKey(column)) {
                    continue;
                }
                given.put(column, columnValue(p, names[i], state[i], m, column, event.getSession()));
            }
            enforcement.validateInsertInput(m.table(), session, List.of(given));
        }
        if (!isTrue(rule.check())) {
            savepoint(event.getSession(), event.getEntity());
        }
        return false;
    }

    private void postInsert(PostInsertEvent event) {
        Optional<EntityMapping> om = guarded(event.getEntity());
        if (om.isEmpty()) {
            return;
        }
        EntityMapping m = om.get();
        SessionValues session = sessions.resolve();
        InsertRule rule = permissions.insert(m.table(), session.role()).orElseThrow();
        if (!isTrue(rule.check())) {
            check(event.getSession(), m, event.getId(), session, Operation.INSERT, rule.check(),
                    jdbc.compiledInsertCheck(m.table(), session.role(), Optional.of(ALIAS)),
                    takeSavepoint(event.getEntity()));
        }
    }

    // ---- update ------------------------------------------------------------------------------------------------------

    private boolean preUpdate(PreUpdateEvent event) {
        Optional<EntityMapping> om = guarded(event.getEntity());
        if (om.isEmpty()) {
            return false;
        }
        EntityMapping m = om.get();
        SessionValues session = sessions.resolve();
        UpdateRule rule = permissions.update(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.UPDATE));
        JpaPermissions.backendOnly(rule.backendOnly(), session, m.table(), Operation.UPDATE);
        Object[] state = event.getState();
        Object[] old = event.getOldState();
        EntityPersister p = event.getPersister();
        String[] names = p.getPropertyNames();
        Map<String, String> columnOf = columnsByAttribute(m);
        for (int i = 0; i < names.length; i++) {
            if (isVersion(p, i) || old != null && sameValue(old[i], state[i], p, i, event.getSession())) {
                continue;
            }
            if (old == null && state[i] == null) {
                continue;
            }
            String column = columnOf.get(names[i]);
            if (column == null) {
                if (p.getPropertyTypes()[i].isCollectionType()) {
                    continue;
                }
                throw new ColumnNotAllowedException(session.role(), m.table(), Operation.UPDATE, names[i],
                        "is an attribute the permission guard cannot map to a single column");
            }
            if (!rule.updatableColumns().contains(column) && !rule.presets().containsKey(column)) {
                throw new ColumnNotAllowedException(session.role(), m.table(), Operation.UPDATE, column,
                        "is not an updatable column of the permission");
            }
        }
        if (!isTrue(rule.filter())) {
            CompiledPredicate filter = jdbc.compiledUpdateFilter(m.table(), session.role(), Optional.of(ALIAS));
            if (evaluate(event.getSession(), m, event.getId(), session, filter).ok() != Boolean.TRUE) {
                throw new PermissionDeniedException(session.role(), m.table(), Operation.UPDATE,
                        "the row " + m.idColumns().get(0) + " = " + event.getId()
                                + " is outside the update permission's filter");
            }
        }
        if (rule.validateInput().isPresent()) {
            // Hasura's input: {"_set": the attributes the caller changed} (no presets, no version), before the UPDATE.
            Map<String, Object> set = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                String column = columnOf.get(names[i]);
                if (isVersion(p, i) || column == null || rule.presets().containsKey(column)
                        || old != null && sameValue(old[i], state[i], p, i, event.getSession())
                        || old == null && state[i] == null) {
                    continue;
                }
                set.put(column, columnValue(p, names[i], state[i], m, column, event.getSession()));
            }
            enforcement.validateUpdateInput(m.table(), session, set);
        }
        applyPresets(rule.presets(), m, event.getEntity(), state, p, event.getSession(), session, Operation.UPDATE,
                old);
        if (!isTrue(rule.check())) {
            savepoint(event.getSession(), event.getEntity());
        }
        return false;
    }

    private void postUpdate(PostUpdateEvent event) {
        Optional<EntityMapping> om = guarded(event.getEntity());
        if (om.isEmpty()) {
            return;
        }
        EntityMapping m = om.get();
        SessionValues session = sessions.resolve();
        UpdateRule rule = permissions.update(m.table(), session.role()).orElseThrow();
        if (!isTrue(rule.check())) {
            check(event.getSession(), m, event.getId(), session, Operation.UPDATE, rule.check(),
                    jdbc.compiledUpdateCheck(m.table(), session.role(), Optional.of(ALIAS)),
                    takeSavepoint(event.getEntity()));
        }
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    // ---- delete ------------------------------------------------------------------------------------------------------

    private boolean preDelete(PreDeleteEvent event) {
        Optional<EntityMapping> om = guarded(event.getEntity());
        if (om.isEmpty()) {
            return false;
        }
        EntityMapping m = om.get();
        SessionValues session = sessions.resolve();
        var rule = permissions.delete(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.DELETE));
        JpaPermissions.backendOnly(rule.backendOnly(), session, m.table(), Operation.DELETE);
        if (!isTrue(rule.filter())) {
            CompiledPredicate filter = jdbc.compiledDeleteFilter(m.table(), session.role(), Optional.of(ALIAS));
            if (evaluate(event.getSession(), m, event.getId(), session, filter).ok() != Boolean.TRUE) {
                throw new PermissionDeniedException(session.role(), m.table(), Operation.DELETE,
                        "the row " + m.idColumns().get(0) + " = " + event.getId()
                                + " is outside the delete permission's filter");
            }
        }
        if (rule.validateInput().isPresent()) {
            enforcement.validateDeleteInput(m.table(), session);
        }
        return false;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private void applyPresets(Map<String, Expr> presets, EntityMapping m, Object entity, Object[] state,
                              EntityPersister p, SharedSessionContractImplementor hibernate, SessionValues session, Operation op,
                              Object[] old) {
        if (presets.isEmpty()) {
            return;
        }
        String[] names = p.getPropertyNames();
        for (Map.Entry<String, Expr> e : presets.entrySet()) {
            EntityMapping.ColumnPath path = m.column(e.getKey()).orElseThrow();
            Object canonical = e.getValue() instanceof Expr.Literal l ? l.value()
                    : session.value(((Expr.SessionValue) e.getValue()).variable(), e.getValue().type());
            Object key = e.getValue() instanceof Expr.SessionValue s
                    ? JavaValues.convertSessionValue(canonical, s, path.javaType())
                    : JavaValues.convert(canonical, path.javaType());
            int i = indexOf(names, path.attribute());
            if (i < 0) {
                continue; // the identifier: presets on the primary key are not supported by JPA writes
            }
            Object value = path.associationTarget().isPresent() && key != null
                    ? reference(hibernate, path.associationTarget().get(), key) : key;
            Object given = state[i];
            boolean changedByCaller = op == Operation.INSERT ? given != null : old != null && !sameValue(old[i], given, p, i, hibernate);
            if (changedByCaller && !Objects.equals(idOf(given, path, hibernate), key)) {
                throw new ColumnNotAllowedException(session.role(), m.table(), op, e.getKey(),
                        "is a preset column: its value comes from the permission");
            }
            state[i] = value;
            p.setValue(entity, i, value);
        }
    }

    /** A reference to an associated entity; events of a StatelessSession (Hibernate 7) are refused: no references. */
    private static Object reference(SharedSessionContractImplementor hibernate, Class<?> type, Object key) {
        if (hibernate instanceof org.hibernate.Session s) {
            return s.getReference(type, key);
        }
        throw new IllegalStateException("hasura-perms: a preset on an association cannot be applied in a"
                + " StatelessSession; use a Session (Spring Data JPA repositories do)");
    }

    private static Object idOf(Object value, EntityMapping.ColumnPath path, SharedSessionContractImplementor hibernate) {
        if (value == null || path.associationTarget().isEmpty()) {
            return value;
        }
        if (value instanceof org.hibernate.proxy.HibernateProxy proxy) {
            return proxy.getHibernateLazyInitializer().getIdentifier();
        }
        return hibernate.getFactory().getMappingMetamodel().getEntityDescriptor(value.getClass())
                .getIdentifier(value, hibernate);
    }

    private static boolean sameValue(Object a, Object b, EntityPersister p, int i, SharedSessionContractImplementor s) {
        return p.getPropertyTypes()[i].isEqual(a, b, s.getFactory());
    }

    /** Hibernate's optimistic-locking version attribute, which Hibernate itself increments: not the caller's write. */
    private static boolean isVersion(EntityPersister p, int i) {
        return p.isVersioned() && p.getVersionPropertyIndex() == i;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> columnsByAttribute(EntityMapping m) {
        Map<String, String> out = new HashMap<>();
        m.columns().forEach((column, path) -> out.putIfAbsent(path.attribute(), column));
        return out;
    }

    private static boolean isTrue(Predicate p) {
        return p instanceof Predicate.Const c && c.value() == TriBool.TRUE
                || p instanceof Predicate.And a && a.operands().isEmpty();
    }

    private record Evaluated(Boolean ok, Map<String, Object> row) {
    }

    /**
     * Sets a savepoint before the write of {@code entity} (none outside a transaction), replacing any this thread
     * left behind (a write that failed between its pre and post events: its transaction is failing anyway).
     */
    private void savepoint(SharedSessionContractImplementor hibernate, Object entity) {
        pending.remove();
        Savepoint sp = hibernate.doReturningWork(c -> c.getAutoCommit() ? null : c.setSavepoint());
        if (sp != null) {
            pending.set(new Pending(entity, sp));
        }
    }

    /** The savepoint set before the write of {@code entity}, when there is one. */
    private Optional<Savepoint> takeSavepoint(Object entity) {
        Pending p = pending.get();
        pending.remove();
        return p != null && p.entity() == entity ? Optional.of(p.savepoint()) : Optional.empty();
    }

    /**
     * Evaluates the check on the written row. When it passes, releases the savepoint; when it fails, rolls back to
     * the savepoint (undoing the write and releasing its locks) and only then explains the failure.
     */
    private void check(SharedSessionContractImplementor hibernate, EntityMapping m, Object id, SessionValues session, Operation op,
                       Predicate check, CompiledPredicate compiled, Optional<Savepoint> savepoint) {
        Evaluated r = evaluate(hibernate, m, id, session, compiled);
        if (!Boolean.FALSE.equals(r.ok())) {
            savepoint.ifPresent(sp -> hibernate.doWork(c -> c.releaseSavepoint(sp)));
            return;
        }
        savepoint.ifPresent(sp -> hibernate.doWork(c -> c.rollback(sp)));
        Optional<Explanation> why = hibernate.doReturningWork(c -> enforcement.explain(check, m.table(), r.row(),
                session, new JdbcRelations(c, permissions.schema())));
        throw new CheckViolationException(session.role(), m.table(), op,
                List.of(new CheckViolationException.Failure(0, r.row(), why)));
    }

    /** Evaluates {@code predicate} on the row with primary key {@code id}, with the row (every column). */
    private Evaluated evaluate(SharedSessionContractImplementor hibernate, EntityMapping m, Object id, SessionValues session,
                               CompiledPredicate predicate) {
        SqlPredicate bound = predicate.bind(session);
        QualifiedName table = m.table();
        String sql = "SELECT " + ALIAS + ".*, (" + bound.sql() + ") AS " + OK + " FROM " + SqlIdentifiers.quote(table)
                + " AS " + ALIAS + " WHERE " + ALIAS + "." + SqlIdentifiers.quote(m.idColumns().get(0)) + " = ?";
        return hibernate.doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int next = bound.bind(ps, 1);
                ps.setObject(next, id);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Map<String, Object>> rows = JdbcRows.read(rs);
                    if (rows.isEmpty()) {
                        return new Evaluated(null, Map.of());
                    }
                    Map<String, Object> row = new LinkedHashMap<>(rows.get(0));
                    Object ok = row.remove(OK);
                    return new Evaluated((Boolean) ok, row);
                }
            }
        });
    }

    /**
     * The value Hibernate writes to {@code column} for an attribute value: an association's identifier, a converted
     * attribute's (AttributeConverter) column value, an enum's name (its ordinal for a numeric column).
     */
    private Object columnValue(EntityPersister p, String attribute, Object value, EntityMapping m, String column,
                               SharedSessionContractImplementor hibernate) {
        EntityMapping.ColumnPath path = m.column(column).orElseThrow();
        if (path.associationTarget().isPresent()) {
            return idOf(value, path, hibernate);
        }
        Object v = value;
        if (p.findAttributeMapping(attribute) instanceof org.hibernate.metamodel.mapping.BasicValuedMapping b) {
            v = b.getJdbcMapping().convertToRelationalValue(value);
        }
        if (v instanceof Enum<?> e) {
            boolean numeric = permissions.schema().table(m.table()).flatMap(t -> t.column(column))
                    .map(c -> c.type().category() == dev.hasuraperms.types.TypeCategory.INTEGER).orElse(false);
            return numeric ? (Object) e.ordinal() : e.name();
        }
        return v;
    }
}

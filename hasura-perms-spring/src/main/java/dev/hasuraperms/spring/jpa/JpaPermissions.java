package dev.hasuraperms.spring.jpa;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.DeleteRule;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.PermissionRule;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.spring.SessionResolver;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.DeleteSpecification;
import org.springframework.data.jpa.domain.PredicateSpecification;
import org.springframework.data.jpa.domain.Specification;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Hasura permissions for Spring Data JPA: {@link Specification} factories per entity and operation for the current
 * session, the readable / insertable / updatable attributes of a role, and the Hibernate write guard
 * ({@link JpaWriteGuard}: column guard and presets before the write, the {@code check} in SQL after it).
 *
 * <pre>{@code
 * Page<Article> page = articles.findAll(perms.select(Article.class).and(byTitle), perms.limit(Article.class, pageable));
 * }</pre>
 *
 * <p>{@link #of} checks every permission against the entity mapping once, at start-up: a permission table
 * without an entity, a column that a filter, check or preset reads without an attribute, or a predicate construct
 * without an exact Criteria translation is reported (all of them at once) as a {@link DiagnosticException} with
 * code {@link DiagnosticCode#UNMAPPED_PERMISSION}; a filter is never weakened. Thread-safe.
 */
public final class JpaPermissions {

    /**
     * Options.
     *
     * @param defaultSchema               the schema of entities whose table names none (PostgreSQL's {@code public})
     * @param requireEntityForEveryTable  whether a permission table without a JPA entity fails start-up (true by
     *                                    default; false ignores such tables, which then cannot be queried through
     *                                    this class)
     */
    public record Options(String defaultSchema, boolean requireEntityForEveryTable) {
        /**
         * Validates the options.
         *
         * @param defaultSchema              the schema of entities whose table names none
         * @param requireEntityForEveryTable whether a permission table without a JPA entity fails start-up
         * @throws NullPointerException when {@code defaultSchema} is null
         */
        public Options {
            Objects.requireNonNull(defaultSchema, "defaultSchema");
        }

        /**
         * Schema {@code public}; every permission table must have an entity.
         *
         * @return the default options, never null
         */
        public static Options defaults() {
            return new Options(QualifiedName.DEFAULT_SCHEMA, true);
        }
    }

    private final CheckedPermissions permissions;
    private final EntityMappings mappings;
    private final CriteriaTranslator translator;
    private final SessionResolver sessions;

    private JpaPermissions(CheckedPermissions permissions, EntityMappings mappings, SessionResolver sessions) {
        this.permissions = permissions;
        this.mappings = mappings;
        this.translator = new CriteriaTranslator(mappings);
        this.sessions = sessions;
    }

    /**
     * Maps {@code permissions} onto the entities of {@code emf} and checks that every permission can be enforced.
     *
     * @param permissions the checked permissions to enforce
     * @param emf         the entity manager factory whose entities the permission tables are mapped to
     * @param sessions    resolves the current session for the methods that take none
     * @param options     the default schema and whether every permission table needs an entity
     * @return the JPA permissions, never null
     * @throws DiagnosticException listing every permission that cannot be mapped ({@code UNMAPPED_PERMISSION})
     * @throws NullPointerException when an argument is null
     */
    public static JpaPermissions of(CheckedPermissions permissions, EntityManagerFactory emf,
                                        SessionResolver sessions, Options options) {
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(emf, "emf");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(options, "options");
        EntityMappings mappings = EntityMappings.read(emf, options.defaultSchema());
        JpaPermissions p = new JpaPermissions(permissions, mappings, sessions);
        List<Diagnostic> problems = p.validate(options);
        if (!problems.isEmpty()) {
            throw new DiagnosticException(problems.size() + " permission(s) cannot be enforced through JPA", problems);
        }
        return p;
    }

    /**
     * As {@link #of(CheckedPermissions, EntityManagerFactory, SessionResolver, Options)} with {@link Options#defaults()}.
     *
     * @param permissions the checked permissions to enforce
     * @param emf         the entity manager factory whose entities the permission tables are mapped to
     * @param sessions    resolves the current session for the methods that take none
     * @return the JPA permissions, never null
     * @throws DiagnosticException listing every permission that cannot be mapped ({@code UNMAPPED_PERMISSION})
     */
    public static JpaPermissions of(CheckedPermissions permissions, EntityManagerFactory emf,
                                        SessionResolver sessions) {
        return of(permissions, emf, sessions, Options.defaults());
    }

    private List<Diagnostic> validate(Options options) {
        List<Diagnostic> out = new ArrayList<>();
        for (PermissionRule rule : permissions.rules()) {
            Optional<EntityMapping> m = mappings.forTable(rule.table());
            String where = rule.table().toSql() + ", role " + rule.role() + ", "
                    + rule.operation().name().toLowerCase(java.util.Locale.ROOT) + ": ";
            if (m.isEmpty()) {
                if (options.requireEntityForEveryTable()) {
                    out.add(Diagnostic.of(DiagnosticCode.UNMAPPED_PERMISSION, Origin.UNKNOWN, where
                            + "table has no JPA entity (map one, or set requireEntityForEveryTable to false)"));
                }
                continue;
            }
            EntityMapping mapping = m.get();
            List<String> problems = new ArrayList<>();
            if (rule instanceof SelectRule s) {
                problems.addAll(translator.problems(s.filter(), mapping));
                for (Map.Entry<String, Predicate> r : s.redactions().entrySet()) {
                    for (String p : translator.problems(r.getValue(), mapping)) {
                        problems.add("the condition under which column \"" + r.getKey() + "\" is visible: " + p);
                    }
                }
            } else if (rule instanceof UpdateRule u) {
                problems.addAll(translator.problems(u.filter(), mapping));
                presetProblems(u.presets(), mapping, problems);
                keyProblems(mapping, problems);
            } else if (rule instanceof DeleteRule d) {
                problems.addAll(translator.problems(d.filter(), mapping));
                keyProblems(mapping, problems);
            } else if (rule instanceof InsertRule i) {
                presetProblems(i.presets(), mapping, problems);
                keyProblems(mapping, problems);
            }
            for (String problem : new LinkedHashSet<>(problems)) {
                out.add(Diagnostic.of(DiagnosticCode.UNMAPPED_PERMISSION, Origin.UNKNOWN, where + problem));
            }
        }
        return out;
    }

    private static void presetProblems(Map<String, ?> presets, EntityMapping m, List<String> out) {
        for (String column : presets.keySet()) {
            if (m.column(column).isEmpty()) {
                out.add("preset column \"" + column + "\" has no attribute in entity " + m.entity().getName());
            }
        }
    }

    private static void keyProblems(EntityMapping m, List<String> out) {
        if (m.idColumns().size() != 1) {
            out.add("entity " + m.entity().getName() + " has a composite identifier; the write guard needs a"
                    + " single-column primary key");
        }
    }

    // ---- specifications ----------------------------------------------------------------------------------------------

    /**
     * The rows the current session may select, as a Specification (its select permission's filter).
     *
     * @param entity the JPA entity class
     * @param <T>    the entity type
     * @return the select permission's filter, never null
     * @throws PermissionDeniedException when the session's role has no select permission on the entity's table, or its
     *         query_root_fields do not expose select
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public <T> Specification<T> select(Class<T> entity) {
        return select(entity, sessions.resolve());
    }

    /**
     * The rows {@code session} may select, as a Specification.
     *
     * @param entity  the JPA entity class
     * @param session the session whose role and variables the filter is evaluated with
     * @param <T>     the entity type
     * @return the select permission's filter, never null
     * @throws PermissionDeniedException when the role has no select permission on the entity's table, or its
     *         query_root_fields do not expose select
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public <T> Specification<T> select(Class<T> entity, SessionValues session) {
        EntityMapping m = mapping(entity);
        SelectRule rule = permissions.select(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.SELECT));
        if (!rule.queryRootFields().contains(dev.hasuraperms.metadata.RootField.SELECT)) {
            // A Specification lists rows: Hasura's select root field, which query_root_fields can withhold.
            throw new PermissionDeniedException(session.role(), m.table(), Operation.SELECT,
                    "its query_root_fields do not expose select (the table is not listed at the root)");
        }
        return spec(m, rule.filter(), session);
    }

    /**
     * The rows the current session may update (its update permission's filter).
     *
     * @param entity the JPA entity class
     * @param <T>    the entity type
     * @return the update permission's filter, never null
     * @throws PermissionDeniedException when the session's role has no update permission on the entity's table, or the
     *         permission is backend_only and the session is not in backend mode
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public <T> Specification<T> update(Class<T> entity) {
        return update(entity, sessions.resolve());
    }

    /**
     * The rows {@code session} may update.
     *
     * @param entity  the JPA entity class
     * @param session the session whose role and variables the filter is evaluated with
     * @param <T>     the entity type
     * @return the update permission's filter, never null
     * @throws PermissionDeniedException when the role has no update permission on the entity's table, or the
     *         permission is backend_only and the session is not in backend mode
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public <T> Specification<T> update(Class<T> entity, SessionValues session) {
        EntityMapping m = mapping(entity);
        UpdateRule rule = permissions.update(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.UPDATE));
        backendOnly(rule.backendOnly(), session, m.table(), Operation.UPDATE);
        return spec(m, rule.filter(), session);
    }

    /**
     * The rows the current session may delete (its delete permission's filter), e.g. for a
     * {@code findAll(spec)} that selects the rows to delete; for Spring Data JPA 4's bulk
     * {@code repo.delete(spec)} see {@link #deleteSpecification(Class)}.
     *
     * @param entity the JPA entity class
     * @param <T>    the entity type
     * @return the delete permission's filter, never null
     * @throws PermissionDeniedException when the session's role has no delete permission on the entity's table, or the
     *         permission is backend_only and the session is not in backend mode
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public <T> Specification<T> delete(Class<T> entity) {
        return delete(entity, sessions.resolve());
    }

    /**
     * The rows {@code session} may delete.
     *
     * @param entity  the JPA entity class
     * @param session the session whose role and variables the filter is evaluated with
     * @param <T>     the entity type
     * @return the delete permission's filter, never null
     * @throws PermissionDeniedException when the role has no delete permission on the entity's table, or the
     *         permission is backend_only and the session is not in backend mode
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public <T> Specification<T> delete(Class<T> entity, SessionValues session) {
        EntityMapping m = mapping(entity);
        DeleteRule rule = permissions.delete(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.DELETE));
        backendOnly(rule.backendOnly(), session, m.table(), Operation.DELETE);
        return spec(m, rule.filter(), session);
    }

    /**
     * The rows the current session may select, as a Spring Data JPA 4 {@link PredicateSpecification}: usable with
     * {@code findAll}/{@code count}/{@code exists}/{@code findBy} and composable with other predicate specifications.
     * Relationship filters become correlated subqueries of a query of their own.
     *
     * @param entity the JPA entity class
     * @param <T>    the entity type
     * @return the select permission's filter
     * @throws PermissionDeniedException when the session's role has no select permission on the entity's table
     */
    public <T> PredicateSpecification<T> selectPredicate(Class<T> entity) {
        return selectPredicate(entity, sessions.resolve());
    }

    /**
     * The rows {@code session} may select, as a {@link PredicateSpecification}.
     *
     * @param entity  the JPA entity class
     * @param session the session
     * @param <T>     the entity type
     * @return the select permission's filter
     * @throws PermissionDeniedException when the role has no select permission on the entity's table
     */
    public <T> PredicateSpecification<T> selectPredicate(Class<T> entity, SessionValues session) {
        EntityMapping m = mapping(entity);
        SelectRule rule = permissions.select(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.SELECT));
        Predicate filter = rule.filter();
        return (from, cb) -> translator.translate(filter, cb, null,
                Map.of(0, new CriteriaTranslator.Scope(from, m)), session);
    }

    /**
     * The rows the current session may delete, as a Spring Data JPA 4 {@link DeleteSpecification} for
     * {@code repository.delete(spec)} (a bulk {@code DELETE}); AND it with the caller's own condition.
     *
     * @param entity the JPA entity class
     * @param <T>    the entity type
     * @return the delete permission's filter
     * @throws PermissionDeniedException when the role has no delete permission, or it is backend_only and the session
     *                                   is not in backend mode
     */
    public <T> DeleteSpecification<T> deleteSpecification(Class<T> entity) {
        return deleteSpecification(entity, sessions.resolve());
    }

    /**
     * The rows {@code session} may delete, as a {@link DeleteSpecification}.
     *
     * @param entity  the JPA entity class
     * @param session the session
     * @param <T>     the entity type
     * @return the delete permission's filter
     * @throws PermissionDeniedException when the role has no delete permission, or it is backend_only and the session
     *                                   is not in backend mode
     */
    public <T> DeleteSpecification<T> deleteSpecification(Class<T> entity, SessionValues session) {
        EntityMapping m = mapping(entity);
        DeleteRule rule = permissions.delete(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.DELETE));
        backendOnly(rule.backendOnly(), session, m.table(), Operation.DELETE);
        Predicate filter = rule.filter();
        return (root, delete, cb) -> translator.translate(filter, cb, delete,
                Map.of(0, new CriteriaTranslator.Scope(root, m)), session);
    }

    private <T> Specification<T> spec(EntityMapping m, Predicate filter, SessionValues session) {
        return (root, query, cb) -> translator.translate(filter, cb, query,
                Map.of(0, new CriteriaTranslator.Scope(root, m)), session);
    }

    static void backendOnly(boolean backendOnly, SessionValues session, QualifiedName table, Operation op) {
        if (backendOnly && !session.backendOnlyPermissions()) {
            throw new PermissionDeniedException(session.role(), table, op,
                    "the permission is backend_only and this session is not in backend mode");
        }
    }

    // ---- limits -------------------------------------------------------------------------------------------------------

    /**
     * The select permission's row limit for the current session's role, if it has one.
     *
     * @param entity the JPA entity class
     * @return the row limit, or empty when the select permission sets none
     * @throws PermissionDeniedException when the session's role has no select permission on the entity's table
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public Optional<Integer> limit(Class<?> entity) {
        return limit(entity, sessions.resolve().role());
    }

    /**
     * The select permission's row limit for {@code role}, if it has one.
     *
     * @param entity the JPA entity class
     * @param role   the role
     * @return the row limit, or empty when the select permission sets none
     * @throws PermissionDeniedException when {@code role} has no select permission on the entity's table
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public Optional<Integer> limit(Class<?> entity, String role) {
        EntityMapping m = mapping(entity);
        return permissions.select(m.table(), role)
                .orElseThrow(() -> new PermissionDeniedException(role, m.table(), Operation.SELECT)).limit();
    }

    /**
     * {@code pageable} with its page size capped at the permission's limit (Hasura: limit = min(caller's,
     * permission's)); the offset stays the caller's. Unpaged requests get the limit as their size.
     *
     * @param entity   the JPA entity class
     * @param pageable the caller's page request
     * @return {@code pageable} itself when the permission has no limit, else the capped page request; never null
     * @throws PermissionDeniedException when the session's role has no select permission on the entity's table
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public Pageable limit(Class<?> entity, Pageable pageable) {
        Optional<Integer> limit = limit(entity);
        return limit.map(l -> LimitedPageable.of(pageable, l)).orElse(pageable);
    }

    // ---- attributes ----------------------------------------------------------------------------------------------------

    /**
     * The attributes of {@code entity} the current session's role may read: those of the select permission's
     * columns, for DTO projections and serializers. Columns an inherited role reads only on some rows (cell
     * redaction) are not included.
     *
     * @param entity the JPA entity class
     * @return the readable attribute names, never null; empty without a select permission
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public Set<String> readableAttributes(Class<?> entity) {
        return readableAttributes(entity, sessions.resolve().role());
    }

    /**
     * The attributes {@code role} may read (none without a select permission); columns it reads only on some rows
     * (cell redaction) are not included.
     *
     * @param entity the JPA entity class
     * @param role   the role
     * @return the readable attribute names, never null
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public Set<String> readableAttributes(Class<?> entity, String role) {
        EntityMapping m = mapping(entity);
        return permissions.select(m.table(), role)
                .map(r -> attributes(m, r.columns().stream().filter(c -> !r.redactions().containsKey(c)).toList()))
                .orElse(Set.of());
    }

    /**
     * Per row, the attributes the current session may read: the unconditional ones of
     * {@link #readableAttributes(Class)} plus, for inherited roles with cell redaction, each conditionally visible
     * attribute on the rows where its condition holds (one query for all rows, evaluated in the database). Use it
     * to shape DTOs or serializers; the entities themselves are not changed.
     *
     * @param em     the entity manager to query with (the current transaction's)
     * @param entity the JPA entity class
     * @param ids    identifiers of rows of {@code entity}
     * @return for each id found, the visible attribute names; never null, empty when {@code ids} is
     * @throws PermissionDeniedException when the session's role has no select permission on the entity's table
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public Map<Object, Set<String>> visibleAttributes(jakarta.persistence.EntityManager em, Class<?> entity,
                                                      java.util.Collection<?> ids) {
        SessionValues session = sessions.resolve();
        EntityMapping m = mapping(entity);
        SelectRule rule = permissions.select(m.table(), session.role())
                .orElseThrow(() -> new PermissionDeniedException(session.role(), m.table(), Operation.SELECT));
        Set<String> always = readableAttributes(entity, session.role());
        Map<Object, Set<String>> out = new java.util.LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<Map.Entry<String, Predicate>> conditional = rule.redactions().entrySet().stream()
                .filter(e -> m.column(e.getKey()).isPresent()).toList();
        if (conditional.isEmpty()) {
            ids.forEach(id -> out.put(id, always));
            return out;
        }
        jakarta.persistence.criteria.CriteriaBuilder cb = em.getCriteriaBuilder();
        jakarta.persistence.criteria.CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
        jakarta.persistence.criteria.Root<?> root = q.from(m.entity());
        Map<Integer, CriteriaTranslator.Scope> scopes = Map.of(0, new CriteriaTranslator.Scope(root, m));
        List<jakarta.persistence.criteria.Selection<?>> select = new ArrayList<>();
        select.add(root.get(m.idAttribute()));
        for (Map.Entry<String, Predicate> e : conditional) {
            select.add(cb.selectCase().when(translator.translate(e.getValue(), cb, q, scopes, session), true)
                    .otherwise(false));
        }
        q.select(cb.array(select)).where(root.get(m.idAttribute()).in(ids));
        for (Object[] row : em.createQuery(q).getResultList()) {
            Set<String> visible = new LinkedHashSet<>(always);
            for (int i = 0; i < conditional.size(); i++) {
                if (Boolean.TRUE.equals(row[i + 1])) {
                    visible.add(m.column(conditional.get(i).getKey()).orElseThrow().attribute());
                }
            }
            out.put(row[0], Collections.unmodifiableSet(visible));
        }
        return out;
    }

    /**
     * The attributes {@code role} may set on insert (presets excluded: they are forced).
     *
     * @param entity the JPA entity class
     * @param role   the role
     * @return the insertable attribute names, never null; empty without an insert permission
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public Set<String> insertableAttributes(Class<?> entity, String role) {
        EntityMapping m = mapping(entity);
        return permissions.insert(m.table(), role).map(r -> attributes(m, r.insertableColumns())).orElse(Set.of());
    }

    /**
     * The attributes {@code role} may change on update (presets excluded: they are forced).
     *
     * @param entity the JPA entity class
     * @param role   the role
     * @return the updatable attribute names, never null; empty without an update permission
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public Set<String> updatableAttributes(Class<?> entity, String role) {
        EntityMapping m = mapping(entity);
        return permissions.update(m.table(), role).map(r -> attributes(m, r.updatableColumns())).orElse(Set.of());
    }

    private static Set<String> attributes(EntityMapping m, List<String> columns) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : columns) {
            m.column(c).ifPresent(p -> out.add(p.attribute()));
        }
        return Collections.unmodifiableSet(out);
    }

    // ---- plumbing --------------------------------------------------------------------------------------------------------

    /**
     * The checked permissions this instance enforces.
     *
     * @return the checked permissions, never null
     */
    public CheckedPermissions permissions() {
        return permissions;
    }

    /**
     * The resolver of the current session, used by the methods that take no session.
     *
     * @return the session resolver, never null
     */
    public SessionResolver sessions() {
        return sessions;
    }

    /**
     * The table {@code entity} is mapped to.
     *
     * @param entity the JPA entity class
     * @return the qualified table name, never null
     * @throws IllegalArgumentException when {@code entity} is not a JPA entity of this persistence unit
     */
    public QualifiedName table(Class<?> entity) {
        return mapping(entity).table();
    }

    EntityMappings mappings() {
        return mappings;
    }

    private EntityMapping mapping(Class<?> entity) {
        return mappings.forClass(entity).orElseThrow(() -> new IllegalArgumentException(
                entity.getName() + " is not a JPA entity of this persistence unit"));
    }
}

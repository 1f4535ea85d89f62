package dev.hasuraperms.spring.jpa;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.Origin;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.DeleteSpecification;
import org.springframework.data.jpa.domain.PredicateSpecification;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.support.RepositoryProxyPostProcessor;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Puts every Spring Data JPA repository of an entity whose table has permissions under the current session's
 * permissions (installed by the Spring Boot auto-configuration on every repository; by hand, add
 * {@link #postProcessor} to the repository factory):
 *
 * <ul>
 *   <li>the CRUD and Specification reads — {@code findById}, {@code existsById}, {@code findAll} (all forms),
 *       {@code findAllById}, {@code count}, {@code getReferenceById}, {@code findOne}/{@code exists}/{@code count}/
 *       {@code findBy} with a {@code Specification} or a Spring Data JPA 4 {@code PredicateSpecification} — run with the select permission's filter AND-ed in, and a pageable's
 *       size capped at the permission's limit;</li>
 *   <li>{@code deleteAll()} deletes the rows of the delete permission's filter; {@code deleteAllInBatch} and
 *       {@code deleteAllByIdInBatch} (bulk statements that bypass entity events) and
 *       {@code delete(DeleteSpecification)} / {@code delete(PredicateSpecification)} get the delete filter
 *       ({@link JpaPermissions#deleteSpecification}) AND-ed in; the bulk {@code update(UpdateSpecification)} is
 *       refused (a bulk UPDATE bypasses the column permission, presets and the post-update check); the other writes pass to Hibernate, where {@link JpaWriteGuard} judges them;</li>
 *   <li>query-by-example methods are refused at call time (an {@code Example} cannot carry the filter);</li>
 *   <li>derived query methods ({@code findByName}, {@code findFirstByNameOrderByIdDesc}, {@code countByName},
 *       {@code existsByName}, {@code deleteByName}) are run as a Specification ({@link DerivedQuery}) with the
 *       select filter (the delete filter for {@code deleteBy}) AND-ed in and the permission's limit applied;</li>
 *   <li>what cannot be filtered exactly — {@code @Query} (JPQL or native), stored procedures, derived methods with
 *       keywords, return types or annotations the Specification cannot express — stops start-up
 *       ({@link DiagnosticCode#UNMAPPED_PERMISSION}) unless the method is marked {@link BypassPermissions}, whose
 *       calls are then logged at WARN;</li>
 *   <li>custom fragment methods run as written; the entities they load pass {@link JpaReadGuard}.</li>
 * </ul>
 */
public final class RepositoryGuard implements MethodInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryGuard.class);
    private static final Set<String> WRITES = Set.of("save", "saveAndFlush", "saveAll", "saveAllAndFlush", "flush",
            "delete", "deleteById", "deleteAll", "deleteAllById", "deleteInBatch");

    private final JpaPermissions perms;
    private final JpaReadGuard reads;
    private final EntityMapping mapping;
    private final RepositoryInformation info;
    private final JpaSpecificationExecutor<Object> target;
    private final EntityManager em;
    private final Map<Method, DerivedQuery> derived;
    private final ProxyFactory factory;
    private volatile JpaSpecificationExecutor<Object> self;

    private RepositoryGuard(JpaPermissions perms, JpaReadGuard reads, EntityMapping mapping, RepositoryInformation info,
                            JpaSpecificationExecutor<Object> target, EntityManager em,
                            Map<Method, DerivedQuery> derived, ProxyFactory factory) {
        this.derived = Map.copyOf(derived);
        this.factory = factory;
        this.perms = perms;
        this.reads = reads;
        this.mapping = mapping;
        this.info = info;
        this.target = target;
        this.em = em;
    }

    /**
     * A repository proxy post-processor installing the guard on repositories of entities with permissions.
     *
     * @param perms the permissions (asked for when the first repository is created)
     * @param reads the read net (its check of loaded rows)
     * @param em    a shared entity manager (the transaction's)
     * @return the post-processor, never null; it leaves repositories of entities without permissions as they are
     */
    public static RepositoryProxyPostProcessor postProcessor(Supplier<JpaPermissions> perms,
                                                             Supplier<JpaReadGuard> reads,
                                                             Supplier<EntityManager> em) {
        return (ProxyFactory factory, RepositoryInformation information) -> {
            JpaPermissions p = perms.get();
            JpaReadGuard r = reads.get();
            Optional<EntityMapping> m = r.guarded(information.getDomainType());
            if (m.isEmpty()) {
                return;
            }
            Object target;
            try {
                target = factory.getTargetSource().getTarget();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            List<Diagnostic> problems = new ArrayList<>();
            String where = m.get().table().toSql() + ", repository " + information.getRepositoryInterface().getName();
            if (!(target instanceof JpaSpecificationExecutor<?>)) {
                problems.add(Diagnostic.of(DiagnosticCode.UNMAPPED_PERMISSION, Origin.UNKNOWN, where
                        + ": its base class " + information.getRepositoryBaseClass().getName()
                        + " does not implement JpaSpecificationExecutor, so its reads cannot carry the permission"));
            }
            Map<Method, DerivedQuery> derived = new HashMap<>();
            for (Method method : information.getQueryMethods()) {
                if (method.isAnnotationPresent(BypassPermissions.class)) {
                    continue;
                }
                try {
                    derived.put(method, DerivedQuery.of(method, information.getDomainType()));
                } catch (DerivedQuery.Unsupported e) {
                    problems.add(Diagnostic.of(DiagnosticCode.UNMAPPED_PERMISSION, Origin.UNKNOWN, where
                            + ": query method " + method.getName() + " cannot be filtered by the permission: "
                            + e.getMessage() + "; express it as a Specification (findAll(spec), count(spec),"
                            + " exists(spec)) or mark it @BypassPermissions(\"why\")"));
                }
            }
            if (!problems.isEmpty()) {
                throw new DiagnosticException(problems.size() + " repository method(s) would read rows outside the"
                        + " permissions", problems);
            }
            @SuppressWarnings("unchecked")
            JpaSpecificationExecutor<Object> executor = (JpaSpecificationExecutor<Object>) target;
            factory.addAdvice(new RepositoryGuard(p, r, m.get(), information, executor, em.get(), derived, factory));
        };
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        if (PermissionBypass.active() || method.getDeclaringClass() == Object.class) {
            return invocation.proceed();
        }
        DerivedQuery query = derived.get(method);
        if (query != null) {
            return derived(query, invocation.getArguments());
        }
        if (info.isQueryMethod(method)) {
            BypassPermissions why = method.getAnnotation(BypassPermissions.class);
            LOG.warn("hasura-perms: unfiltered query method {}.{} ({}) called", info.getRepositoryInterface()
                    .getSimpleName(), method.getName(), why == null ? "?" : why.value());
            return PermissionBypass.inBypass(() -> proceed(invocation));
        }
        if (info.isCustomMethod(method)) {
            return invocation.proceed();
        }
        Object[] a = invocation.getArguments();
        Class<?>[] types = method.getParameterTypes();
        String name = method.getName();
        switch (name) {
            case "findById":
                return read(() -> target.findOne(select().and(idIs(a[0]))));
            case "existsById":
                return read(() -> target.exists(select().and(idIs(a[0]))));
            case "getReferenceById", "getById", "getOne":
                return read(() -> target.findOne(select().and(idIs(a[0]))).orElseThrow(() ->
                        new EntityNotFoundException("no " + mapping.entity().getSimpleName() + " with id " + a[0]
                                + " readable by the session")));
            case "findAllById":
                return read(() -> target.findAll(select().and(idIn((Iterable<?>) a[0]))));
            case "count":
                if (a.length == 0) {
                    return read(() -> target.count(select()));
                }
                if (a[0] instanceof Specification<?> || a[0] instanceof PredicateSpecification<?> || a[0] == null) {
                    return read(() -> target.count(select().and(spec(a[0]))));
                }
                break;
            case "findAll":
                if (a.length == 0) {
                    return read(() -> limited(select(), Sort.unsorted()));
                }
                if (types[0] == Sort.class) {
                    return read(() -> limited(select(), (Sort) a[0]));
                }
                if (types[0] == Pageable.class) {
                    return read(() -> target.findAll(select(), perms.limit(mapping.entity(), (Pageable) a[0])));
                }
                if (isSpec(types[0])) {
                    Specification<Object> s = select().and(spec(a[0]));
                    if (a.length == 1) {
                        return read(() -> limited(s, Sort.unsorted()));
                    }
                    if (types[1] == Sort.class) {
                        return read(() -> limited(s, (Sort) a[1]));
                    }
                    if (types[1] == Pageable.class) {
                        return read(() -> target.findAll(s, perms.limit(mapping.entity(), (Pageable) a[1])));
                    }
                }
                break;
            case "findOne":
                if (isSpec(types[0])) {
                    return read(() -> target.findOne(select().and(spec(a[0]))));
                }
                break;
            case "exists":
                if (isSpec(types[0])) {
                    return read(() -> target.exists(select().and(spec(a[0]))));
                }
                break;
            case "findBy":
                if (isSpec(types[0])) {
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    Object r = read(() -> target.findBy(select().and(spec(a[0])), (Function) a[1]));
                    return r;
                }
                break;
            case "deleteAll":
                if (a.length == 0) {
                    return write(() -> {
                        target.findAll(delete()).forEach(e -> em.remove(e));
                        return null;
                    });
                }
                return write(() -> proceed(invocation));
            case "deleteAllInBatch":
                if (a.length == 0) {
                    return write(() -> {
                        target.delete(bulkDelete());
                        return null;
                    });
                }
                return write(() -> {
                    List<Object> ids = new ArrayList<>();
                    for (Object e : (Iterable<?>) a[0]) {
                        ids.add(em.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(e));
                    }
                    target.delete(bulkDelete().and(idPredicate(ids)));
                    return null;
                });
            case "deleteAllByIdInBatch":
                return write(() -> {
                    target.delete(bulkDelete().and(idPredicate((Iterable<?>) a[0])));
                    return null;
                });
            default:
                if (name.equals("delete") && types.length == 1
                        && (types[0] == DeleteSpecification.class || types[0] == PredicateSpecification.class)) {
                    // Spring Data JPA 4's bulk delete(DeleteSpecification | PredicateSpecification): the delete
                    // permission's filter AND the caller's; never passed through unfiltered.
                    DeleteSpecification<Object> caller = deleteSpec(a[0]);
                    return write(() -> target.delete(bulkDelete().and(caller)));
                }
                if (WRITES.contains(name)) {
                    return write(() -> proceed(invocation));
                }
                break;
        }
        throw new UnsupportedOperationException("hasura-perms: " + info.getRepositoryInterface().getSimpleName()
                + "." + name + " cannot carry the permission's filter (query by example and other unfiltered reads"
                + " are refused); use a Specification, or PermissionBypass.call(...)");
    }

    /**
     * The repository proxy itself (the same advice chain, created once from the proxy factory after Spring Data
     * completed it): derived queries run through its Specification methods, so that Spring Data's CRUD metadata is
     * in place and this guard adds the select filter and limit there.
     */
    @SuppressWarnings("unchecked")
    private JpaSpecificationExecutor<Object> self() {
        JpaSpecificationExecutor<Object> s = self;
        if (s == null) {
            s = (JpaSpecificationExecutor<Object>) factory.getProxy(mapping.entity().getClassLoader());
            self = s;
        }
        return s;
    }

    private Object derived(DerivedQuery q, Object[] args) {
        Specification<Object> condition = q.spec(args);
        Sort sort = q.sort(args);
        Class<?> r = q.returnType();
        JpaSpecificationExecutor<Object> repo = self();
        switch (q.kind) {
            case COUNT: {
                long n = repo.count(condition);
                return r == int.class || r == Integer.class ? (Object) Math.toIntExact(n) : (Object) n;
            }
            case EXISTS:
                return repo.exists(condition);
            case DELETE:
                return write(() -> {
                    jakarta.persistence.criteria.CriteriaBuilder cb = em.getCriteriaBuilder();
                    jakarta.persistence.criteria.CriteriaQuery<Object> cq = cb.createQuery(entity());
                    jakarta.persistence.criteria.Root<Object> root = cq.from(entity());
                    jakarta.persistence.criteria.Predicate where = delete().and(condition).toPredicate(root, cq, cb);
                    if (where != null) {
                        cq.where(where);
                    }
                    List<Object> rows = em.createQuery(cq).getResultList();
                    rows.forEach(em::remove);
                    if (r == void.class) {
                        return null;
                    }
                    return r == List.class || r == Collection.class ? rows
                            : r == int.class || r == Integer.class ? (Object) rows.size() : (Object) (long) rows.size();
                });
            case PAGE, SLICE: {
                Pageable p = q.pageable(args).orElseThrow();
                return repo.findAll(condition, p.isPaged() ? PageRequest.of(p.getPageNumber(), p.getPageSize(), sort)
                        : p);
            }
            case LIST: {
                Optional<Pageable> p = q.pageable(args);
                if (p.isPresent() && p.get().isPaged()) {
                    return repo.findAll(condition, PageRequest.of(p.get().getPageNumber(), p.get().getPageSize(),
                            sort)).getContent();
                }
                if (q.tree.isLimiting()) {
                    return repo.findAll(condition, PageRequest.of(0, q.tree.getMaxResults(), sort)).getContent();
                }
                return repo.findAll(condition, sort);
            }
            default: {
                int max = q.tree.isLimiting() ? q.tree.getMaxResults() : 2;
                List<Object> found = repo.findAll(condition, PageRequest.of(0, max, sort)).getContent();
                if (found.size() > 1 && !q.tree.isLimiting()) {
                    throw new jakarta.persistence.NonUniqueResultException("query did not return a unique result: "
                            + found.size());
                }
                Object one = found.isEmpty() ? null : found.get(0);
                return q.kind == DerivedQuery.Kind.OPTIONAL ? Optional.ofNullable(one) : one;
            }
        }
    }

    private List<Object> limited(Specification<Object> spec, Sort sort) {
        Optional<Integer> limit = perms.limit(mapping.entity());
        if (limit.isEmpty()) {
            return target.findAll(spec, sort);
        }
        Page<Object> page = target.findAll(spec, PageRequest.of(0, limit.get(), sort));
        return page.getContent();
    }

    @SuppressWarnings("unchecked")
    private Class<Object> entity() {
        return (Class<Object>) mapping.entity();
    }

    private Specification<Object> select() {
        return perms.select(entity());
    }

    private Specification<Object> delete() {
        return perms.delete(entity());
    }

    private DeleteSpecification<Object> bulkDelete() {
        return perms.deleteSpecification(entity());
    }

    private static boolean isSpec(Class<?> type) {
        return type == Specification.class || type == PredicateSpecification.class;
    }

    @SuppressWarnings("unchecked")
    private static DeleteSpecification<Object> deleteSpec(Object s) {
        if (s == null) {
            return DeleteSpecification.unrestricted();
        }
        if (s instanceof PredicateSpecification<?> p) {
            return DeleteSpecification.where((PredicateSpecification<Object>) p);
        }
        return (DeleteSpecification<Object>) s;
    }

    @SuppressWarnings("unchecked")
    private static Specification<Object> spec(Object s) {
        if (s instanceof PredicateSpecification<?> p) {
            PredicateSpecification<Object> ps = (PredicateSpecification<Object>) p;
            return (root, q, cb) -> ps.toPredicate(root, cb);
        }
        return s == null ? (root, q, cb) -> null : (Specification<Object>) s;
    }

    private Specification<Object> idIs(Object id) {
        if (id == null) {
            throw new IllegalArgumentException("The given id must not be null");
        }
        return (root, q, cb) -> cb.equal(root.get(mapping.idAttribute()), id);
    }

    private Specification<Object> idIn(Iterable<?> ids) {
        List<Object> list = new ArrayList<>();
        ids.forEach(list::add);
        if (list.isEmpty()) {
            return (root, q, cb) -> cb.disjunction();
        }
        return (root, q, cb) -> root.get(mapping.idAttribute()).in((Collection<?>) list);
    }

    private PredicateSpecification<Object> idPredicate(Iterable<?> ids) {
        List<Object> list = new ArrayList<>();
        ids.forEach(list::add);
        if (list.isEmpty()) {
            return (from, cb) -> cb.disjunction();
        }
        return (from, cb) -> from.get(mapping.idAttribute()).in((Collection<?>) list);
    }

    private Object read(Supplier<Object> work) {
        ReadScope scope = ReadScope.open(mapping, false);
        Object result;
        try {
            result = work.get();
        } finally {
            scope.close();
        }
        if (!scope.loaded.isEmpty()) {
            reads.verifyUnreturned(scope, result, em.unwrap(SharedSessionContractImplementor.class));
        }
        return result;
    }

    private Object write(Supplier<Object> work) {
        ReadScope scope = ReadScope.open(mapping, true);
        try {
            return work.get();
        } finally {
            scope.close();
        }
    }

    private static Object proceed(MethodInvocation invocation) {
        try {
            return invocation.proceed();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}

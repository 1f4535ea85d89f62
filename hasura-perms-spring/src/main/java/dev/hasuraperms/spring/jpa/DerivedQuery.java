package dev.hasuraperms.spring.jpa;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.core.PropertyPath;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A derived query method ({@code findByTypeAndIdGreaterThan}, {@code countByType}, {@code existsByType},
 * {@code deleteByType}, {@code findFirstByTypeOrderByIdDesc}) turned into a {@link Specification} so that the guard
 * can AND the permission's filter into it, and run through the repository's {@code JpaSpecificationExecutor}. What
 * it cannot express exactly is refused when the repository is created ({@link Unsupported}).
 */
final class DerivedQuery {

    /** Why a query method cannot be run through a Specification. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    enum Kind { LIST, PAGE, SLICE, OPTIONAL, SINGLE, COUNT, EXISTS, DELETE }

    private static final Set<Part.Type> SUPPORTED = EnumSet.of(Part.Type.SIMPLE_PROPERTY,
            Part.Type.NEGATING_SIMPLE_PROPERTY, Part.Type.GREATER_THAN, Part.Type.GREATER_THAN_EQUAL,
            Part.Type.LESS_THAN, Part.Type.LESS_THAN_EQUAL, Part.Type.BETWEEN, Part.Type.BEFORE, Part.Type.AFTER,
            Part.Type.IS_NULL, Part.Type.IS_NOT_NULL, Part.Type.IN, Part.Type.NOT_IN, Part.Type.LIKE,
            Part.Type.NOT_LIKE, Part.Type.STARTING_WITH, Part.Type.ENDING_WITH, Part.Type.CONTAINING,
            Part.Type.NOT_CONTAINING, Part.Type.TRUE, Part.Type.FALSE);

    final PartTree tree;
    final Kind kind;
    private final Class<?> returnType;
    private final int sortIndex;
    private final int pageableIndex;

    private DerivedQuery(PartTree tree, Kind kind, Class<?> returnType, int sortIndex, int pageableIndex) {
        this.tree = tree;
        this.kind = kind;
        this.returnType = returnType;
        this.sortIndex = sortIndex;
        this.pageableIndex = pageableIndex;
    }

    static DerivedQuery of(Method method, Class<?> domain) throws Unsupported {
        for (Annotation a : method.getAnnotations()) {
            String type = a.annotationType().getName();
            if (type.startsWith("org.springframework.data.") && !type.endsWith(".BypassPermissions")) {
                throw new Unsupported("it is annotated @" + a.annotationType().getSimpleName()
                        + " (@Query, native and stored-procedure queries, locks and hints are not run through the"
                        + " permission)");
            }
        }
        PartTree tree;
        try {
            tree = new PartTree(method.getName(), domain);
        } catch (RuntimeException e) {
            throw new Unsupported("its name is not a derived query of " + domain.getSimpleName() + " ("
                    + e.getMessage() + ")");
        }
        int arguments = 0;
        for (Part part : tree.getParts()) {
            if (!SUPPORTED.contains(part.getType())) {
                throw new Unsupported("the keyword " + part.getType() + " is not supported");
            }
            for (PropertyPath p : part.getProperty()) {
                if (p.isCollection()) {
                    throw new Unsupported("property " + part.getProperty().toDotPath() + " goes through a collection");
                }
            }
            arguments += part.getNumberOfArguments();
        }
        int sortIndex = -1;
        int pageableIndex = -1;
        int values = 0;
        Class<?>[] params = method.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            if (params[i] == Sort.class) {
                sortIndex = i;
            } else if (params[i] == Pageable.class) {
                pageableIndex = i;
            } else {
                values++;
            }
        }
        if (values != arguments) {
            throw new Unsupported("it has " + values + " value parameters where its name needs " + arguments);
        }
        Class<?> r = method.getReturnType();
        Kind kind;
        if (tree.isCountProjection()) {
            kind = Kind.COUNT;
            if (!Set.of(long.class, Long.class, int.class, Integer.class).contains(r)) {
                throw new Unsupported("a count returns " + r.getSimpleName());
            }
        } else if (tree.isExistsProjection()) {
            kind = Kind.EXISTS;
            if (r != boolean.class && r != Boolean.class) {
                throw new Unsupported("an exists query returns " + r.getSimpleName());
            }
        } else if (tree.isDelete()) {
            kind = Kind.DELETE;
            if (!Set.of(void.class, long.class, Long.class, int.class, Integer.class, List.class, Collection.class)
                    .contains(r) || (r == List.class || r == Collection.class) && !elementIs(method, domain)) {
                throw new Unsupported("a delete returns " + method.getGenericReturnType().getTypeName());
            }
        } else if (r == domain) {
            kind = Kind.SINGLE;
        } else if (r == Optional.class && elementIs(method, domain)) {
            kind = Kind.OPTIONAL;
        } else if ((r == List.class || r == Collection.class || r == Iterable.class) && elementIs(method, domain)) {
            kind = Kind.LIST;
        } else if (r == Page.class && elementIs(method, domain)) {
            kind = Kind.PAGE;
        } else if (r == Slice.class && elementIs(method, domain)) {
            kind = Kind.SLICE;
        } else {
            throw new Unsupported("it returns " + method.getGenericReturnType().getTypeName()
                    + " (supported: the entity, Optional, List, Collection, Iterable, Page or Slice of it, a count,"
                    + " a boolean)");
        }
        if (pageableIndex >= 0 && tree.isLimiting()) {
            throw new Unsupported("it combines First/Top with a Pageable");
        }
        if ((kind == Kind.PAGE || kind == Kind.SLICE) && pageableIndex < 0) {
            throw new Unsupported("a Page or Slice needs a Pageable parameter");
        }
        return new DerivedQuery(tree, kind, r, sortIndex, pageableIndex);
    }

    private static boolean elementIs(Method method, Class<?> domain) {
        Type t = method.getGenericReturnType();
        return t instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] == domain;
    }

    Class<?> returnType() {
        return returnType;
    }

    /** The sort: the method name's, then the Sort or Pageable parameter's. */
    Sort sort(Object[] args) {
        Sort sort = tree.getSort();
        if (sortIndex >= 0 && args[sortIndex] != null) {
            sort = sort.and((Sort) args[sortIndex]);
        }
        if (pageableIndex >= 0 && args[pageableIndex] != null) {
            sort = sort.and(((Pageable) args[pageableIndex]).getSort());
        }
        return sort;
    }

    Optional<Pageable> pageable(Object[] args) {
        return pageableIndex >= 0 && args[pageableIndex] != null ? Optional.of((Pageable) args[pageableIndex])
                : Optional.empty();
    }

    /** The method's condition on these arguments. */
    Specification<Object> spec(Object[] args) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (i != sortIndex && i != pageableIndex) {
                values.add(args[i]);
            }
        }
        return (root, query, cb) -> {
            if (tree.isDistinct()) {
                query.distinct(true);
            }
            if (!tree.hasPredicate()) {
                return null;
            }
            Iterator<Object> it = values.iterator();
            List<Predicate> ors = new ArrayList<>();
            for (PartTree.OrPart or : tree) {
                List<Predicate> ands = new ArrayList<>();
                for (Part part : or) {
                    Path<Object> path = root;
                    for (PropertyPath p : part.getProperty()) {
                        path = path.get(p.getSegment());
                    }
                    ands.add(predicate(part, path, cb, it));
                }
                ors.add(cb.and(ands.toArray(Predicate[]::new)));
            }
            return cb.or(ors.toArray(Predicate[]::new));
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Predicate predicate(Part part, Path<Object> path, CriteriaBuilder cb, Iterator<Object> it) {
        boolean ignoreCase = part.shouldIgnoreCase() != Part.IgnoreCaseType.NEVER
                && path.getJavaType() == String.class;
        Expression x = ignoreCase ? cb.upper((Expression<String>) (Expression<?>) path) : path;
        switch (part.getType()) {
            case IS_NULL:
                return cb.isNull(path);
            case IS_NOT_NULL:
                return cb.isNotNull(path);
            case TRUE:
                return cb.isTrue((Expression<Boolean>) (Expression<?>) path);
            case FALSE:
                return cb.isFalse((Expression<Boolean>) (Expression<?>) path);
            default:
                break;
        }
        Object v = value(it.next(), ignoreCase);
        switch (part.getType()) {
            case SIMPLE_PROPERTY:
                return v == null ? cb.isNull(path) : cb.equal(x, v);
            case NEGATING_SIMPLE_PROPERTY:
                return v == null ? cb.isNotNull(path) : cb.notEqual(x, v);
            case GREATER_THAN, AFTER:
                return cb.greaterThan(x, (Comparable) v);
            case GREATER_THAN_EQUAL:
                return cb.greaterThanOrEqualTo(x, (Comparable) v);
            case LESS_THAN, BEFORE:
                return cb.lessThan(x, (Comparable) v);
            case LESS_THAN_EQUAL:
                return cb.lessThanOrEqualTo(x, (Comparable) v);
            case BETWEEN:
                return cb.between(x, (Comparable) v, (Comparable) value(it.next(), ignoreCase));
            case IN, NOT_IN: {
                Collection<?> c = v instanceof Collection<?> col ? col
                        : v instanceof Object[] arr ? Arrays.asList(arr) : List.of(v);
                List<Object> in = new ArrayList<>();
                for (Object o : c) {
                    in.add(value(o, ignoreCase));
                }
                if (in.isEmpty()) {
                    return part.getType() == Part.Type.IN ? cb.disjunction() : cb.conjunction();
                }
                Predicate p = x.in(in);
                return part.getType() == Part.Type.IN ? p : cb.not(p);
            }
            case LIKE:
                return cb.like(x, (String) v);
            case NOT_LIKE:
                return cb.notLike(x, (String) v);
            case STARTING_WITH:
                return cb.like(x, escape(v) + "%", '\\');
            case ENDING_WITH:
                return cb.like(x, "%" + escape(v), '\\');
            case CONTAINING:
                return cb.like(x, "%" + escape(v) + "%", '\\');
            case NOT_CONTAINING:
                return cb.notLike(x, "%" + escape(v) + "%", '\\');
            default:
                throw new IllegalStateException("unsupported keyword " + part.getType());
        }
    }

    private static Object value(Object v, boolean upper) {
        return upper && v instanceof String s ? s.toUpperCase(java.util.Locale.ROOT) : v;
    }

    private static String escape(Object v) {
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("a like-style derived query needs a String value, not " + v);
        }
        return s.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    }
}

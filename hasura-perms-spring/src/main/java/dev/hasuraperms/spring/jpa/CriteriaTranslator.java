package dev.hasuraperms.spring.jpa;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.SqlNull;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CommonAbstractCriteria;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates the predicate IR to a JPA Criteria predicate over mapped entities, construct for construct, so SQL's
 * three-valued logic is kept: comparisons, {@code IN}, LIKE/ILIKE, null tests, AND/OR/NOT, and relationship filters
 * ({@link Predicate.Exists} over a table) as correlated {@code EXISTS} subqueries. Values are bound as parameters
 * (the Criteria API's value overloads), never SQL text; LIKE patterns keep PostgreSQL's backslash escape. Whatever
 * else the IR holds is
 * reported by {@link #problems} at start-up and never translated to something weaker.
 */
final class CriteriaTranslator {

    private static final char ESCAPE = '\\';

    private final EntityMappings mappings;

    CriteriaTranslator(EntityMappings mappings) {
        this.mappings = mappings;
    }

    /** A row source in scope: the criteria root (or subquery root) and its entity mapping. */
    record Scope(From<?, ?> from, EntityMapping mapping) {
    }

    // ---- start-up validation ----------------------------------------------------------------------------------------

    /** What keeps {@code p} (on rows of {@code root}) from being translated exactly; empty when it can be. */
    List<String> problems(Predicate p, EntityMapping root) {
        List<String> out = new ArrayList<>();
        Map<Integer, EntityMapping> scopes = new HashMap<>();
        scopes.put(0, root);
        check(p, scopes, out);
        return out;
    }

    private void check(Predicate p, Map<Integer, EntityMapping> scopes, List<String> out) {
        if (p instanceof Predicate.Const c) {
            if (c.value() == TriBool.UNKNOWN) {
                out.add("a constant UNKNOWN (NULL) condition has no Criteria form");
            }
        } else if (p instanceof Predicate.And a) {
            a.operands().forEach(o -> check(o, scopes, out));
        } else if (p instanceof Predicate.Or o) {
            o.operands().forEach(x -> check(x, scopes, out));
        } else if (p instanceof Predicate.Not n) {
            check(n.operand(), scopes, out);
        } else if (p instanceof Predicate.IsNull n) {
            checkColumn(n.expr(), scopes, out);
        } else if (p instanceof Predicate.Compare c) {
            checkCompare(c, scopes, out);
        } else if (p instanceof Predicate.Exists e) {
            if (!(e.source() instanceof Predicate.TableSource ts)) {
                out.add("a filter through a set-returning computed field has no Criteria form");
                return;
            }
            Optional<EntityMapping> target = mappings.forTable(ts.table());
            if (target.isEmpty()) {
                out.add("table " + ts.table().toSql() + " (read by a relationship filter) has no JPA entity");
                return;
            }
            Map<Integer, EntityMapping> inner = new HashMap<>(scopes);
            inner.put(e.scope(), target.get());
            for (Predicate.JoinPair j : e.join()) {
                checkColumn(j.inner(), inner, out);
                checkColumn(j.outer(), inner, out);
            }
            check(e.where(), inner, out);
        } else if (p instanceof Predicate.Aggregate) {
            out.add("an aggregation predicate has no Criteria form");
        }
    }

    private Optional<EntityMapping.ColumnPath> checkColumn(Expr e, Map<Integer, EntityMapping> scopes,
                                                           List<String> out) {
        if (!(e instanceof Expr.Column c)) {
            out.add(describe(e) + " has no Criteria form (only columns are compared)");
            return Optional.empty();
        }
        EntityMapping m = scopes.get(c.scope());
        if (m == null) {
            out.add("column \"" + c.name() + "\" refers to an unknown scope");
            return Optional.empty();
        }
        Optional<EntityMapping.ColumnPath> path = m.column(c.name());
        if (path.isEmpty()) {
            out.add("column \"" + c.name() + "\" of " + m.table().toSql() + " has no attribute in entity "
                    + m.entity().getName() + " (map it, or a many-to-one association with that join column)");
        }
        return path;
    }

    private void checkCompare(Predicate.Compare c, Map<Integer, EntityMapping> scopes, List<String> out) {
        switch (c.op()) {
            case EQ, NEQ, GT, LT, GTE, LTE, IN, LIKE, NLIKE, ILIKE, NILIKE -> {
            }
            default -> {
                out.add("operator " + c.op() + " (" + c.op().sql() + ") has no exact Criteria form");
                return;
            }
        }
        Optional<EntityMapping.ColumnPath> left = checkColumn(c.left(), scopes, out);
        Expr r = c.right();
        if (r instanceof Expr.Column) {
            checkColumn(r, scopes, out);
        } else if (r instanceof Expr.Literal l) {
            if (l.isNull()) {
                out.add("a comparison with a NULL literal has no exact Criteria form");
            }
        } else if (!(r instanceof Expr.SessionValue)) {
            out.add(describe(r) + " has no Criteria form");
        }
        if (left.isPresent() && !(r instanceof Expr.Column)) {
            JavaValues.unsupported(((Expr.Column) c.left()).type(), left.get().javaType())
                    .ifPresent(why -> out.add("column \"" + ((Expr.Column) c.left()).name() + "\": " + why));
        }
    }

    private static String describe(Expr e) {
        if (e instanceof Expr.Cast) {
            return "a cast";
        } else if (e instanceof Expr.Call call) {
            return "a computed field (" + call.function().toSql() + ")";
        } else if (e instanceof Expr.Redacted) {
            return "a redacted (inherited-role) column";
        } else if (e instanceof Expr.SessionJson) {
            return "the session as JSON";
        } else if (e instanceof Expr.Row) {
            return "a whole row";
        }
        return e.getClass().getSimpleName();
    }

    // ---- translation -------------------------------------------------------------------------------------------------

    /**
     * {@code p} as a Criteria predicate.
     *
     * @param criteria where subqueries are created (the query, or a subquery for nested relationship filters)
     */
    jakarta.persistence.criteria.Predicate translate(Predicate p, CriteriaBuilder cb, CommonAbstractCriteria criteria,
                                                     Map<Integer, Scope> scopes, SessionValues session) {
        if (p instanceof Predicate.Const c) {
            if (c.value() == TriBool.TRUE) {
                return cb.conjunction();
            } else if (c.value() == TriBool.FALSE) {
                return cb.disjunction();
            }
            throw untranslatable("constant UNKNOWN");
        } else if (p instanceof Predicate.And a) {
            List<jakarta.persistence.criteria.Predicate> ps = new ArrayList<>();
            for (Predicate o : a.operands()) {
                ps.add(translate(o, cb, criteria, scopes, session));
            }
            return cb.and(ps.toArray(jakarta.persistence.criteria.Predicate[]::new));
        } else if (p instanceof Predicate.Or o) {
            List<jakarta.persistence.criteria.Predicate> ps = new ArrayList<>();
            for (Predicate x : o.operands()) {
                ps.add(translate(x, cb, criteria, scopes, session));
            }
            return cb.or(ps.toArray(jakarta.persistence.criteria.Predicate[]::new));
        } else if (p instanceof Predicate.Not n) {
            return cb.not(translate(n.operand(), cb, criteria, scopes, session));
        } else if (p instanceof Predicate.IsNull n) {
            Path<?> path = path(n.expr(), scopes);
            return n.negated() ? cb.isNotNull(path) : cb.isNull(path);
        } else if (p instanceof Predicate.Compare c) {
            return compare(c, cb, scopes, session);
        } else if (p instanceof Predicate.Exists e) {
            return exists(e, cb, criteria, scopes, session);
        }
        throw untranslatable(p.getClass().getSimpleName());
    }

    private jakarta.persistence.criteria.Predicate exists(Predicate.Exists e, CriteriaBuilder cb,
                                                          CommonAbstractCriteria criteria, Map<Integer, Scope> scopes,
                                                          SessionValues session) {
        QualifiedName table = ((Predicate.TableSource) e.source()).table();
        EntityMapping target = mappings.forTable(table).orElseThrow(() -> untranslatable("table " + table.toSql()));
        Subquery<Object> sq = subquery(criteria, cb);
        Root<?> root = sq.from(target.entity());
        Map<Integer, Scope> inner = new HashMap<>(scopes);
        inner.put(e.scope(), new Scope(root, target));
        List<jakarta.persistence.criteria.Predicate> where = new ArrayList<>();
        for (Predicate.JoinPair j : e.join()) {
            where.add(cb.equal(path(j.inner(), inner), path(j.outer(), inner)));
        }
        where.add(translate(e.where(), cb, sq, inner, session));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Subquery<Object> selected = sq.select((Expression) root);
        selected.where(where.toArray(jakarta.persistence.criteria.Predicate[]::new));
        return cb.exists(selected);
    }

    private static Subquery<Object> subquery(CommonAbstractCriteria criteria, CriteriaBuilder cb) {
        if (criteria == null) {
            // A PredicateSpecification (Spring Data JPA 4) has no query at hand: a subquery of a fresh query
            // correlates through the outer root's paths all the same in Hibernate (RepositoryGuardTest).
            return cb.createQuery().subquery(Object.class);
        }
        return criteria.subquery(Object.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private jakarta.persistence.criteria.Predicate compare(Predicate.Compare c, CriteriaBuilder cb,
                                                           Map<Integer, Scope> scopes, SessionValues session) {
        Path left = path(c.left(), scopes);
        Class<?> javaType = javaType(c.left(), scopes);
        Expr r = c.right();
        if (c.op() == CompareOp.IN) {
            Object v = value(r, javaType, session);
            Collection<?> values = (Collection<?>) v;
            if (values.isEmpty()) {
                return cb.disjunction();
            }
            CriteriaBuilder.In in = cb.in(left);
            for (Object x : values) {
                if (x == null) {
                    in.value(cb.nullLiteral(javaType));
                } else {
                    in.value(x);
                }
            }
            return in;
        }
        if (r instanceof Expr.Column) {
            Expression right = path(r, scopes);
            return switch (c.op()) {
                case EQ -> cb.equal(left, right);
                case NEQ -> cb.notEqual(left, right);
                case GT -> cb.greaterThan(left, right);
                case LT -> cb.lessThan(left, right);
                case GTE -> cb.greaterThanOrEqualTo(left, right);
                case LTE -> cb.lessThanOrEqualTo(left, right);
                case LIKE -> cb.like(left, right, ESCAPE);
                case NLIKE -> cb.notLike(left, right, ESCAPE);
                case ILIKE -> hibernate(cb).ilike(left, right, ESCAPE);
                case NILIKE -> hibernate(cb).notIlike(left, right, ESCAPE);
                default -> throw untranslatable("operator " + c.op());
            };
        }
        // The value overloads make Hibernate bind the value as a parameter (cb.literal would inline it into the SQL,
        // one statement per session). LIKE patterns get PostgreSQL's default escape character, the backslash, as
        // Hasura's LIKE has it (Hibernate would otherwise render ESCAPE '', which disables escaping).
        Object v = value(r, javaType, session);
        return switch (c.op()) {
            case EQ -> cb.equal(left, v);
            case NEQ -> cb.notEqual(left, v);
            case GT -> cb.greaterThan(left, (Comparable) v);
            case LT -> cb.lessThan(left, (Comparable) v);
            case GTE -> cb.greaterThanOrEqualTo(left, (Comparable) v);
            case LTE -> cb.lessThanOrEqualTo(left, (Comparable) v);
            case LIKE -> cb.like(left, (String) v, ESCAPE);
            case NLIKE -> cb.notLike(left, (String) v, ESCAPE);
            case ILIKE -> hibernate(cb).ilike(left, (String) v, ESCAPE);
            case NILIKE -> hibernate(cb).notIlike(left, (String) v, ESCAPE);
            default -> throw untranslatable("operator " + c.op());
        };
    }

    private static HibernateCriteriaBuilder hibernate(CriteriaBuilder cb) {
        if (cb instanceof HibernateCriteriaBuilder h) {
            return h;
        }
        throw untranslatable("_ilike needs Hibernate's CriteriaBuilder");
    }

    private static Object value(Expr e, Class<?> javaType, SessionValues session) {
        Object v;
        if (e instanceof Expr.Literal l) {
            v = l.value();
        } else if (e instanceof Expr.SessionValue s) {
            v = session.value(s.variable(), s.type());
        } else {
            throw untranslatable(describe(e));
        }
        if (v == SqlNull.INSTANCE) {
            throw untranslatable("NULL literal");
        }
        return e instanceof Expr.SessionValue s ? JavaValues.convertSessionValue(v, s, javaType)
                : JavaValues.convert(v, javaType);
    }

    private static Path<?> path(Expr e, Map<Integer, Scope> scopes) {
        Expr.Column c = (Expr.Column) e;
        Scope s = scopes.get(c.scope());
        EntityMapping.ColumnPath cp = s.mapping().column(c.name())
                .orElseThrow(() -> untranslatable("column " + c.name()));
        Path<?> p = s.from();
        for (String a : cp.path()) {
            p = p.get(a);
        }
        return p;
    }

    private static Class<?> javaType(Expr e, Map<Integer, Scope> scopes) {
        Expr.Column c = (Expr.Column) e;
        return scopes.get(c.scope()).mapping().column(c.name()).orElseThrow().javaType();
    }

    private static IllegalStateException untranslatable(String what) {
        // Unreachable after the start-up check (JpaPermissions refuses such permissions).
        return new IllegalStateException("no Criteria translation for " + what + " (the start-up check should have refused it)");
    }

    static boolean isQuery(CommonAbstractCriteria c) {
        return c instanceof AbstractQuery<?>;
    }
}

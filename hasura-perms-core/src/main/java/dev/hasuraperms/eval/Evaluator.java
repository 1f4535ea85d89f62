package dev.hasuraperms.eval;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.Predicates;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.TypeCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates a {@link Predicate} against one row in memory, with SQL's three-valued logic and PostgreSQL's semantics
 * (C collation), and explains the result. Immutable and thread-safe; build one with {@link #builder()} and reuse it
 * (it caches compiled patterns).
 *
 * <pre>{@code
 * Evaluator ev = Evaluator.builder().relations(RelationResolver.of(tables)).build();
 * Evaluation e = ev.evaluate(filter, Row.of(Map.of("user_id", 3)), session);
 * if (!e.accepted()) System.out.println(e.explanation().render());
 * }</pre>
 *
 * <p>Values are normalised to the canonical Java types of {@link dev.hasuraperms.types.PgValues} for the type of the
 * expression that reads them; accepted as input: those types, other {@link Number}s, pgjdbc's {@code getObject}
 * results ({@code java.sql.Date}, {@code Time}, {@code Timestamp}, {@code java.sql.Array}, {@code PGobject} and any
 * object whose {@code toString()} is the PostgreSQL text), {@link java.time.Instant},
 * {@link java.time.ZonedDateTime}, lists and Java arrays for arrays, {@code byte[]} for bytea, and the PostgreSQL
 * text form as a {@link String} for any type. See the package documentation for the semantics of each operator and
 * type, and what is refused.
 */
public final class Evaluator {

    private final RelationResolver relations;
    private final FunctionResolver functions;
    private final boolean explain;
    private final TextMatch text = new TextMatch();

    private Evaluator(Builder b) {
        this.relations = b.relations;
        this.functions = b.functions;
        this.explain = b.explain;
    }

    /** {@return a builder: no relations, no functions, explanations on} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates {@code predicate} with {@code root} bound to scope 0.
     *
     * @param predicate the predicate; never null
     * @param root the row bound to scope 0; never null
     * @param session the session values the predicate reads; never null
     * @return the three-valued result and its explanation, never null
     * @throws EvaluationException          when an input is missing or invalid, or PostgreSQL would raise an error
     * @throws UnsupportedInMemoryException when the predicate uses something the evaluator cannot evaluate exactly
     */
    public Evaluation evaluate(Predicate predicate, Row root, SessionValueSource session) {
        return run(predicate, null, root, session);
    }

    /**
     * As {@link #evaluate(Predicate, Row, SessionValueSource)}, naming the root table so that explanations qualify
     * its columns ({@code public.events.user_id} rather than {@code user_id}).
     *
     * @param predicate the predicate; never null
     * @param rootTable the table {@code root} is a row of; never null
     * @param root the row bound to scope 0; never null
     * @param session the session values the predicate reads; never null
     * @return the three-valued result and its explanation, never null
     */
    public Evaluation evaluate(Predicate predicate, QualifiedName rootTable, Row root, SessionValueSource session) {
        return run(predicate, Objects.requireNonNull(rootTable, "rootTable"), root, session);
    }

    /**
     * Refuses, before any row is read, a predicate that uses something the evaluator cannot evaluate (see
     * {@link UnsupportedInMemoryException}). {@code evaluate} calls it too.
     *
     * @param predicate the predicate; never null
     * @throws UnsupportedInMemoryException saying what
     */
    public void checkSupported(Predicate predicate) {
        Predicates.walk(predicate, this::checkNode);
        Predicates.walkExprs(predicate, this::checkExpr);
    }

    private Evaluation run(Predicate predicate, QualifiedName rootTable, Row root, SessionValueSource session) {
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(session, "session");
        checkSupported(predicate);
        Run r = new Run(this, session, explain);
        r.bind(0, root, rootTable);
        TriBool result = r.eval(predicate);
        Explanation e = explain ? r.last
                : new Explanation(Explanation.Kind.NOT_RECORDED, result, "(explanations are off)", List.of(), null, null,
                null, null, 0);
        return new Evaluation(result, e);
    }

    // ------------------------------------------------------------------------------------------ static checks

    private void checkNode(Predicate p) {
        if (p instanceof Predicate.Compare c) {
            checkCompare(c);
        } else if (p instanceof Predicate.Exists e) {
            checkSource(e.source());
            checkJoin(e.join());
        } else if (p instanceof Predicate.InSubquery s) {
            checkSource(s.source());
        } else if (p instanceof Predicate.InJoin j) {
            j.sources().forEach(b -> checkSource(b.source()));
        } else if (p instanceof Predicate.Aggregate g) {
            checkSource(g.source());
            checkJoin(g.join());
            List<PgType> types = new ArrayList<>();
            g.arguments().forEach(a -> types.add(a.type()));
            String why = Aggregates.unsupported(g.function(), types, g.distinct());
            if (why != null) {
                throw new UnsupportedInMemoryException(why + " cannot be evaluated in memory");
            }
        }
    }

    private void checkSource(Predicate.Source s) {
        if (s instanceof Predicate.FunctionSource f && functions == null) {
            throw new UnsupportedInMemoryException("the set-returning function " + f.function()
                    + " cannot be evaluated in memory without a FunctionResolver");
        }
    }

    private void checkExpr(Expr e) {
        TypeCategory category = e.type().category();
        if (category == TypeCategory.GEOMETRY || category == TypeCategory.GEOGRAPHY || category == TypeCategory.RASTER) {
            // PostGIS operators, values and casts: their geometry is PostGIS's, so only the database evaluates them.
            throw new UnsupportedInMemoryException("PostGIS values (" + e.type().displayName()
                    + ") and operators cannot be evaluated in memory");
        }
        if (e instanceof Expr.Call c && functions == null) {
            throw new UnsupportedInMemoryException("the function " + c.function()
                    + " cannot be evaluated in memory without a FunctionResolver");
        }
        if (e instanceof Expr.Cast c && !castSupported(c.expr().type(), c.type())) {
            throw new UnsupportedInMemoryException("the cast from " + c.expr().type().displayName() + " to "
                    + c.type().displayName() + " cannot be evaluated in memory (only jsonb to text is)");
        }
        if (e instanceof Expr.Redacted r) {
            Predicates.walk(r.condition(), this::checkNode);
        }
    }

    static boolean castSupported(PgType from, PgType to) {
        if (from.equals(to)) {
            return true;
        }
        return from.category() == TypeCategory.JSONB && to instanceof PgType.Base b
                && b.name().schema().equals(PgType.PG_CATALOG)
                && (b.name().name().equals("text") || b.name().name().equals("varchar"));
    }

    private void checkCompare(Predicate.Compare c) {
        PgType lt = c.left().type();
        PgType rt = c.right().type();
        switch (c.op()) {
            case EQ: case NEQ: case GT: case LT: case GTE: case LTE:
                requireComparable(c.op(), lt);
                requireComparable(c.op(), rt);
                requireCompatible(c.op(), lt, rt);
                break;
            case IN:
                requireComparable(c.op(), lt);
                if (!(rt instanceof PgType.Array a)) {
                    throw new UnsupportedInMemoryException("= ANY needs an array on its right, found " + rt.displayName());
                }
                requireCompatible(c.op(), lt, a.element());
                break;
            case LIKE: case NLIKE: case ILIKE: case NILIKE: case SIMILAR: case NSIMILAR:
            case REGEX: case NREGEX: case IREGEX: case NIREGEX:
                if (lt.category() != TypeCategory.STRING || rt.category() != TypeCategory.STRING) {
                    throw new UnsupportedInMemoryException(c.op().sql() + " on " + lt.displayName() + " and "
                            + rt.displayName() + " cannot be evaluated in memory");
                }
                if (c.right() instanceof Expr.Literal l && !l.isNull()) {
                    precompile(c.op(), (String) l.value(), lt, rt);
                }
                break;
            case CONTAINS: case CONTAINED_IN:
                if (!(lt.category() == TypeCategory.JSONB && rt.category() == TypeCategory.JSONB)
                        && !(lt instanceof PgType.Array && rt instanceof PgType.Array && Values.comparable(lt)
                        && Values.comparable(rt) && Values.compatible(lt, rt))) {
                    throw new UnsupportedInMemoryException(c.op().sql() + " on " + lt.displayName() + " and "
                            + rt.displayName() + " cannot be evaluated in memory");
                }
                break;
            case HAS_KEY: case HAS_KEYS_ANY: case HAS_KEYS_ALL:
                if (lt.category() != TypeCategory.JSONB) {
                    throw new UnsupportedInMemoryException(c.op().sql() + " on " + lt.displayName()
                            + " cannot be evaluated in memory");
                }
                break;
            case ANCESTOR: case DESCENDANT:
                if (lt.category() != TypeCategory.LTREE || !(rt.category() == TypeCategory.LTREE
                        || rt instanceof PgType.Array a && a.element().category() == TypeCategory.LTREE)) {
                    throw new UnsupportedInMemoryException(c.op().sql() + " on " + lt.displayName() + " and "
                            + rt.displayName() + " cannot be evaluated in memory");
                }
                break;
            default:
                throw new UnsupportedInMemoryException("the ltree operator " + c.op().sql() + " ("
                        + c.op().name().toLowerCase(java.util.Locale.ROOT) + ", with lquery or ltxtquery) is unsupported in memory");
        }
    }

    private static void requireCompatible(CompareOp op, PgType a, PgType b) {
        if (!Values.compatible(a, b)) {
            throw new UnsupportedInMemoryException("values of types " + a.displayName() + " and " + b.displayName()
                    + " cannot be compared with each other in memory (" + op.sql() + ")");
        }
    }

    private static void checkJoin(List<Predicate.JoinPair> join) {
        for (Predicate.JoinPair jp : join) {
            requireComparable(CompareOp.EQ, jp.inner().type());
            requireComparable(CompareOp.EQ, jp.outer().type());
            requireCompatible(CompareOp.EQ, jp.inner().type(), jp.outer().type());
        }
    }

    private static void requireComparable(CompareOp op, PgType t) {
        if (!Values.comparable(t)) {
            throw new UnsupportedInMemoryException("values of type " + t.displayName() + " cannot be compared in memory ("
                    + op.sql() + ")");
        }
    }

    /** Compiles a constant pattern now, so that an untranslatable one is refused whatever the rows. */
    private void precompile(CompareOp op, String pattern, PgType lt, PgType rt) {
        try {
            matches(op, "", pattern, lt, rt);
        } catch (UnsupportedInMemoryException e) {
            throw e;
        } catch (EvaluationException e) {
            // PostgreSQL raises such errors only when the operator runs: so do we.
        }
    }

    // ------------------------------------------------------------------------------------------ operators

    /** LIKE, ILIKE, SIMILAR TO and the regex operators on non-NULL strings (NOT forms included). */
    boolean matches(CompareOp op, String value, String pattern, PgType lt, PgType rt) {
        // A bpchar pattern is cast to text (trailing spaces removed); the value keeps its padding (bpcharlike).
        String p = Values.isBpchar(rt) ? Values.rtrimSpaces(pattern) : pattern;
        // citext's operators (LIKE, ~, SIMILAR TO through ~) are all case-insensitive.
        boolean ci = Values.isCitext(lt) || Values.isCitext(rt);
        switch (op) {
            case LIKE:
                return text.like(value, p, ci);
            case NLIKE:
                return !text.like(value, p, ci);
            case ILIKE:
                return text.like(value, p, true);
            case NILIKE:
                return !text.like(value, p, true);
            case SIMILAR:
                return text.similar(value, p, ci);
            case NSIMILAR:
                return !text.similar(value, p, ci);
            case REGEX:
                return text.regex(value, p, ci);
            case NREGEX:
                return !text.regex(value, p, ci);
            case IREGEX:
                return text.regex(value, p, true);
            default:
                return !text.regex(value, p, true);
        }
    }

    RelationResolver relations() {
        return relations;
    }

    Optional<FunctionResolver> functions() {
        return Optional.ofNullable(functions);
    }

    /** Builds an {@link Evaluator}. */
    public static final class Builder {
        private RelationResolver relations = RelationResolver.none();
        private FunctionResolver functions;
        private boolean explain = true;

        private Builder() {
        }

        /**
         * Where EXISTS and aggregates take related rows from (default: no tables).
         *
         * @param relations the resolver; never null
         * @return this builder
         */
        public Builder relations(RelationResolver relations) {
            this.relations = Objects.requireNonNull(relations, "relations");
            return this;
        }

        /**
         * How SQL functions (computed fields) are evaluated (default: they are refused).
         *
         * @param functions the resolver; never null
         * @return this builder
         */
        public Builder functions(FunctionResolver functions) {
            this.functions = Objects.requireNonNull(functions, "functions");
            return this;
        }

        /**
         * Whether to build explanations (default true). Without, {@link Evaluation#explanation()} is a single
         * {@link Explanation.Kind#NOT_RECORDED} node and evaluation allocates less.
         *
         * @param explain false to skip explanations
         * @return this builder
         */
        public Builder explanations(boolean explain) {
            this.explain = explain;
            return this;
        }

        /** {@return the evaluator} */
        public Evaluator build() {
            return new Evaluator(this);
        }
    }
}

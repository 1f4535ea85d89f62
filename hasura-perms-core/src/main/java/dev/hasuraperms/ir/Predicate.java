package dev.hasuraperms.ir;

import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Objects;

/**
 * The typed predicate model every backend consumes: the JDBC renderer, the jOOQ renderer and the in-memory
 * evaluator give it the same meaning, SQL's three-valued logic. Built once per (role, table, operation) by the type
 * checker; session values are slots ({@link Expr.SessionValue}) filled per request.
 */
public sealed interface Predicate permits Predicate.Const, Predicate.And, Predicate.Or, Predicate.Not,
        Predicate.Compare, Predicate.IsNull, Predicate.Exists, Predicate.Aggregate, Predicate.InSubquery,
        Predicate.InJoin {

    /**
     * TRUE, FALSE or UNKNOWN (SQL {@code NULL::boolean}).
     *
     * @param value the truth value
     */
    record Const(TriBool value) implements Predicate {
        /** The constant TRUE. */
        public static final Const TRUE = new Const(TriBool.TRUE);
        /** The constant FALSE. */
        public static final Const FALSE = new Const(TriBool.FALSE);
        /** The constant UNKNOWN (SQL NULL). */
        public static final Const UNKNOWN = new Const(TriBool.UNKNOWN);

        /**
         * Creates the record: checks that the components are not null.
         *
         * @param value the truth value
         * @throws NullPointerException when a component is null
         */
        public Const {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Conjunction; empty is TRUE.
     *
     * @param operands the operands, in order
     */
    record And(List<Predicate> operands) implements Predicate {
        /**
         * Creates the record: keeps immutable copies of the collections.
         *
         * @param operands the operands, in order
         */
        public And {
            operands = List.copyOf(operands);
        }
    }

    /**
     * Disjunction; empty is FALSE.
     *
     * @param operands the operands, in order
     */
    record Or(List<Predicate> operands) implements Predicate {
        /**
         * Creates the record: keeps immutable copies of the collections.
         *
         * @param operands the operands, in order
         */
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /**
     * Negation (NOT UNKNOWN is UNKNOWN).
     *
     * @param operand the negated predicate
     */
    record Not(Predicate operand) implements Predicate {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param operand the negated predicate
         * @throws NullPointerException when a component is null
         */
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * {@code left op right}. UNKNOWN when either side is NULL (for IN: PostgreSQL's {@code = ANY} rules).
     *
     * @param op the operator
     * @param left the left operand
     * @param right the right operand
     */
    record Compare(CompareOp op, Expr left, Expr right) implements Predicate {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param op the operator
         * @param left the left operand
         * @param right the right operand
         * @throws NullPointerException when a component is null
         */
        public Compare {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /**
     * {@code expr IS NULL}, or {@code IS NOT NULL} when {@code negated}. Never UNKNOWN.
     *
     * @param expr the expression tested
     * @param negated true for {@code IS NOT NULL}
     */
    record IsNull(Expr expr, boolean negated) implements Predicate {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param expr the expression tested
         * @param negated true for {@code IS NOT NULL}
         * @throws NullPointerException when a component is null
         */
        public IsNull {
            Objects.requireNonNull(expr, "expr");
        }
    }

    /**
     * {@code EXISTS (SELECT 1 FROM source AS <scope> WHERE join AND where)}. Never UNKNOWN. Relationships join on
     * column pairs; {@code _exists} has no join.
     *
     * @param source the related table, or a set-returning function
     * @param scope  the scope number the source's rows are bound to inside {@code where}
     * @param join   pairs of (column of the source, expression of an enclosing scope)
     * @param where  the condition on the source's rows
     */
    record Exists(Source source, int scope, List<JoinPair> join, Predicate where) implements Predicate {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param source the related table, or a set-returning function
         * @param scope the scope number the source's rows are bound to inside {@code where}
         * @param join pairs of (column of the source, expression of an enclosing scope)
         * @param where the condition on the source's rows
         * @throws NullPointerException when a component is null
         */
        public Exists {
            Objects.requireNonNull(source, "source");
            join = List.copyOf(join);
            Objects.requireNonNull(where, "where");
        }
    }

    /**
     * An aggregation predicate: {@code EXISTS (SELECT 1 FROM (SELECT fn(args) AS agg FROM source WHERE join AND
     * filter) WHERE conditions(agg))}, as Hasura emits it (so an empty set's {@code sum} is FALSE, not UNKNOWN).
     *
     * @param function   {@code count}, {@code sum}, ...
     * @param arguments  argument columns of the source (none: {@code count(*)})
     * @param conditions the comparisons on the aggregate, with the aggregate as {@link Expr.Column} of
     *                   {@code resultScope} named {@code "agg"}
     * @param source the related table, or a set-returning function
     * @param scope the scope number of the source's rows
     * @param join pairs of (column of the source, expression of an enclosing scope)
     * @param filter the condition on the source's rows before aggregating
     * @param distinct whether the function aggregates distinct values
     * @param resultScope the scope number of the aggregate's one-row result
     */
    record Aggregate(Source source, int scope, List<JoinPair> join, Predicate filter, String function,
                     List<Expr.Column> arguments, boolean distinct, int resultScope, Predicate conditions)
            implements Predicate {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param source the related table, or a set-returning function
         * @param scope the scope number of the source's rows
         * @param join pairs of (column of the source, expression of an enclosing scope)
         * @param filter the condition on the source's rows before aggregating
         * @param function {@code count}, {@code sum}, ...
         * @param arguments argument columns of the source (none: {@code count(*)})
         * @param distinct whether the function aggregates distinct values
         * @param resultScope the scope number of the aggregate's one-row result
         * @param conditions the comparisons on the aggregate, with the aggregate as {@link Expr.Column} of {@code
         *     resultScope} named {@code "agg"}
         * @throws NullPointerException when a component is null
         */
        public Aggregate {
            Objects.requireNonNull(source, "source");
            join = List.copyOf(join);
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
            Objects.requireNonNull(conditions, "conditions");
        }
    }

    /**
     * {@code outer = ANY (ARRAY (SELECT inner FROM source AS <scope> WHERE where))}: whether {@code outer} equals the
     * {@code inner} column of some row of {@code source} satisfying {@code where}, with PostgreSQL's {@code = ANY}
     * rules: FALSE when no row satisfies {@code where}; otherwise TRUE on a match, else UNKNOWN when {@code outer} or
     * some {@code inner} value is NULL, else FALSE. Only the optimizer builds it (see {@link Optimizer}), from an
     * {@link Exists} whose {@code where} does not read the enclosing rows, so that PostgreSQL runs the subquery once per
     * statement (an InitPlan) instead of once per row.
     *
     * @param outer  the expression of an enclosing scope (the relationship's join column)
     * @param source the related table
     * @param scope  the scope number the source's rows are bound to inside {@code where} and {@code inner}
     * @param inner  the related table's join column
     * @param where  the condition on the source's rows; reads no scope outside this node
     */
    record InSubquery(Expr outer, Source source, int scope, Expr.Column inner, Predicate where) implements Predicate {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param outer the expression of an enclosing scope (the relationship's join column)
         * @param source the related table
         * @param scope the scope number the source's rows are bound to inside {@code where} and {@code inner}
         * @param inner the related table's join column
         * @param where the condition on the source's rows; reads no scope outside this node
         * @throws NullPointerException when a component is null
         */
        public InSubquery {
            Objects.requireNonNull(outer, "outer");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(inner, "inner");
            Objects.requireNonNull(where, "where");
        }
    }

    /**
     * A join-shaped subquery: {@code outer = ANY (ARRAY (SELECT inner FROM s1 AS <scope1>, s2 AS <scope2>, ... WHERE
     * where))}, whether {@code outer} equals the {@code inner} value of some combination of rows of the sources that
     * satisfies {@code where} (PostgreSQL's {@code = ANY} rules, as {@link InSubquery}). Only the optimizer builds it
     * (see {@link Optimizer}): a chain of EXISTS flattened into inner joins, so that PostgreSQL can drive the join from
     * its most selective side.
     *
     * @param outer   the expression of an enclosing scope
     * @param sources the joined sources, each bound to its own scope inside {@code where} and {@code inner}
     * @param inner   the selected column (of one of the sources' scopes)
     * @param where   the join conditions and the condition on the joined rows; reads no scope outside this node
     */
    record InJoin(Expr outer, List<Bound> sources, Expr.Column inner, Predicate where) implements Predicate {
        /**
         * Checks the components and copies the sources.
         *
         * @param outer   the expression of an enclosing scope
         * @param sources the joined sources
         * @param inner   the selected column
         * @param where   the join conditions and the condition on the joined rows
         */
        public InJoin {
            Objects.requireNonNull(outer, "outer");
            sources = List.copyOf(sources);
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("a join needs a source");
            }
            Objects.requireNonNull(inner, "inner");
            Objects.requireNonNull(where, "where");
        }
    }

    /**
     * A source of an {@link InJoin} and the scope its rows are bound to.
     *
     * @param source the table or set-returning function
     * @param scope  the scope number
     */
    record Bound(Source source, int scope) {
        /**
         * Checks the source.
         *
         * @param source the table or set-returning function
         * @param scope  the scope number
         */
        public Bound {
            Objects.requireNonNull(source, "source");
        }
    }

    /** Where an {@link Exists} takes its rows from. */
    sealed interface Source permits TableSource, FunctionSource {
    }

    /**
     * A table or view.
     *
     * @param table the table or view
     */
    record TableSource(QualifiedName table) implements Source {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param table the table or view
         * @throws NullPointerException when a component is null
         */
        public TableSource {
            Objects.requireNonNull(table, "table");
        }
    }

    /**
     * A set-returning function (a computed field returning {@code SETOF table}).
     *
     * @param function the set-returning function
     * @param arguments its arguments, in order
     * @param returnsTable the table whose rows it returns
     */
    record FunctionSource(QualifiedName function, List<Expr> arguments, QualifiedName returnsTable) implements Source {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param function the set-returning function
         * @param arguments its arguments, in order
         * @param returnsTable the table whose rows it returns
         * @throws NullPointerException when a component is null
         */
        public FunctionSource {
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
            Objects.requireNonNull(returnsTable, "returnsTable");
        }
    }

    /**
     * {@code inner.column = outer} in a relationship join.
     *
     * @param inner the column of the source
     * @param outer the expression of an enclosing scope it must equal
     */
    record JoinPair(Expr.Column inner, Expr outer) {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param inner the column of the source
         * @param outer the expression of an enclosing scope it must equal
         * @throws NullPointerException when a component is null
         */
        public JoinPair {
            Objects.requireNonNull(inner, "inner");
            Objects.requireNonNull(outer, "outer");
        }
    }
}

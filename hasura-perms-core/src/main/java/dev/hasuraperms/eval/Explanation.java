package dev.hasuraperms.eval;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a predicate had its result: a tree mirroring the predicate, each node with its result. Comparisons carry the
 * operator and both values with their types; EXISTS and aggregates say how many related rows were examined, how
 * many passed the join (and the aggregate's filter), which one matched, and explain the condition on that row (or,
 * when none matched, on the first row that passed the join). AND and OR stop at the first operand that decides
 * them, as PostgreSQL does; the operands not evaluated are counted, not listed. Immutable.
 *
 * <p>{@link #render()} prints one line per node, indented by depth:
 *
 * <pre>
 * FALSE   AND
 *   FALSE   public.events.user_id (3) = x-hasura-user-id (2)
 * </pre>
 */
public final class Explanation {

    /** What a node explains. */
    public enum Kind {
        /** TRUE, FALSE or NULL::boolean. */
        CONSTANT,
        /** All operands (SQL AND). */
        AND,
        /** Any operand (SQL OR). */
        OR,
        /** Negation (SQL NOT). */
        NOT,
        /** A binary operator (comparison, IN, pattern match, containment, key existence, ltree ancestry). */
        COMPARISON,
        /** IS NULL or IS NOT NULL. */
        IS_NULL,
        /** An EXISTS over related rows. */
        EXISTS,
        /** An aggregate over related rows compared with a value. */
        AGGREGATE,
        /** The evaluator was built without explanations: only the result is known. */
        NOT_RECORDED
    }

    /**
     * One side of a comparison: the expression (as text), its type and its value ({@link SqlNull#INSTANCE} for
     * NULL; otherwise the canonical Java value of {@link dev.hasuraperms.types.PgValues}, bytea as its hex text).
     *
     * @param expression the expression as text: a column ({@code public.events.user_id}), a session variable, a
     *                   literal's value, ...
     * @param literal    whether the expression is a literal (then {@link #render()} shows only the value)
     * @param type the value's PostgreSQL type
     * @param value the value (see {@link dev.hasuraperms.types.PgValues})
     */
    public record Operand(String expression, PgType type, Object value, boolean literal) {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param expression the expression as text: a column ({@code public.events.user_id}), a session variable, a
         *     literal's value, ...
         * @param type the value's PostgreSQL type
         * @param value the value (see {@link dev.hasuraperms.types.PgValues})
         * @param literal whether the expression is a literal (then {@link #render()} shows only the value)
         * @throws NullPointerException when a component is null
         */
        public Operand {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }

        /** {@return whether the value is NULL} */
        public boolean isNull() {
            return value == SqlNull.INSTANCE;
        }

        /** {@return the value as PostgreSQL would print it, strings quoted ({@code 'abc'}, {@code 3}, {@code NULL})} */
        public String renderedValue() {
            return Values.render(value, type);
        }

        /**
         * {@code expression (value)}, or just the value for a literal.
         *
         * @return the rendering, never null
         */
        public String render() {
            return literal ? renderedValue() : expression + " (" + renderedValue() + ")";
        }
    }

    /**
     * What an EXISTS or aggregate read.
     *
     * @param source   the table (or set-returning function) read
     * @param examined rows read from the resolver
     * @param joined   rows that passed the join (and, for an aggregate, its filter)
     * @param matched  for EXISTS, the 0-based position (among the rows examined) of the row that made it TRUE
     * @param aggregate for an aggregate, its value
     */
    public record Rows(QualifiedName source, int examined, int joined, OptionalInt matched, Optional<Operand> aggregate) {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param source the table (or set-returning function) read
         * @param examined rows read from the resolver
         * @param joined rows that passed the join (and, for an aggregate, its filter)
         * @param matched for EXISTS, the 0-based position (among the rows examined) of the row that made it TRUE
         * @param aggregate for an aggregate, its value
         * @throws NullPointerException when a component is null
         */
        public Rows {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(matched, "matched");
            Objects.requireNonNull(aggregate, "aggregate");
        }
    }

    private final Kind kind;
    private final TriBool result;
    private final String label;
    private final List<Explanation> children;
    private final CompareOp operator;
    private final Operand left;
    private final Operand right;
    private final Rows rows;
    private final int notEvaluated;

    Explanation(Kind kind, TriBool result, String label, List<Explanation> children, CompareOp operator, Operand left,
                Operand right, Rows rows, int notEvaluated) {
        this.kind = kind;
        this.result = result;
        this.label = label;
        this.children = List.copyOf(children);
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.rows = rows;
        this.notEvaluated = notEvaluated;
    }

    /** {@return what this node explains} */
    public Kind kind() {
        return kind;
    }

    /** {@return the node's result} */
    public TriBool result() {
        return result;
    }

    /** {@return the explanations of the operands that were evaluated (or of the related row's condition)} */
    public List<Explanation> children() {
        return children;
    }

    /**
     * For a comparison, its operator.
     *
     * @return the operator; empty for other nodes
     */
    public Optional<CompareOp> operator() {
        return Optional.ofNullable(operator);
    }

    /**
     * For a comparison, the left value; for IS NULL, the value tested.
     *
     * @return the value; empty for other nodes
     */
    public Optional<Operand> left() {
        return Optional.ofNullable(left);
    }

    /**
     * For a comparison, the right value.
     *
     * @return the value; empty for other nodes
     */
    public Optional<Operand> right() {
        return Optional.ofNullable(right);
    }

    /**
     * For EXISTS and aggregates, what was read.
     *
     * @return the rows; empty for other nodes
     */
    public Optional<Rows> rows() {
        return Optional.ofNullable(rows);
    }

    /**
     * For AND and OR, how many operands were not evaluated because an earlier one decided the result.
     *
     * @return the number of operands skipped; 0 for other nodes
     */
    public int notEvaluated() {
        return notEvaluated;
    }

    /** {@return the node's line without its result: {@code AND}, {@code public.events.user_id (3) = x-hasura-user-id (2)}} */
    public String summary() {
        return label;
    }

    /** {@return the tree, one line per node: the result, then the summary, children indented by two spaces} */
    public String render() {
        StringBuilder sb = new StringBuilder();
        render(sb, 0);
        return sb.toString();
    }

    private void render(StringBuilder sb, int depth) {
        if (depth > 0) {
            sb.append('\n');
        }
        sb.append("  ".repeat(depth));
        String r = result.name();
        sb.append(r).append(" ".repeat(Math.max(1, 8 - r.length()))).append(label);
        for (Explanation c : children) {
            c.render(sb, depth + 1);
        }
    }

    @Override
    public String toString() {
        return render();
    }
}

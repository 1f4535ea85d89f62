package dev.hasuraperms.internal.sql;

import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.types.Patterns;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the predicate IR as a PostgreSQL {@link SqlTemplate}. Scope 0 is the rows the backend names; each EXISTS
 * scope {@code n} is aliased {@code "_hp<n>"} (aliases starting with {@code _hp} are reserved).
 */
public final class SqlRenderer {

    /** Prefix of the aliases this renderer gives to subquery scopes. */
    public static final String ALIAS_PREFIX = "_hp";

    private final StringBuilder sql = new StringBuilder(128);
    private final List<SqlTemplate.Part> parts = new ArrayList<>();
    private final List<SqlTemplate.Slot> slots = new ArrayList<>();
    /** The pattern language of the right operand being rendered. */
    private Patterns.Kind pattern = Patterns.Kind.NONE;

    private SqlRenderer() {
    }

    /**
     * Renders {@code p}; session values are bound with the oldest supported server's input rules.
     *
     * @param p the predicate
     * @return the rendered template
     */
    public static SqlTemplate render(Predicate p) {
        return render(p, dev.hasuraperms.types.PgValues.OLDEST_SUPPORTED_MAJOR);
    }

    /**
     * Renders {@code p}; session values are bound with the input rules of PostgreSQL {@code serverMajor}.
     *
     * @param p           the predicate
     * @param serverMajor the PostgreSQL major version whose input rules bind session values
     * @return the rendered template
     */
    public static SqlTemplate render(Predicate p, int serverMajor) {
        SqlRenderer r = new SqlRenderer();
        r.predicate(p);
        r.flush();
        return new SqlTemplate(r.parts, r.slots, serverMajor);
    }

    /**
     * An argument of a function call: positional (no name) or named ({@code "name" => value}, PostgreSQL's named
     * notation, which lets a call leave out an argument with a default before one it gives).
     *
     * @param name  the argument's name, for named notation
     * @param value the value (a row, the session as JSON, a literal)
     */
    public record CallArgument(java.util.Optional<String> name, Expr value) {
        /**
         * Checks the parts.
         *
         * @param name  the argument's name, for named notation
         * @param value the value
         */
        public CallArgument {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Renders a call of {@code function} (a computed field's value): positional arguments first, then named ones.
     *
     * @param function    the function
     * @param arguments   the arguments, positional ones before named ones
     * @param serverMajor the PostgreSQL major version whose input rules bind session values
     * @return the template of the call, whose rows (scope 0) the backend names
     */
    public static SqlTemplate renderCall(dev.hasuraperms.names.QualifiedName function, List<CallArgument> arguments,
                                         int serverMajor) {
        SqlRenderer r = new SqlRenderer();
        r.sql.append(SqlNames.quote(function)).append('(');
        for (int i = 0; i < arguments.size(); i++) {
            CallArgument a = arguments.get(i);
            r.sql.append(i == 0 ? "" : ", ");
            a.name().ifPresent(n -> r.sql.append(SqlNames.quote(n)).append(" => "));
            r.expr(a.value());
        }
        r.sql.append(')');
        r.flush();
        return new SqlTemplate(r.parts, r.slots, serverMajor);
    }

    private void flush() {
        if (sql.length() > 0) {
            parts.add(new SqlTemplate.Text(sql.toString()));
            sql.setLength(0);
        }
    }

    private void part(SqlTemplate.Part p) {
        flush();
        parts.add(p);
    }

    private void alias(int scope) {
        if (scope == 0) {
            part(SqlTemplate.root());
        } else {
            sql.append('"').append(ALIAS_PREFIX).append(scope).append('"');
        }
    }

    private void predicate(Predicate p) {
        if (p instanceof Predicate.Const c) {
            sql.append(c.value() == TriBool.TRUE ? "TRUE" : c.value() == TriBool.FALSE ? "FALSE" : "NULL::boolean");
        } else if (p instanceof Predicate.And a) {
            connective(a.operands(), " AND ", "TRUE");
        } else if (p instanceof Predicate.Or o) {
            connective(o.operands(), " OR ", "FALSE");
        } else if (p instanceof Predicate.Not n) {
            sql.append("NOT (");
            predicate(n.operand());
            sql.append(')');
        } else if (p instanceof Predicate.Compare c) {
            compare(c);
        } else if (p instanceof Predicate.IsNull n) {
            sql.append('(');
            expr(n.expr());
            sql.append(n.negated() ? " IS NOT NULL)" : " IS NULL)");
        } else if (p instanceof Predicate.Exists e) {
            sql.append("EXISTS (SELECT 1 FROM ");
            source(e.source());
            sql.append(" AS ");
            alias(e.scope());
            sql.append(" WHERE ");
            whereWithJoin(e.join(), e.where());
            sql.append(')');
        } else if (p instanceof Predicate.InSubquery s) {
            sql.append('(');
            expr(s.outer());
            sql.append(" = ANY (ARRAY (SELECT ");
            expr(s.inner());
            sql.append(" FROM ");
            source(s.source());
            sql.append(" AS ");
            alias(s.scope());
            sql.append(" WHERE ");
            predicate(s.where());
            sql.append(")))");
        } else if (p instanceof Predicate.InJoin j) {
            sql.append('(');
            expr(j.outer());
            sql.append(" = ANY (ARRAY (SELECT ");
            expr(j.inner());
            sql.append(" FROM ");
            for (int i = 0; i < j.sources().size(); i++) {
                if (i > 0) {
                    sql.append(" CROSS JOIN ");
                }
                source(j.sources().get(i).source());
                sql.append(" AS ");
                alias(j.sources().get(i).scope());
            }
            sql.append(" WHERE ");
            predicate(j.where());
            sql.append(")))");
        } else {
            aggregate((Predicate.Aggregate) p);
        }
    }

    private void connective(List<Predicate> operands, String op, String empty) {
        if (operands.isEmpty()) {
            sql.append(empty);
            return;
        }
        if (operands.size() == 1) {
            predicate(operands.get(0));
            return;
        }
        sql.append('(');
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                sql.append(op);
            }
            predicate(operands.get(i));
        }
        sql.append(')');
    }

    private void whereWithJoin(List<Predicate.JoinPair> join, Predicate where) {
        boolean first = true;
        for (Predicate.JoinPair j : join) {
            if (!first) {
                sql.append(" AND ");
            }
            first = false;
            expr(j.inner());
            sql.append(" = ");
            expr(j.outer());
        }
        boolean trivial = where instanceof Predicate.Const c && c.value() == TriBool.TRUE
                || where instanceof Predicate.And a && a.operands().isEmpty();
        if (!trivial || first) {
            if (!first) {
                sql.append(" AND ");
            }
            predicate(where);
        }
    }

    private void source(Predicate.Source source) {
        if (source instanceof Predicate.TableSource t) {
            part(new SqlTemplate.Table(t.table()));
        } else {
            Predicate.FunctionSource f = (Predicate.FunctionSource) source;
            sql.append(SqlNames.quote(f.function())).append('(');
            args(f.arguments());
            sql.append(')');
        }
    }

    private void aggregate(Predicate.Aggregate g) {
        sql.append("EXISTS (SELECT 1 FROM (SELECT ").append(g.function()).append('(');
        if (g.distinct()) {
            sql.append("DISTINCT ");
        }
        if (g.arguments().isEmpty()) {
            sql.append('*');
        } else {
            for (int i = 0; i < g.arguments().size(); i++) {
                if (i > 0) {
                    sql.append(", ");
                }
                expr(g.arguments().get(i));
            }
        }
        sql.append(") AS \"agg\" FROM ");
        source(g.source());
        sql.append(" AS ");
        alias(g.scope());
        sql.append(" WHERE ");
        whereWithJoin(g.join(), g.filter());
        sql.append(") AS ");
        alias(g.resultScope());
        sql.append(" WHERE ");
        predicate(g.conditions());
        sql.append(')');
    }

    private void compare(Predicate.Compare c) {
        if (spatialTest(c)) {
            // A PostGIS operator: the IR compares the boolean call with TRUE; Hasura writes the bare call
            // (ST_Contains(col, v)), which the planner can match with a spatial index.
            expr(c.left());
            return;
        }
        sql.append('(');
        expr(c.left());
        pattern = c.op().patternKind();
        CompareOp op = c.op();
        switch (op) {
            case IN:
                sql.append(" = ANY (");
                expr(c.right());
                pattern = Patterns.Kind.NONE;
                sql.append("))");
                return;
            case HAS_KEY:
            case MATCHES_ANY:
                sql.append(' ');
                part(new SqlTemplate.QuestionOperator("?"));
                sql.append(' ');
                break;
            case HAS_KEYS_ANY:
                sql.append(' ');
                part(new SqlTemplate.QuestionOperator("?|"));
                sql.append(' ');
                break;
            case HAS_KEYS_ALL:
                sql.append(' ');
                part(new SqlTemplate.QuestionOperator("?&"));
                sql.append(' ');
                break;
            default:
                sql.append(' ').append(op.sql()).append(' ');
                break;
        }
        expr(c.right());
        pattern = Patterns.Kind.NONE;
        sql.append(')');
    }

    /** {@code st_*(<PostGIS value>, ...) = TRUE}, as the checker compiles PostGIS and raster operators. */
    static boolean spatialTest(Predicate.Compare c) {
        if (c.op() != CompareOp.EQ || !(c.left() instanceof Expr.Call call) || call.arguments().isEmpty()
                || !(c.right() instanceof Expr.Literal l) || !Boolean.TRUE.equals(l.value())) {
            return false;
        }
        dev.hasuraperms.types.TypeCategory first = call.arguments().get(0).type().category();
        return first == dev.hasuraperms.types.TypeCategory.GEOMETRY || first == dev.hasuraperms.types.TypeCategory.GEOGRAPHY
                || first == dev.hasuraperms.types.TypeCategory.RASTER;
    }

    private void args(List<Expr> args) {
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            expr(args.get(i));
        }
    }

    private void expr(Expr e) {
        if (e instanceof Expr.Column c) {
            alias(c.scope());
            sql.append('.').append(SqlNames.quote(c.name()));
        } else if (e instanceof Expr.Literal l) {
            if (l.isNull()) {
                sql.append("NULL::").append(l.type().sqlName());
            } else {
                parameter(new SqlTemplate.Constant(l.value(), l.type()));
            }
        } else if (e instanceof Expr.SessionValue s) {
            parameter(new SqlTemplate.SessionSlot(s.variable(), s.type(), pattern));
        } else if (e instanceof Expr.Cast c) {
            sql.append('(');
            expr(c.expr());
            sql.append(")::").append(c.type().sqlName());
        } else if (e instanceof Expr.Call c) {
            sql.append(SqlNames.quote(c.function())).append('(');
            args(c.arguments());
            sql.append(')');
        } else if (e instanceof Expr.Row r) {
            alias(r.scope());
            sql.append(".*");
        } else if (e instanceof Expr.SessionJson j) {
            parameter(new SqlTemplate.SessionJsonSlot(j.type()));
        } else {
            Expr.Redacted r = (Expr.Redacted) e;
            sql.append("(CASE WHEN ");
            predicate(r.condition());
            sql.append(" THEN ");
            expr(r.value());
            sql.append(" ELSE NULL END)");
        }
    }

    private void parameter(SqlTemplate.Slot slot) {
        part(new SqlTemplate.Param(slots.size()));
        sql.append("::").append(slot.type().sqlName());
        slots.add(slot);
    }
}

package dev.hasuraperms.ir;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/** Helpers over {@link Predicate} trees: construction, and walking their expressions. */
public final class Predicates {

    private Predicates() {
    }

    /**
     * {@return the conjunction of {@code ps}: the single operand itself, or TRUE for none}
     *
     * @param ps the operands; never null
     */
    public static Predicate and(List<Predicate> ps) {
        if (ps.isEmpty()) {
            return Predicate.Const.TRUE;
        }
        return ps.size() == 1 ? ps.get(0) : new Predicate.And(ps);
    }

    /**
     * {@return the disjunction of {@code ps}: the single operand itself, or FALSE for none}
     *
     * @param ps the operands; never null
     */
    public static Predicate or(List<Predicate> ps) {
        if (ps.isEmpty()) {
            return Predicate.Const.FALSE;
        }
        return ps.size() == 1 ? ps.get(0) : new Predicate.Or(ps);
    }

    /**
     * Calls {@code visitor} on every predicate node, parents before children, including predicates inside
     * expressions (the conditions of {@link Expr.Redacted}).
     *
     * @param p the root of the tree; never null
     * @param visitor called once per node; never null
     */
    public static void walk(Predicate p, Consumer<Predicate> visitor) {
        visitor.accept(p);
        if (p instanceof Predicate.Compare c) {
            nestedIn(c.left(), visitor);
            nestedIn(c.right(), visitor);
        } else if (p instanceof Predicate.IsNull n) {
            nestedIn(n.expr(), visitor);
        }
        if (p instanceof Predicate.And a) {
            a.operands().forEach(x -> walk(x, visitor));
        } else if (p instanceof Predicate.Or o) {
            o.operands().forEach(x -> walk(x, visitor));
        } else if (p instanceof Predicate.Not n) {
            walk(n.operand(), visitor);
        } else if (p instanceof Predicate.Exists e) {
            walk(e.where(), visitor);
        } else if (p instanceof Predicate.InSubquery s) {
            walk(s.where(), visitor);
        } else if (p instanceof Predicate.InJoin j) {
            walk(j.where(), visitor);
        } else if (p instanceof Predicate.Aggregate g) {
            walk(g.filter(), visitor);
            walk(g.conditions(), visitor);
        }
    }

    private static void nestedIn(Expr e, Consumer<Predicate> visitor) {
        if (e instanceof Expr.Redacted r) {
            walk(r.condition(), visitor);
            nestedIn(r.value(), visitor);
        } else if (e instanceof Expr.Cast c) {
            nestedIn(c.expr(), visitor);
        } else if (e instanceof Expr.Call c) {
            c.arguments().forEach(a -> nestedIn(a, visitor));
        }
    }

    /**
     * Calls {@code visitor} on every expression of the tree, including nested ones and redaction conditions.
     *
     * @param p the root of the tree; never null
     * @param visitor called once per expression; never null
     */
    public static void walkExprs(Predicate p, Consumer<Expr> visitor) {
        walk(p, node -> {
            if (node instanceof Predicate.Compare c) {
                walkExpr(c.left(), visitor);
                walkExpr(c.right(), visitor);
            } else if (node instanceof Predicate.IsNull n) {
                walkExpr(n.expr(), visitor);
            } else if (node instanceof Predicate.Exists e) {
                e.join().forEach(j -> {
                    walkExpr(j.inner(), visitor);
                    walkExpr(j.outer(), visitor);
                });
                if (e.source() instanceof Predicate.FunctionSource f) {
                    f.arguments().forEach(a -> walkExpr(a, visitor));
                }
            } else if (node instanceof Predicate.InSubquery s) {
                walkExpr(s.outer(), visitor);
                walkExpr(s.inner(), visitor);
                if (s.source() instanceof Predicate.FunctionSource f) {
                    f.arguments().forEach(a -> walkExpr(a, visitor));
                }
            } else if (node instanceof Predicate.InJoin j) {
                walkExpr(j.outer(), visitor);
                walkExpr(j.inner(), visitor);
                for (Predicate.Bound b : j.sources()) {
                    if (b.source() instanceof Predicate.FunctionSource f) {
                        f.arguments().forEach(a -> walkExpr(a, visitor));
                    }
                }
            } else if (node instanceof Predicate.Aggregate g) {
                g.join().forEach(j -> {
                    walkExpr(j.inner(), visitor);
                    walkExpr(j.outer(), visitor);
                });
                g.arguments().forEach(a -> walkExpr(a, visitor));
            }
        });
    }

    /**
     * Calls {@code visitor} on {@code e} and every expression inside it.
     *
     * @param e the expression; never null
     * @param visitor called once per expression; never null
     */
    public static void walkExpr(Expr e, Consumer<Expr> visitor) {
        visitor.accept(e);
        if (e instanceof Expr.Cast c) {
            walkExpr(c.expr(), visitor);
        } else if (e instanceof Expr.Call c) {
            c.arguments().forEach(a -> walkExpr(a, visitor));
        } else if (e instanceof Expr.Redacted r) {
            walkExpr(r.value(), visitor);
        }
    }

    /**
     * {@return the session variables a predicate reads, each with the types it is read at, sorted by name}
     *
     * @param p the predicate; never null
     */
    public static Map<SessionVariable, Set<PgType>> sessionVariables(Predicate p) {
        Map<SessionVariable, Set<PgType>> out = new TreeMap<>();
        walkExprs(p, e -> {
            if (e instanceof Expr.SessionValue s) {
                out.computeIfAbsent(s.variable(), k -> new LinkedHashSet<>()).add(s.type());
            }
        });
        return out;
    }

    /**
     * {@return whether the predicate passes the whole session to a function (a computed field's session argument)}
     *
     * @param p the predicate; never null
     */
    public static boolean usesSessionJson(Predicate p) {
        boolean[] found = {false};
        walkExprs(p, e -> {
            if (e instanceof Expr.SessionJson) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /**
     * Merges {@code from} into {@code into} (types unioned per variable).
     *
     * @param into the map to add to; modifiable, never null
     * @param from the variables and types to add; never null
     */
    public static void mergeSessionVariables(Map<SessionVariable, Set<PgType>> into, Map<SessionVariable, Set<PgType>> from) {
        from.forEach((k, v) -> into.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
    }

    /**
     * {@return the largest scope number used in the tree (0 when there is no EXISTS)}
     *
     * @param p the predicate; never null
     */
    public static int maxScope(Predicate p) {
        int[] max = {0};
        walk(p, node -> {
            if (node instanceof Predicate.Exists e) {
                max[0] = Math.max(max[0], e.scope());
            } else if (node instanceof Predicate.InSubquery s) {
                max[0] = Math.max(max[0], s.scope());
            } else if (node instanceof Predicate.InJoin j) {
                j.sources().forEach(b -> max[0] = Math.max(max[0], b.scope()));
            } else if (node instanceof Predicate.Aggregate g) {
                max[0] = Math.max(max[0], Math.max(g.scope(), g.resultScope()));
            }
        });
        return max[0];
    }

    /**
     * {@return the direct operands of an And/Or (or the predicate itself)}
     *
     * @param p the predicate; never null
     */
    public static List<Predicate> operands(Predicate p) {
        if (p instanceof Predicate.And a) {
            return a.operands();
        }
        if (p instanceof Predicate.Or o) {
            return o.operands();
        }
        return new ArrayList<>(List.of(p));
    }

    /**
     * {@code p} moved under another query: scope 0 (the rows it filters) becomes {@code root}, and every other scope
     * {@code k} becomes {@code k + offset}. Used to put a table's permission filter, compiled for its own rows, inside
     * an EXISTS of another predicate (pick {@code offset} so the moved scopes do not collide with that predicate's).
     *
     * @param p the predicate; never null
     * @param root the scope that scope 0 becomes
     * @param offset added to every other scope
     * @return the rescoped predicate, never null
     */
    public static Predicate rescope(Predicate p, int root, int offset) {
        return remap(p, scope -> scope == 0 ? root : scope + offset);
    }

    /**
     * {@code e} with its scopes moved as {@link #rescope(Predicate, int, int)} does.
     *
     * @param e the expression; never null
     * @param root the scope that scope 0 becomes
     * @param offset added to every other scope
     * @return the rescoped expression, never null
     */
    public static Expr rescope(Expr e, int root, int offset) {
        return remap(e, scope -> scope == 0 ? root : scope + offset);
    }

    /** {@code p} with every scope number {@code k} (bound or read) replaced by {@code f(k)}. */
    static Predicate remap(Predicate p, IntUnaryOperator f) {
        if (p instanceof Predicate.Const) {
            return p;
        }
        if (p instanceof Predicate.And a) {
            return new Predicate.And(a.operands().stream().map(x -> remap(x, f)).toList());
        }
        if (p instanceof Predicate.Or o) {
            return new Predicate.Or(o.operands().stream().map(x -> remap(x, f)).toList());
        }
        if (p instanceof Predicate.Not n) {
            return new Predicate.Not(remap(n.operand(), f));
        }
        if (p instanceof Predicate.Compare c) {
            return new Predicate.Compare(c.op(), remap(c.left(), f), remap(c.right(), f));
        }
        if (p instanceof Predicate.IsNull n) {
            return new Predicate.IsNull(remap(n.expr(), f), n.negated());
        }
        if (p instanceof Predicate.Exists e) {
            return new Predicate.Exists(remap(e.source(), f), f.applyAsInt(e.scope()), join(e.join(), f),
                    remap(e.where(), f));
        }
        if (p instanceof Predicate.InSubquery s) {
            return new Predicate.InSubquery(remap(s.outer(), f), remap(s.source(), f), f.applyAsInt(s.scope()),
                    (Expr.Column) remap(s.inner(), f), remap(s.where(), f));
        }
        if (p instanceof Predicate.InJoin j) {
            return new Predicate.InJoin(remap(j.outer(), f), j.sources().stream()
                    .map(b -> new Predicate.Bound(remap(b.source(), f), f.applyAsInt(b.scope()))).toList(),
                    (Expr.Column) remap(j.inner(), f), remap(j.where(), f));
        }
        Predicate.Aggregate g = (Predicate.Aggregate) p;
        return new Predicate.Aggregate(remap(g.source(), f), f.applyAsInt(g.scope()), join(g.join(), f),
                remap(g.filter(), f), g.function(), g.arguments().stream().map(c -> (Expr.Column) remap(c, f)).toList(),
                g.distinct(), f.applyAsInt(g.resultScope()), remap(g.conditions(), f));
    }

    /** {@code e} with its scope numbers replaced by {@code f(k)}. */
    static Expr remap(Expr e, IntUnaryOperator f) {
        if (e instanceof Expr.Column c) {
            return new Expr.Column(f.applyAsInt(c.scope()), c.name(), c.type(), c.nullable());
        }
        if (e instanceof Expr.Cast c) {
            return new Expr.Cast(remap(c.expr(), f), c.type());
        }
        if (e instanceof Expr.Call c) {
            return new Expr.Call(c.function(), c.arguments().stream().map(x -> remap(x, f)).toList(), c.type());
        }
        if (e instanceof Expr.Row r) {
            return new Expr.Row(f.applyAsInt(r.scope()), r.table());
        }
        if (e instanceof Expr.Redacted r) {
            return new Expr.Redacted(remap(r.condition(), f), remap(r.value(), f));
        }
        return e;
    }

    private static Predicate.Source remap(Predicate.Source s, IntUnaryOperator f) {
        if (s instanceof Predicate.FunctionSource fs) {
            return new Predicate.FunctionSource(fs.function(), fs.arguments().stream().map(x -> remap(x, f)).toList(),
                    fs.returnsTable());
        }
        return s;
    }

    private static List<Predicate.JoinPair> join(List<Predicate.JoinPair> join, IntUnaryOperator f) {
        return join.stream().map(j -> new Predicate.JoinPair((Expr.Column) remap(j.inner(), f), remap(j.outer(), f)))
                .toList();
    }
}

package dev.hasuraperms.testkit;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.DeleteRule;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.PermissionRule;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the questions asked of a {@link PermissionTester} exercised: which (role, table, operation) permissions were
 * asked about (and how often they allowed or denied), and which branches of each filter and check evaluated TRUE,
 * FALSE or NULL. Thread-safe; shared by every {@link SessionTester} of one tester.
 *
 * <p><b>Branches.</b> Every node of a rule's predicate (each operand of {@code _and}/{@code _or}, each {@code _not},
 * each relationship or {@code _exists}, each comparison) is a branch, named by its path from the root ({@code 1.0}:
 * the first operand of the second operand). The outcomes come from the evaluator's explanation trees: an operand that
 * was not evaluated because an earlier one decided its {@code _and} or {@code _or} gets no outcome, and inside a
 * relationship only the related row the explanation shows (the one that matched, or the first one examined) is
 * counted. A branch is <em>covered</em> when it was seen both TRUE and FALSE; a constant (an empty filter {@code {}}
 * is TRUE) when it was evaluated at all. In database mode the explanations are the evaluator's over the rows read from
 * the database; a predicate the evaluator cannot evaluate (a computed field) records the permission but no branches.
 */
public final class Coverage {

    /** Use of one permission. */
    public record PermissionUse(String role, QualifiedName table, Operation operation, int allowed, int denied) {

        /**
         * Whether any question reached this permission.
         *
         * @return true when at least one question was answered by this permission
         */
        public boolean exercised() {
            return allowed + denied > 0;
        }
    }

    /**
     * One branch of a filter or check.
     *
     * @param role        the role of the permission
     * @param table       the table of the permission
     * @param operation   the operation of the permission
     * @param predicate   {@code filter} or {@code check}
     * @param path        the node's path from the root ({@code ""} for the root, {@code 0.1} for the second operand of
     *                    the first operand)
     * @param description the node, as text
     * @param constant    whether the node is a constant (TRUE or FALSE whatever the row)
     * @param outcomes    the results it was seen to have
     */
    public record Branch(String role, QualifiedName table, Operation operation, String predicate, String path,
                         String description, boolean constant, Set<TriBool> outcomes) {

        /**
         * A branch; {@code outcomes} is copied.
         *
         * @param role        the role of the permission
         * @param table       the table of the permission
         * @param operation   the operation of the permission
         * @param predicate   {@code filter} or {@code check}
         * @param path        the node's path from the root ({@code ""} for the root, {@code 0.1} for the second
         *                    operand of the first operand)
         * @param description the node, as text
         * @param constant    whether the node is a constant (TRUE or FALSE whatever the row)
         * @param outcomes    the results it was seen to have
         * @throws NullPointerException when {@code outcomes} is null
         */
        public Branch {
            outcomes = Collections.unmodifiableSet(outcomes.isEmpty() ? EnumSet.noneOf(TriBool.class) : EnumSet.copyOf(outcomes));
        }

        /**
         * Seen TRUE and FALSE (a constant: seen at all).
         *
         * @return true when the branch is covered
         */
        public boolean covered() {
            return constant ? !outcomes.isEmpty() : outcomes.contains(TriBool.TRUE) && outcomes.contains(TriBool.FALSE);
        }
    }

    private record Key(String role, QualifiedName table, Operation operation) {
    }

    private static final class Node {
        final String description;
        final boolean constant;
        final EnumSet<TriBool> outcomes = EnumSet.noneOf(TriBool.class);

        Node(String description, boolean constant) {
            this.description = description;
            this.constant = constant;
        }
    }

    private final Map<Key, int[]> uses = new LinkedHashMap<>();
    /** (rule key) → predicate name → path → node. */
    private final Map<Key, Map<String, Map<String, Node>>> branches = new LinkedHashMap<>();

    Coverage(CheckedPermissions checked) {
        for (PermissionRule r : checked.rules()) {
            Key k = new Key(r.role(), r.table(), r.operation());
            uses.put(k, new int[2]);
            Map<String, Map<String, Node>> preds = new LinkedHashMap<>();
            predicates(r).forEach((name, p) -> {
                Map<String, Node> nodes = new LinkedHashMap<>();
                enumerate(p, "", Map.of(0, r.table()), nodes);
                preds.put(name, nodes);
            });
            branches.put(k, preds);
        }
    }

    static Map<String, Predicate> predicates(PermissionRule r) {
        Map<String, Predicate> out = new LinkedHashMap<>();
        if (r instanceof SelectRule s) {
            out.put("filter", s.filter());
        } else if (r instanceof InsertRule i) {
            out.put("check", i.check());
        } else if (r instanceof UpdateRule u) {
            out.put("filter", u.filter());
            out.put("check", u.check());
        } else {
            out.put("filter", ((DeleteRule) r).filter());
        }
        return out;
    }

    synchronized void use(String role, QualifiedName table, Operation op, boolean allowed) {
        int[] counts = uses.get(new Key(role, table, op));
        if (counts != null) {
            counts[allowed ? 0 : 1]++;
        }
    }

    synchronized void record(String role, QualifiedName table, Operation op, String predicate, Predicate p, Explanation e) {
        Map<String, Map<String, Node>> preds = branches.get(new Key(role, table, op));
        if (preds == null || !preds.containsKey(predicate)) {
            return;
        }
        walk(preds.get(predicate), "", p, e);
    }

    private static void walk(Map<String, Node> nodes, String path, Predicate p, Explanation e) {
        Node n = nodes.get(path);
        if (n == null || e.kind() == Explanation.Kind.NOT_RECORDED) {
            return;
        }
        n.outcomes.add(e.result());
        List<Explanation> children = e.children();
        if (p instanceof Predicate.And a && e.kind() == Explanation.Kind.AND) {
            for (int i = 0; i < children.size() && i < a.operands().size(); i++) {
                walk(nodes, child(path, i), a.operands().get(i), children.get(i));
            }
        } else if (p instanceof Predicate.Or o && e.kind() == Explanation.Kind.OR) {
            for (int i = 0; i < children.size() && i < o.operands().size(); i++) {
                walk(nodes, child(path, i), o.operands().get(i), children.get(i));
            }
        } else if (p instanceof Predicate.Not x && e.kind() == Explanation.Kind.NOT && children.size() == 1) {
            walk(nodes, child(path, 0), x.operand(), children.get(0));
        } else if (p instanceof Predicate.Exists x && e.kind() == Explanation.Kind.EXISTS && children.size() == 1) {
            walk(nodes, child(path, 0), x.where(), children.get(0));
        }
    }

    private static String child(String path, int i) {
        return path.isEmpty() ? Integer.toString(i) : path + "." + i;
    }

    private static void enumerate(Predicate p, String path, Map<Integer, QualifiedName> root, Map<String, Node> nodes) {
        nodes.put(path, new Node(describe(p, root), p instanceof Predicate.Const));
        if (p instanceof Predicate.And a) {
            for (int i = 0; i < a.operands().size(); i++) {
                enumerate(a.operands().get(i), child(path, i), root, nodes);
            }
        } else if (p instanceof Predicate.Or o) {
            for (int i = 0; i < o.operands().size(); i++) {
                enumerate(o.operands().get(i), child(path, i), root, nodes);
            }
        } else if (p instanceof Predicate.Not x) {
            enumerate(x.operand(), child(path, 0), root, nodes);
        } else if (p instanceof Predicate.Exists x) {
            Map<Integer, QualifiedName> scopes = new java.util.HashMap<>(root);
            scopes.put(x.scope(), x.source() instanceof Predicate.TableSource t ? t.table()
                    : ((Predicate.FunctionSource) x.source()).returnsTable());
            enumerate(x.where(), child(path, 0), scopes, nodes);
        }
    }

    static String describe(Predicate p, Map<Integer, QualifiedName> root) {
        if (p instanceof Predicate.Const c) {
            return c.value() == TriBool.UNKNOWN ? "NULL::boolean" : c.value().name();
        }
        if (p instanceof Predicate.And a) {
            return "AND of " + a.operands().size();
        }
        if (p instanceof Predicate.Or o) {
            return "OR of " + o.operands().size();
        }
        if (p instanceof Predicate.Not) {
            return "NOT";
        }
        if (p instanceof Predicate.Compare c) {
            return expr(c.left(), root) + " " + c.op().sql() + " " + expr(c.right(), root);
        }
        if (p instanceof Predicate.IsNull n) {
            return expr(n.expr(), root) + (n.negated() ? " IS NOT NULL" : " IS NULL");
        }
        if (p instanceof Predicate.Exists x) {
            return "EXISTS " + source(x.source());
        }
        Predicate.Aggregate g = (Predicate.Aggregate) p;
        return g.function() + "(" + g.arguments().stream().map(a -> a.name()).collect(Collectors.joining(", "))
                + ") over " + source(g.source());
    }

    private static String source(Predicate.Source s) {
        return s instanceof Predicate.TableSource t ? t.table().toString()
                : ((Predicate.FunctionSource) s).function() + "(...)";
    }

    private static String expr(Expr e, Map<Integer, QualifiedName> root) {
        if (e instanceof Expr.Column c) {
            QualifiedName t = root.get(c.scope());
            return (t == null ? "" : t + ".") + c.name();
        }
        if (e instanceof Expr.SessionValue s) {
            return s.variable().name();
        }
        if (e instanceof Expr.Literal l) {
            return l.isNull() ? "NULL" : l.value() instanceof String s ? "'" + s + "'" : String.valueOf(l.value());
        }
        if (e instanceof Expr.Cast c) {
            return expr(c.expr(), root) + "::" + c.type().displayName();
        }
        if (e instanceof Expr.Call c) {
            return c.function() + "(...)";
        }
        return e.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------------------------------------- API

    /**
     * Every permission of the checked metadata with how often questions reached it, in metadata order.
     *
     * @return one entry per permission; never null
     */
    public synchronized List<PermissionUse> permissions() {
        List<PermissionUse> out = new ArrayList<>();
        uses.forEach((k, c) -> out.add(new PermissionUse(k.role(), k.table(), k.operation(), c[0], c[1])));
        return out;
    }

    /**
     * Every branch of every filter and check, in metadata order, then by path.
     *
     * @return the branches; never null
     */
    public synchronized List<Branch> branches() {
        List<Branch> out = new ArrayList<>();
        branches.forEach((k, preds) -> preds.forEach((name, nodes) -> nodes.forEach((path, n) -> out.add(
                new Branch(k.role(), k.table(), k.operation(), name, path, n.description, n.constant, n.outcomes)))));
        return out;
    }

    /**
     * The branches of one rule's filter or check.
     *
     * @param role the role
     * @param table the table
     * @param operation the operation
     * @param predicate {@code filter} or {@code check}
     * @return the branches, by path; empty when there is no such rule
     */
    public List<Branch> branches(String role, QualifiedName table, Operation operation, String predicate) {
        return branches().stream().filter(b -> b.role().equals(role) && b.table().equals(table)
                && b.operation() == operation && b.predicate().equals(predicate)).toList();
    }

    /**
     * The permissions no question reached.
     *
     * @return the unexercised permissions, in metadata order
     */
    public List<PermissionUse> unexercised() {
        return permissions().stream().filter(u -> !u.exercised()).toList();
    }

    /**
     * A report: the permissions exercised (with counts of allowed and denied answers) and not exercised, then, per
     * exercised permission, each branch with the outcomes seen ({@code T}, {@code F}, {@code N} for NULL, {@code -}
     * for never evaluated).
     *
     * @return the report, as multi-line text
     */
    public String report() {
        List<PermissionUse> ps = permissions();
        List<Branch> bs = branches();
        long exercised = ps.stream().filter(PermissionUse::exercised).count();
        long covered = bs.stream().filter(Branch::covered).count();
        StringBuilder sb = new StringBuilder();
        sb.append("Permission coverage: ").append(exercised).append(" of ").append(ps.size())
                .append(" permissions exercised; ").append(covered).append(" of ").append(bs.size())
                .append(" branches covered (seen TRUE and FALSE)\n");
        for (PermissionUse u : ps) {
            sb.append(String.format("  %-6s %-12s %-28s ", u.operation().name().toLowerCase(java.util.Locale.ROOT),
                    u.role(), u.table()));
            sb.append(u.exercised() ? u.allowed() + " allowed, " + u.denied() + " denied" : "NOT EXERCISED").append('\n');
            if (!u.exercised()) {
                continue;
            }
            for (Branch b : bs) {
                if (b.role().equals(u.role()) && b.table().equals(u.table()) && b.operation() == u.operation()) {
                    sb.append("      ").append(b.predicate()).append(' ')
                            .append(String.format("%-6s", b.path().isEmpty() ? "root" : b.path())).append(' ')
                            .append(outcomes(b)).append(b.covered() ? "   " : " ! ")
                            .append("  ".repeat(depth(b.path()))).append(b.description()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static int depth(String path) {
        return path.isEmpty() ? 0 : path.split("\\.").length;
    }

    private static String outcomes(Branch b) {
        return (b.outcomes().contains(TriBool.TRUE) ? "T" : "-") + (b.outcomes().contains(TriBool.FALSE) ? "F" : "-")
                + (b.outcomes().contains(TriBool.UNKNOWN) ? "N" : "-");
    }

    @Override
    public String toString() {
        return report();
    }
}

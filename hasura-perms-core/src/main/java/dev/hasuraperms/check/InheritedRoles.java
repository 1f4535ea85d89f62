package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.Predicates;
import dev.hasuraperms.metadata.InheritedRole;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.RootField;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The permissions of inherited roles (reference §6), derived from their parents' after the explicit ones are checked:
 * parents first (topological order), an explicit permission of the inherited role wins.
 *
 * <ul>
 * <li>Select: the OR of the filters of the parents that have a select permission; the union of their columns and
 *     computed fields, where a column not granted (unredacted) by every such parent is redacted: readable only where
 *     the OR of the granting parents' conditions for it holds — a parent's own redaction for the column when it has
 *     one (the grandparents' restrictions are kept, unlike Hasura, issue #10711), otherwise its filter; the largest
 *     limit of the parents that have one; aggregations if any parent allows them; the union of root fields.</li>
 * <li>Insert, update, delete: the permission of the single parent that has one, or of several whose permissions are
 *     relevantly equal as Hasura defines it (the same columns, presets, backend_only and validate_input, and filters
 *     and checks whose top-level AND operands are the same set, everything below compared as parsed, see
 *     {@link RelevantEquality}); otherwise {@code INHERITED_PERMISSION_CONFLICT} and no permission.</li>
 * </ul>
 */
final class InheritedRoles {

    private record Key(QualifiedName table, String role, Operation operation) {
    }

    private InheritedRoles() {
    }

    /**
     * The derived rules of every inherited role, to add to {@code explicit}. Roles on a cycle or with unknown parents
     * have been reported already; they get nothing.
     */
    static List<PermissionRule> derive(List<InheritedRole> roles, List<PermissionRule> explicit,
                                       Map<QualifiedName, ResolvedTable> tables,
                                       List<dev.hasuraperms.metadata.TableMetadata> metadata, Diagnostics d) {
        Map<Key, PermissionRule> known = new HashMap<>();
        for (PermissionRule r : explicit) {
            known.put(new Key(r.table(), r.role(), r.operation()), r);
        }
        // The parsed expressions of the explicit mutation permissions, for Hasura's "relevantly equal".
        RelevantEquality eq = new RelevantEquality(tables);
        Map<Key, RelevantEquality.Shape> shapes = new HashMap<>();
        for (dev.hasuraperms.metadata.TableMetadata t : metadata) {
            if (!tables.containsKey(t.table())) {
                continue;
            }
            t.insertPermissions().forEach(e -> shapes.put(new Key(t.table(), e.role(), Operation.INSERT),
                    eq.shape(e.permission(), t.table())));
            t.updatePermissions().forEach(e -> shapes.put(new Key(t.table(), e.role(), Operation.UPDATE),
                    eq.shape(e.permission(), t.table())));
            t.deletePermissions().forEach(e -> shapes.put(new Key(t.table(), e.role(), Operation.DELETE),
                    eq.shape(e.permission(), t.table())));
        }
        Map<String, InheritedRole> byName = new LinkedHashMap<>();
        roles.forEach(r -> byName.put(r.roleName(), r));
        List<PermissionRule> derived = new ArrayList<>();
        for (InheritedRole role : order(byName)) {
            for (ResolvedTable t : tables.values()) {
                for (Operation op : Operation.values()) {
                    if (known.containsKey(new Key(t.name(), role.roleName(), op))) {
                        continue;
                    }
                    List<PermissionRule> parents = new ArrayList<>();
                    for (String p : role.roleSet()) {
                        PermissionRule r = known.get(new Key(t.name(), p, op));
                        if (r != null) {
                            parents.add(r);
                        }
                    }
                    if (parents.isEmpty()) {
                        continue;
                    }
                    Optional<PermissionRule> rule = op == Operation.SELECT
                            ? Optional.of(select(role.roleName(), t, parents))
                            : mutation(role, t.name(), op, parents, shapes, d);
                    rule.ifPresent(r -> {
                        Key key = new Key(t.name(), role.roleName(), op);
                        known.put(key, r);
                        derived.add(r);
                        if (op != Operation.SELECT) {
                            // A nested inherited role compares this role's permission as its only parent defines it.
                            RelevantEquality.Shape shape = shapes.get(new Key(t.name(), parents.get(0).role(), op));
                            if (shape != null) {
                                shapes.put(key, shape);
                            }
                        }
                    });
                }
            }
        }
        return derived;
    }

    /**
     * The derived select rules of every inherited role on the logical models (reference §6: logical-model select
     * permissions combine as tables' do), added to {@code rules} (keyed {@code model + "\0" + role}). An explicit
     * permission of the inherited role on the model wins.
     */
    static void deriveLogicalModels(List<InheritedRole> roles, Map<String, SelectRule> rules,
                                    Map<String, ResolvedTable> models) {
        Map<String, InheritedRole> byName = new LinkedHashMap<>();
        roles.forEach(r -> byName.put(r.roleName(), r));
        for (InheritedRole role : order(byName)) {
            for (Map.Entry<String, ResolvedTable> m : models.entrySet()) {
                String key = m.getKey() + "\0" + role.roleName();
                if (rules.containsKey(key)) {
                    continue;
                }
                List<PermissionRule> parents = new ArrayList<>();
                for (String p : role.roleSet()) {
                    SelectRule r = rules.get(m.getKey() + "\0" + p);
                    if (r != null) {
                        parents.add(r);
                    }
                }
                if (!parents.isEmpty()) {
                    rules.put(key, select(role.roleName(), m.getValue(), parents));
                }
            }
        }
    }

    /** Inherited roles, each after the inherited roles it names; roles on a cycle are left out. */
    private static List<InheritedRole> order(Map<String, InheritedRole> roles) {
        List<InheritedRole> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        Set<String> cyclic = new HashSet<>();
        for (String r : roles.keySet()) {
            visit(r, roles, done, visiting, cyclic, out);
        }
        return out;
    }

    private static boolean visit(String role, Map<String, InheritedRole> roles, Set<String> done, Set<String> visiting,
                                 Set<String> cyclic, List<InheritedRole> out) {
        InheritedRole r = roles.get(role);
        if (r == null || done.contains(role)) {
            return true;
        }
        if (cyclic.contains(role) || !visiting.add(role)) {
            cyclic.add(role);
            return false;
        }
        boolean ok = true;
        for (String p : r.roleSet()) {
            ok &= visit(p, roles, done, visiting, cyclic, out);
        }
        visiting.remove(role);
        if (!ok) {
            cyclic.add(role);
            return false;
        }
        done.add(role);
        out.add(r);
        return true;
    }

    // ------------------------------------------------------------------------------------------------- select

    private static SelectRule select(String role, ResolvedTable t, List<PermissionRule> parentRules) {
        List<SelectRule> parents = parentRules.stream().map(SelectRule.class::cast).toList();
        Predicate filter = Predicates.or(parents.stream().map(SelectRule::filter).toList());
        List<String> columns = new ArrayList<>();
        Map<String, Predicate> redactions = new LinkedHashMap<>();
        for (Column c : t.table().columns()) {
            combine(c.name(), parents, SelectRule::columns, columns, redactions);
        }
        List<String> computed = new ArrayList<>();
        Set<String> computedNames = new LinkedHashSet<>();
        parents.forEach(p -> computedNames.addAll(p.computedFields()));
        for (String name : computedNames) {
            combine(name, parents, SelectRule::computedFields, computed, redactions);
        }
        Optional<Integer> limit = parents.stream().map(SelectRule::limit).flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        boolean aggregations = parents.stream().anyMatch(SelectRule::allowAggregations);
        Set<RootField> query = EnumSet.noneOf(RootField.class);
        Set<RootField> subscription = EnumSet.noneOf(RootField.class);
        parents.forEach(p -> {
            query.addAll(p.queryRootFields());
            subscription.addAll(p.subscriptionRootFields());
        });
        return new SelectRule(t.name(), role, filter, columns, computed, limit, aggregations, query, subscription,
                redactions);
    }

    /**
     * Adds {@code name} to {@code out} when a parent grants it, with a redaction unless every parent grants it
     * unredacted.
     */
    private static void combine(String name, List<SelectRule> parents,
                                java.util.function.Function<SelectRule, List<String>> granted, List<String> out,
                                Map<String, Predicate> redactions) {
        List<Predicate> where = new ArrayList<>();
        boolean everywhere = true;
        for (SelectRule p : parents) {
            if (!granted.apply(p).contains(name)) {
                everywhere = false;
                continue;
            }
            Predicate own = p.redactions().get(name);
            if (own != null) {
                everywhere = false;
                where.add(own);
            } else {
                where.add(p.filter());
            }
        }
        if (where.isEmpty()) {
            return;
        }
        out.add(name);
        if (!everywhere) {
            redactions.put(name, Predicates.or(where));
        }
    }

    // ---------------------------------------------------------------------------------------------- mutations

    private static Optional<PermissionRule> mutation(InheritedRole role, QualifiedName table, Operation op,
                                                     List<PermissionRule> parents,
                                                     Map<Key, RelevantEquality.Shape> shapes, Diagnostics d) {
        PermissionRule first = parents.get(0);
        RelevantEquality.Shape firstShape = shapes.get(new Key(table, first.role(), op));
        for (PermissionRule other : parents.subList(1, parents.size())) {
            RelevantEquality.Shape otherShape = shapes.get(new Key(table, other.role(), op));
            if (!relevantlyEqual(first, other) || firstShape == null || !firstShape.equals(otherShape)) {
                d.report(DiagnosticCode.INHERITED_PERMISSION_CONFLICT, Severity.WARNING, role.origin(),
                        "inherited role " + role.roleName() + " gets no " + op.key() + " permission on " + table
                                + ": its parents " + first.role() + " and " + other.role() + " define different ones"
                                + " (define it on " + role.roleName() + " to resolve)");
                return Optional.empty();
            }
        }
        return Optional.of(relabel(first, role.roleName()));
    }

    private static PermissionRule relabel(PermissionRule r, String role) {
        if (r instanceof InsertRule i) {
            return new InsertRule(i.table(), role, i.check(), i.insertableColumns(), i.presets(), i.backendOnly(),
                    i.validateInput());
        }
        if (r instanceof UpdateRule u) {
            return new UpdateRule(u.table(), role, u.filter(), u.check(), u.updatableColumns(), u.presets(), u.backendOnly(),
                    u.validateInput());
        }
        DeleteRule x = (DeleteRule) r;
        return new DeleteRule(x.table(), role, x.filter(), x.backendOnly(), x.validateInput());
    }

    /**
     * The parts of Hasura's "relevantly equal" (reference §6.3) that are not boolean expressions: the same columns (as
     * sets), presets, {@code backend_only} and {@code validate_input}. The filters and checks are compared on the
     * parsed expressions ({@link RelevantEquality}), not here.
     */
    static boolean relevantlyEqual(PermissionRule a, PermissionRule b) {
        if (a instanceof InsertRule x && b instanceof InsertRule y) {
            return new HashSet<>(x.insertableColumns()).equals(new HashSet<>(y.insertableColumns()))
                    && x.presets().equals(y.presets()) && x.backendOnly() == y.backendOnly()
                    && sameWebhook(x.validateInput(), y.validateInput());
        }
        if (a instanceof UpdateRule x && b instanceof UpdateRule y) {
            return new HashSet<>(x.updatableColumns()).equals(new HashSet<>(y.updatableColumns()))
                    && x.presets().equals(y.presets()) && x.backendOnly() == y.backendOnly()
                    && sameWebhook(x.validateInput(), y.validateInput());
        }
        if (a instanceof DeleteRule x && b instanceof DeleteRule y) {
            return x.backendOnly() == y.backendOnly() && sameWebhook(x.validateInput(), y.validateInput());
        }
        return false;
    }

    /**
     * Whether two parents' {@code validate_input} are the same webhook (as written, ignoring where): parents that
     * differ here give the inherited role no permission, so a webhook is never dropped by inheritance.
     */
    private static boolean sameWebhook(Optional<dev.hasuraperms.metadata.ValidateInput> a,
                                       Optional<dev.hasuraperms.metadata.ValidateInput> b) {
        return a.map(v -> v.json().toJson()).equals(b.map(v -> v.json().toJson()));
    }
}

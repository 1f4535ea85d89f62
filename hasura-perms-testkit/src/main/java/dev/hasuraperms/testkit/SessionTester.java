package dev.hasuraperms.testkit;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Questions and assertions as one role with one set of session variables. Immutable: {@link #with} returns a new
 * tester. The assertions ({@code canSelect}, {@code cannotInsert}, ...) return this tester for chaining and throw a
 * {@link PermissionAssertionError} whose message explains the answer; the questions ({@link #select}, {@link #insert},
 * ...) return the {@link Verdict}.
 *
 * <p>Table names are {@code name} (schema {@code public}) or {@code schema.name}. A row is a map of column values or
 * an id (see {@link PermissionTester}).
 */
public final class SessionTester {

    private final PermissionTester tester;
    private final String role;
    private final Map<String, String> variables;
    private final boolean backendOnly;

    SessionTester(PermissionTester tester, String role, Map<String, String> variables, boolean backendOnly) {
        this.tester = tester;
        this.role = Objects.requireNonNull(role, "role");
        this.variables = Map.copyOf(variables);
        this.backendOnly = backendOnly;
    }

    /**
     * With the session variable {@code name} (such as {@code X-Hasura-User-Id}) set to {@code value}.
     *
     * @param name the variable's name (case-insensitive)
     * @param value its value, as text
     * @return a new session tester; this one is unchanged
     */
    public SessionTester with(String name, String value) {
        Map<String, String> v = new LinkedHashMap<>(variables);
        v.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new SessionTester(tester, role, v, backendOnly);
    }

    /**
     * With these session variables added.
     *
     * @param more name → value
     * @return a new session tester; this one is unchanged
     */
    public SessionTester with(Map<String, String> more) {
        Map<String, String> v = new LinkedHashMap<>(variables);
        v.putAll(more);
        return new SessionTester(tester, role, v, backendOnly);
    }

    /**
     * In backend mode ({@code backend_only} permissions apply), as with {@code x-hasura-use-backend-only-permissions}.
     *
     * @return a new session tester; this one is unchanged
     */
    public SessionTester backendOnly() {
        return new SessionTester(tester, role, variables, true);
    }

    /**
     * The role.
     *
     * @return the role; never null
     */
    public String role() {
        return role;
    }

    /**
     * The session the questions are asked with.
     *
     * @return the session; never null
     */
    public Session session() {
        Session s = Session.of(role, variables);
        return backendOnly ? s.withBackendOnlyPermissions() : s;
    }

    // ------------------------------------------------------------------------------------------------ questions

    /**
     * Whether the role may read {@code row} of {@code table} (its select filter is TRUE for it).
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row the row: its id (primary key value, a list for a composite key) or column → value
     * @return the verdict, with the reason and the explanation; never null
     */
    public Verdict select(String table, Object row) {
        QualifiedName t = Rows.name(table);
        return tester.backend().select(session(), t, row(t, row));
    }

    /**
     * Whether the role may insert {@code row} (column values, not an id) into {@code table}: the columns are
     * insertable, the presets are applied and the insert check is not FALSE for the row as written.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row column → value
     * @return the verdict, with the reason and the explanation; never null
     */
    public Verdict insert(String table, Map<String, ?> row) {
        return tester.backend().insert(session(), Rows.name(table), row);
    }

    /**
     * Whether the role may update {@code before} (a row or an id) of {@code table} with {@code changes}: the columns
     * are updatable, the update filter is TRUE for the row before, and the update check is not FALSE for it after
     * (with the presets applied).
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param before the row before: its id or column → value
     * @param changes column → new value
     * @return the verdict, with the reason and the explanation; never null
     */
    public Verdict update(String table, Object before, Map<String, ?> changes) {
        QualifiedName t = Rows.name(table);
        return tester.backend().update(session(), t, row(t, before), changes);
    }

    /**
     * Whether the role may delete {@code row} (a row or an id) of {@code table} (its delete filter is TRUE).
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row the row: its id (primary key value, a list for a composite key) or column → value
     * @return the verdict, with the reason and the explanation; never null
     */
    public Verdict delete(String table, Object row) {
        QualifiedName t = Rows.name(table);
        return tester.backend().delete(session(), t, row(t, row));
    }

    /**
     * The rows of {@code table} the role sees, with the columns it may read (a cell redacted for an inherited role is
     * NULL), ordered by primary key. Empty when the role has no select permission. The permission's row limit is
     * not applied.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @return the rows; empty when the role sees none
     */
    public List<Map<String, Object>> visibleRows(String table) {
        return tester.backend().visibleRows(session(), Rows.name(table));
    }

    /**
     * The rows of {@code table} the role sees, with {@code fields}: columns and scalar computed fields of its select
     * permission, as {@code SecureJdbc} reads them (a cell redacted for an inherited role is NULL), ordered by primary
     * key when the fields include it. Empty when the role has no select permission. Computed fields run SQL
     * functions, so they need a database ({@link PermissionTester#onDatabase}); the in-memory mode refuses them with
     * {@link dev.hasuraperms.eval.UnsupportedInMemoryException}.
     *
     * @param table  the table
     * @param fields the columns and computed fields to read
     * @return the rows, field → value
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException when a field is not readable by the role
     */
    public List<Map<String, Object>> read(String table, String... fields) {
        return read(table, List.of(fields), Map.of());
    }

    /**
     * Like {@link #read(String, String...)}, with the input arguments of computed fields.
     *
     * @param table     the table
     * @param fields    the columns and computed fields to read
     * @param arguments computed field → its input arguments by name
     * @return the rows, field → value
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException when a field is not readable by the role
     * @throws dev.hasuraperms.enforce.InvalidComputedFieldArgumentException when an argument is missing, unknown or
     *                                                                     invalid
     */
    public List<Map<String, Object>> read(String table, List<String> fields,
                                          Map<String, ? extends Map<String, ?>> arguments) {
        return tester.backend().read(session(), Rows.name(table), fields, arguments);
    }

    /**
     * The ids (primary key values; lists for a composite key) of the {@link #visibleRows visible rows}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @return the ids, in primary key order
     */
    public List<Object> visibleIds(String table) {
        QualifiedName name = Rows.name(table);
        Table t = Rows.table(tester.permissions(), name);
        Rows.requireKey(t);
        List<Map<String, Object>> rows = tester.backend().visibleRowsFull(session(), name);
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(Rows.id(t, r));
        }
        return out;
    }

    /**
     * The value of an aggregate read of {@code table} ({@code <table>_aggregate}) as the role, in Hasura's shape
     * ({@code {"aggregate": {"count": 3, "sum": {"salary": 100}}}}): over every row the select filter allows (the
     * permission's limit does not cap it), redacted cells NULL.
     *
     * @param table      the table
     * @param aggregates the aggregates (none: {@code count})
     * @return the value
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when the read is refused ({@code NO_PERMISSION} without
     *                                                         {@code allow_aggregations}, ...)
     */
    public JsonObject aggregateResult(String table, dev.hasuraperms.enforce.Aggregate... aggregates) {
        List<dev.hasuraperms.enforce.Aggregate> a = aggregates.length == 0
                ? List.of(dev.hasuraperms.enforce.Aggregate.count()) : List.of(aggregates);
        return tester.backend().aggregate(session(), Rows.name(table), a);
    }

    /**
     * Whether the role may run this aggregate read of {@code table}: allowed (the reason holds the value), or refused
     * with the refusal's code and message (no {@code allow_aggregations}, {@code select_aggregate} left out of the
     * {@code query_root_fields}, a column it may not read, a function that does not apply to the column's type).
     *
     * @param table      the table
     * @param aggregates the aggregates (none: {@code count})
     * @return the verdict
     */
    public Verdict aggregate(String table, dev.hasuraperms.enforce.Aggregate... aggregates) {
        QualifiedName t = Rows.name(table);
        try {
            JsonObject v = aggregateResult(table, aggregates);
            return Verdict.allow(role, t, dev.hasuraperms.metadata.Operation.SELECT, "the aggregate read returns "
                    + dev.hasuraperms.json.JsonWriter.compact(v), java.util.Optional.empty());
        } catch (dev.hasuraperms.eval.EvaluationException e) {
            throw e;
        } catch (dev.hasuraperms.diagnostic.HasuraPermsException e) {
            return Verdict.refused(role, t, dev.hasuraperms.metadata.Operation.SELECT, e);
        }
    }

    // ----------------------------------------------------------------------------------------------- assertions

    /**
     * Asserts that the role may run this aggregate read of {@code table} (none given: {@code count}).
     *
     * @param table      the table
     * @param aggregates the aggregates
     * @return this tester
     * @throws PermissionAssertionError when it is refused, with the refusal
     */
    public SessionTester canAggregate(String table, dev.hasuraperms.enforce.Aggregate... aggregates) {
        return expect(true, aggregate(table, aggregates), "an aggregate read of " + Rows.name(table));
    }

    /**
     * Asserts that the role may not run this aggregate read of {@code table} (none given: {@code count}).
     *
     * @param table      the table
     * @param aggregates the aggregates
     * @return this tester
     * @throws PermissionAssertionError when it is allowed, with its value
     */
    public SessionTester cannotAggregate(String table, dev.hasuraperms.enforce.Aggregate... aggregates) {
        return expect(false, aggregate(table, aggregates), "an aggregate read of " + Rows.name(table));
    }

    /**
     * Asserts that the role may read {@code row}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row the row: its id (primary key value, a list for a composite key) or column → value
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the role may not read the row
     */
    public SessionTester canSelect(String table, Object row) {
        return expect(true, select(table, row), row);
    }

    /**
     * Asserts that the role may not read {@code row}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row the row: its id (primary key value, a list for a composite key) or column → value
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the role may read the row
     */
    public SessionTester cannotSelect(String table, Object row) {
        return expect(false, select(table, row), row);
    }

    /**
     * Asserts that the role may insert {@code row}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row column → value
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the role may not insert the row
     */
    public SessionTester canInsert(String table, Map<String, ?> row) {
        return expect(true, insert(table, row), row);
    }

    /**
     * Asserts that the role may not insert {@code row}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row column → value
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the role may insert the row
     */
    public SessionTester cannotInsert(String table, Map<String, ?> row) {
        return expect(false, insert(table, row), row);
    }

    /**
     * Asserts that the role may update {@code before} with {@code changes}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param before the row before: its id or column → value
     * @param changes column → new value
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the role may not make the update
     */
    public SessionTester canUpdate(String table, Object before, Map<String, ?> changes) {
        return expect(true, update(table, before, changes), before + " with " + changes);
    }

    /**
     * Asserts that the role may not update {@code before} with {@code changes}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param before the row before: its id or column → value
     * @param changes column → new value
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the role may make the update
     */
    public SessionTester cannotUpdate(String table, Object before, Map<String, ?> changes) {
        return expect(false, update(table, before, changes), before + " with " + changes);
    }

    /**
     * Asserts that the role may delete {@code row}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row the row: its id (primary key value, a list for a composite key) or column → value
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the role may not delete the row
     */
    public SessionTester canDelete(String table, Object row) {
        return expect(true, delete(table, row), row);
    }

    /**
     * Asserts that the role may not delete {@code row}.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param row the row: its id (primary key value, a list for a composite key) or column → value
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the role may delete the row
     */
    public SessionTester cannotDelete(String table, Object row) {
        return expect(false, delete(table, row), row);
    }

    /**
     * Asserts that the role sees exactly the rows with these ids in {@code table} (in any order). The message lists
     * the rows missing and unexpected, with the explanation of the filter for each.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param ids the ids (primary key values; lists for a composite key)
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the rows the role sees are not exactly these
     */
    public SessionTester seesExactly(String table, Object... ids) {
        QualifiedName name = Rows.name(table);
        Table t = Rows.table(tester.permissions(), name);
        Set<String> expected = new TreeSet<>();
        Map<String, Object> expectedIds = new TreeMap<>();
        for (Object id : ids) {
            Object c = Rows.canonicalId(t, id);
            expected.add(String.valueOf(c));
            expectedIds.put(String.valueOf(c), id);
        }
        Set<String> actual = new TreeSet<>();
        for (Object id : visibleIds(table)) {
            actual.add(String.valueOf(id));
        }
        if (expected.equals(actual)) {
            return this;
        }
        StringBuilder sb = new StringBuilder(prefix()).append(" expected to see exactly ").append(expected)
                .append(" in ").append(name).append(", but sees ").append(actual);
        for (String id : expected) {
            if (!actual.contains(id)) {
                sb.append("\n  not visible: ").append(id).append("\n").append(indent(select(table, expectedIds.get(id)).describe()));
            }
        }
        for (String id : actual) {
            if (!expected.contains(id)) {
                sb.append("\n  unexpectedly visible: ").append(id);
            }
        }
        throw new PermissionAssertionError(sb.toString(), null, List.copyOf(expected), List.copyOf(actual));
    }

    /**
     * Asserts that the permission of this role for {@code operation} on {@code table} reads exactly these session
     * variables (names compared case-insensitively) in its filters, checks and presets.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param operation the operation
     * @param names the expected session variables
     * @return this session tester, for chaining
     * @throws PermissionAssertionError when the permission does not read exactly these variables
     */
    public SessionTester needsSessionVariables(String table, Operation operation, String... names) {
        Set<String> expected = new TreeSet<>();
        for (String n : names) {
            expected.add(n.toLowerCase(Locale.ROOT));
        }
        Set<String> actual = new TreeSet<>();
        tester.sessionVariables(role, table, operation).forEach(n -> actual.add(n.toLowerCase(Locale.ROOT)));
        if (!expected.equals(actual)) {
            throw new PermissionAssertionError("the " + operation.name().toLowerCase(Locale.ROOT) + " permission of role "
                    + role + " on " + Rows.name(table) + " reads the session variables " + actual + ", expected " + expected, null,
                    List.copyOf(expected), List.copyOf(actual));
        }
        return this;
    }

    private SessionTester expect(boolean allowed, Verdict v, Object what) {
        if (v.allowed() != allowed) {
            throw new PermissionAssertionError(prefix() + " expected to be " + (allowed ? "allowed" : "denied")
                    + " on " + what + ", but:\n" + indent(v.describe()), v,
                    allowed ? "allowed" : "denied", (v.allowed() ? "allowed" : "denied") + "\n" + v.describe());
        }
        return this;
    }

    private String prefix() {
        return "[" + tester.mode() + "] role " + role + (backendOnly ? " (backend only)" : "") + " " + new TreeMap<>(variables);
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ");
    }

    /** A row argument as a map: a map as given, an id as the key of a fixture or stored row (which must exist). */
    @SuppressWarnings("unchecked")
    private Map<String, ?> row(QualifiedName name, Object row) {
        Objects.requireNonNull(row, "row");
        if (row instanceof JsonObject o) {
            return o.members();
        }
        if (row instanceof Map<?, ?> m) {
            return (Map<String, ?>) m;
        }
        Table t = Rows.table(tester.permissions(), name);
        Map<String, Object> key = Rows.keyOf(t, row instanceof JsonArray a ? a.elements() : row);
        for (Map<String, Object> r : tester.backend().rows(name)) {
            if (Rows.key(t, r).equals(key)) {
                return key;
            }
        }
        throw new IllegalArgumentException("table " + name + " has no row with id " + row + " (key " + key + ")");
    }

    @Override
    public String toString() {
        return prefix();
    }
}

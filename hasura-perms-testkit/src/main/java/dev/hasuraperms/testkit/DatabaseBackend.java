package dev.hasuraperms.testkit;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.enforce.JdbcRelations;
import dev.hasuraperms.enforce.SelectPlan;
import dev.hasuraperms.eval.Evaluation;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.jdbc.CompiledPredicate;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.jdbc.WriteResult;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.session.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * Answers on a database: filters as the JDBC backend's SQL, writes as {@link SecureJdbc}'s enforced statements, each
 * question in its own transaction that is rolled back. Explanations and coverage come from the in-memory evaluator
 * reading related rows from the same transaction.
 */
final class DatabaseBackend extends Backend {

    static final String ALIAS = "hp_row";

    private final DataSource dataSource;
    private final JdbcPermissions jdbc;
    private final SecureJdbc secure;
    private Connection connection;

    DatabaseBackend(CheckedPermissions checked, Coverage coverage, DataSource dataSource) {
        super(checked, coverage);
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.jdbc = JdbcPermissions.of(checked);
        this.secure = SecureJdbc.of(jdbc);
    }

    @Override
    String mode() {
        return "database";
    }

    @Override
    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing is best effort.
            }
            connection = null;
        }
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction that is rolled back, on the backend's connection (opened on first use and
     * reopened when closed; one question at a time).
     */
    synchronized <T> T rolledBack(Work<T> work) {
        try {
            if (connection == null || connection.isClosed()) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
            }
            Connection c = connection;
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database mode: " + e.getMessage(), e);
        }
    }

    /** The row the question is about, stored (written as admin when it differs; rolled back afterwards). */
    private Map<String, Object> prepare(Connection c, Table t, Map<String, ?> given) throws SQLException {
        Map<String, Object> g = Rows.canonical(t, given);
        if (!Rows.hasKey(t, g)) {
            throw new IllegalArgumentException("in database mode a row is named by its primary key: give "
                    + t.primaryKeyColumns() + " of " + t.name() + " (given: " + g.keySet() + ")");
        }
        Map<String, Object> key = Rows.key(t, g);
        Optional<Map<String, Object>> stored = Rows.read(c, t, key);
        boolean differs = stored.isEmpty() || g.entrySet().stream()
                .anyMatch(e -> !Objects.equals(stored.get().get(e.getKey()), e.getValue()));
        if (!differs) {
            return stored.get();
        }
        if (stored.isPresent()) {
            Rows.update(c, t, g);
        } else {
            Rows.insert(c, t, g);
        }
        return Rows.read(c, t, key).orElseThrow();
    }

    private TriBool sqlFilter(Connection c, Table t, CompiledPredicate cp, Session s, Map<String, Object> key)
            throws SQLException {
        SqlPredicate p = cp.bind(s);
        String sql = "SELECT (" + p.sql() + ") FROM " + Rows.qualified(t.name()) + " AS " + Rows.quote(ALIAS)
                + " WHERE " + Rows.keyCondition(t, ALIAS);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = p.bind(ps, 1);
            for (Object v : Rows.keyValues(t, key)) {
                Rows.bindText(ps, i++, (String) v);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the row " + key + " of " + t.name() + " is not stored");
                }
                boolean b = rs.getBoolean(1);
                return rs.wasNull() ? TriBool.UNKNOWN : TriBool.of(b);
            }
        }
    }

    private Verdict filterVerdict(Connection c, Session s, Table t, Operation op, CompiledPredicate cp, Predicate p,
                                  Map<String, Object> row, String label) throws SQLException {
        TriBool r = sqlFilter(c, t, cp, s, Rows.key(t, row));
        Optional<Explanation> e = evaluate(s, t.name(), op, "filter", p, row, new JdbcRelations(c, checked.schema()))
                .map(Evaluation::explanation);
        String reason = filterReason(label, r);
        return r.isTrue() ? Verdict.allow(s.role(), t.name(), op, reason, e) : Verdict.deny(s.role(), t.name(), op, reason, e);
    }

    @Override
    Verdict select(Session s, QualifiedName table, Map<String, ?> given) {
        Table t = Rows.table(checked, table);
        try {
            SelectPlan plan = enforcement.select(table, s, List.of(), OptionalInt.empty());
            return record(rolledBack(c -> filterVerdict(c, s, t, Operation.SELECT,
                    jdbc.compiledSelectFilter(table, s.role(), Optional.of(ALIAS)), plan.rule().filter(),
                    prepare(c, t, given), "select filter")));
        } catch (HasuraPermsException e) {
            return record(refuse(s, table, Operation.SELECT, e));
        }
    }

    @Override
    Verdict delete(Session s, QualifiedName table, Map<String, ?> given) {
        Table t = Rows.table(checked, table);
        try {
            enforcement.delete(table, s);
            return record(rolledBack(c -> filterVerdict(c, s, t, Operation.DELETE,
                    jdbc.compiledDeleteFilter(table, s.role(), Optional.of(ALIAS)),
                    checked.delete(table, s.role()).orElseThrow().filter(), prepare(c, t, given), "delete filter")));
        } catch (HasuraPermsException e) {
            return record(refuse(s, table, Operation.DELETE, e));
        }
    }

    @Override
    List<Map<String, Object>> rows(QualifiedName table) {
        Table t = Rows.table(checked, table);
        return rolledBack(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + Rows.qualified(table) + orderBy(t, null));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Rows.readRow(t, rs));
                }
            }
            return out;
        });
    }

    private static String orderBy(Table t, String alias) {
        if (t.primaryKeyColumns().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" ORDER BY ");
        List<String> pk = t.primaryKeyColumns();
        for (int i = 0; i < pk.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(alias == null ? "" : Rows.quote(alias) + ".").append(Rows.quote(pk.get(i)));
        }
        return sb.toString();
    }

    @Override
    List<Map<String, Object>> read(Session s, QualifiedName table, List<String> fields,
                                   Map<String, ? extends Map<String, ?>> arguments) {
        Table t = Rows.table(checked, table);
        if (checked.select(table, s.role()).isEmpty()) {
            return List.of();
        }
        return rolledBack(c -> {
            dev.hasuraperms.jdbc.SecureSelect select = secure.select(c, s, table).alias(ALIAS).columns(fields);
            arguments.forEach(select::arguments);
            for (String k : t.primaryKeyColumns()) {
                if (!fields.contains(k)) {
                    break;
                }
                select.orderBy(dev.hasuraperms.jdbc.OrderBy.asc(k));
            }
            return select.fetchMaps();
        });
    }

    @Override
    List<Map<String, Object>> visibleRows(Session s, QualifiedName table, boolean full) {
        Table t = Rows.table(checked, table);
        SelectPlan plan;
        try {
            plan = enforcement.select(table, s, List.of(), OptionalInt.empty());
        } catch (PermissionDeniedException e) {
            return List.of();
        }
        SelectRule rule = plan.rule();
        SqlPredicate p = jdbc.compiledSelectFilter(table, s.role(), Optional.of(ALIAS)).bind(s);
        return rolledBack(c -> {
            JdbcRelations relations = new JdbcRelations(c, checked.schema());
            List<Map<String, Object>> out = new ArrayList<>();
            String sql = "SELECT " + Rows.quote(ALIAS) + ".*, (" + p.sql() + ") AS hp_visible FROM "
                    + Rows.qualified(table) + " AS " + Rows.quote(ALIAS) + orderBy(t, ALIAS);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                p.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = Rows.readRow(t, rs);
                        boolean visible = rs.getBoolean("hp_visible");
                        evaluate(s, table, Operation.SELECT, "filter", rule.filter(), row, relations);
                        coverage.use(s.role(), table, Operation.SELECT, visible);
                        if (visible) {
                            out.add(full ? row : project(s, rule, plan.columns(), row, relations));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    dev.hasuraperms.json.JsonObject aggregate(Session s, QualifiedName table,
                                              List<dev.hasuraperms.enforce.Aggregate> aggregates) {
        Rows.table(checked, table);
        return rolledBack(c -> secure.aggregate(c, s, table)
                .aggregate(aggregates.toArray(dev.hasuraperms.enforce.Aggregate[]::new)).fetch());
    }

    @Override
    Verdict insert(Session s, QualifiedName table, Map<String, ?> given) {
        Table t = Rows.table(checked, table);
        try {
            // Validation first, as enforcement does, so that refusals need no connection.
            enforcement.insert(table, s, List.of(given), Optional.empty());
            Predicate check = checked.insert(table, s.role()).orElseThrow().check();
            return record(rolledBack(c -> {
                try {
                    secure.insert(c, s, table).values(given).execute();
                } catch (CheckViolationException e) {
                    Optional<Explanation> ex = e.failures().isEmpty() ? Optional.empty() : e.failures().get(0).explanation();
                    ex.ifPresent(x -> coverage.record(s.role(), table, Operation.INSERT, "check", check, x));
                    return Verdict.deny(s.role(), table, Operation.INSERT,
                            "the insert check is FALSE for the row as written", ex);
                }
                Optional<Map<String, Object>> written = writtenRow(c, t, given);
                Optional<Explanation> ex = written.flatMap(w -> evaluate(s, table, Operation.INSERT, "check", check, w,
                        new JdbcRelations(c, checked.schema())).map(Evaluation::explanation));
                return Verdict.allow(s.role(), table, Operation.INSERT,
                        "the insert check is not FALSE for the row as written", ex);
            }));
        } catch (HasuraPermsException e) {
            return record(refuse(s, table, Operation.INSERT, e));
        }
    }

    /** The row an insert wrote: by the key it gave, or by the current value of the key's sequence. */
    private Optional<Map<String, Object>> writtenRow(Connection c, Table t, Map<String, ?> given) throws SQLException {
        Map<String, Object> g = Rows.canonical(t, given);
        if (Rows.hasKey(t, g)) {
            return Rows.read(c, t, Rows.key(t, g));
        }
        List<String> pk = t.primaryKeyColumns();
        if (pk.size() != 1) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT currval(pg_get_serial_sequence(?, ?))::text")) {
            ps.setString(1, Rows.qualified(t.name()));
            ps.setString(2, pk.get(0));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return Optional.empty();
                }
                Map<String, Object> key = new LinkedHashMap<>();
                key.put(pk.get(0), dev.hasuraperms.types.PgValues.parseText(t.column(pk.get(0)).orElseThrow().type(),
                        rs.getString(1)));
                return Rows.read(c, t, key);
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    Verdict update(Session s, QualifiedName table, Map<String, ?> before, Map<String, ?> changes) {
        Table t = Rows.table(checked, table);
        try {
            enforcement.update(table, s, changes);
            UpdateRule rule = checked.update(table, s.role()).orElseThrow();
            return record(rolledBack(c -> {
                Map<String, Object> old = prepare(c, t, before);
                Map<String, Object> key = Rows.key(t, old);
                JdbcRelations relations = new JdbcRelations(c, checked.schema());
                Optional<Explanation> filterEx = evaluate(s, table, Operation.UPDATE, "filter", rule.filter(), old,
                        relations).map(Evaluation::explanation);
                List<Object> keyValues = Rows.keyValues(t, key);
                WriteResult w;
                try {
                    w = secure.update(c, s, table).alias(ALIAS).set(changes)
                            .where(SqlCondition.of(Rows.keyCondition(t, ALIAS), keyValues.toArray())).execute();
                } catch (CheckViolationException e) {
                    Optional<Explanation> ex = e.failures().isEmpty() ? Optional.empty() : e.failures().get(0).explanation();
                    ex.ifPresent(x -> coverage.record(s.role(), table, Operation.UPDATE, "check", rule.check(), x));
                    return Verdict.deny(s.role(), table, Operation.UPDATE,
                            "the update check is FALSE for the row after the update", ex);
                }
                if (w.affectedRows() == 0) {
                    TriBool r = filterEx.map(Explanation::result).orElse(TriBool.FALSE);
                    return Verdict.deny(s.role(), table, Operation.UPDATE, "the update filter is not TRUE for the row"
                            + (filterEx.isPresent() ? " (it is " + r + ")" : ""), filterEx);
                }
                Map<String, Object> newKey = Rows.key(t, Rows.complete(t, old, Rows.canonical(t, changes)));
                Optional<Explanation> checkEx = Rows.read(c, t, newKey).flatMap(after -> evaluate(s, table,
                        Operation.UPDATE, "check", rule.check(), after, relations).map(Evaluation::explanation));
                return Verdict.allow(s.role(), table, Operation.UPDATE,
                        "the update filter is TRUE and the update check is not FALSE", checkEx);
            }));
        } catch (HasuraPermsException e) {
            return record(refuse(s, table, Operation.UPDATE, e));
        }
    }
}

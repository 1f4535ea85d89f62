package dev.hasuraperms.jooq;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.enforce.AggregatePlan;
import dev.hasuraperms.enforce.Enforcement;
import dev.hasuraperms.eval.Evaluator;
import dev.hasuraperms.eval.InMemoryAggregates;
import dev.hasuraperms.eval.SessionValueSource;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.SecureAggregate;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** One aggregate read run by SecureJdbc, SecureDsl and the in-memory evaluator (test helper). */
final class ThreeWayAggregate {

    static final QualifiedName M = QualifiedName.of("m");

    private final CheckedPermissions checked;
    private final Connection connection;
    private final List<Map<String, Object>> rows;
    private final SecureJdbc jdbc;
    private final JdbcPermissions jdbcPermissions;
    private final SecureDsl dsl;
    private final JooqPermissions jooqPermissions;
    private final Table<?> table = DSL.table(DSL.name("public", "m"));
    private final Evaluator evaluator = Evaluator.builder().explanations(false).build();

    ThreeWayAggregate(CheckedPermissions checked, Connection connection, List<Map<String, Object>> rows) {
        this.checked = checked;
        this.connection = connection;
        this.rows = rows;
        this.jdbcPermissions = JdbcPermissions.of(checked);
        this.jdbc = SecureJdbc.of(jdbcPermissions);
        this.jooqPermissions = JooqPermissions.of(checked);
        DSLContext ctx = DSL.using(connection, SQLDialect.POSTGRES);
        this.dsl = SecureDsl.of(ctx, jooqPermissions);
    }

    /** A request: aggregates, grouping, the caller's where (Hasura's JSON). */
    record Request(List<Aggregate> aggregates, List<String> groupBy, Optional<JsonValue> where) {
        static Request of(Aggregate... aggregates) {
            return new Request(List.of(aggregates), List.of(), Optional.empty());
        }

        Request groupBy(String... columns) {
            return new Request(aggregates, List.of(columns), where);
        }

        Request where(JsonValue w) {
            return new Request(aggregates, groupBy, Optional.of(w));
        }
    }

    JsonObject jdbc(Session s, Request q) throws SQLException {
        SecureAggregate a = jdbc.aggregate(connection, s, M).aggregate(q.aggregates().toArray(Aggregate[]::new))
                .groupBy(q.groupBy().toArray(String[]::new));
        if (q.where().isPresent()) {
            a.where(jdbcPermissions.callerFilter(M, "m", s, q.where().get()));
        }
        return a.fetch();
    }

    JsonObject jooq(Session s, Request q) {
        dev.hasuraperms.jooq.SecureAggregate a = dsl.aggregate(s, table).aggregate(q.aggregates().toArray(Aggregate[]::new))
                .groupBy(q.groupBy().toArray(String[]::new));
        if (q.where().isPresent()) {
            a = a.where(jooqPermissions.callerCondition(table, s, q.where().get()));
        }
        return a.fetch();
    }

    JsonObject memory(Session s, Request q) {
        AggregatePlan plan = Enforcement.of(checked).aggregate(M, s, q.aggregates(), q.groupBy());
        Optional<Predicate> where = q.where().map(w -> CallerFilters.compile(checked, M, s.role(), w));
        return InMemoryAggregates.aggregate(evaluator, plan, rows, where,
                SessionValueSource.of(s, checked.schema().serverMajorVersion()));
    }
}

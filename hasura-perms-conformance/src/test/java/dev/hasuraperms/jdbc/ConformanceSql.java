package dev.hasuraperms.jdbc;

import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgInterval;
import dev.hasuraperms.types.PgText;
import dev.hasuraperms.types.SqlNull;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only bridge for the conformance runner: renders a caller's filter (from
 * {@link dev.hasuraperms.check.CallerFilters}) as a {@link SqlCondition} for the enforced operations, with the same
 * renderer the permission predicates use. Lives in this package (test class path only) to reach the package-private
 * renderer entry point; it is not API.
 */
public final class ConformanceSql {

    private ConformanceSql() {
    }

    /**
     * {@code predicate} for rows aliased {@code alias}, bound to {@code session} with the input rules of PostgreSQL
     * {@code serverMajor} (the schema's).
     */
    public static SqlCondition condition(Predicate predicate, String alias, SessionValues session, int serverMajor) {
        SqlPredicate p = JdbcPermissions.render(predicate, SqlIdentifiers.quote(alias), true, serverMajor).bind(session);
        List<Object> values = new ArrayList<>();
        for (Object v : p.values()) {
            if (v == SqlNull.INSTANCE) {
                values.add(null);
            } else if (v instanceof JsonValue || v instanceof PgInterval || v instanceof List) {
                values.add(PgText.of(v));
            } else {
                values.add(v);
            }
        }
        return SqlCondition.of(p.sql(), values.toArray());
    }
}

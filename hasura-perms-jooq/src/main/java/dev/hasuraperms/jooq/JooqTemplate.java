package dev.hasuraperms.jooq;

import dev.hasuraperms.internal.sql.SqlNames;
import dev.hasuraperms.internal.sql.SqlTemplate;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.types.PgText;
import dev.hasuraperms.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Param;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A rendered permission predicate prepared for jOOQ: the template's parts, and the jOOQ tables its subqueries read
 * (made once). {@link #condition} binds a session for a host's table reference. Immutable and thread-safe.
 */
final class JooqTemplate {

    private final SqlTemplate template;
    private final SqlTemplate.Part[] parts;
    private final Table<?>[] tables;
    private final String[] tableNames;
    private final boolean alwaysTrue;

    JooqTemplate(SqlTemplate template) {
        this.template = template;
        this.parts = template.parts().toArray(new SqlTemplate.Part[0]);
        List<Table<?>> t = new ArrayList<>();
        List<String> n = new ArrayList<>();
        for (SqlTemplate.Part p : parts) {
            if (p instanceof SqlTemplate.Table table) {
                t.add(DSL.table(JooqNames.of(table.name())));
                n.add(SqlNames.quote(table.name()));
            }
        }
        this.tables = t.toArray(new Table<?>[0]);
        this.tableNames = n.toArray(new String[0]);
        this.alwaysTrue = parts.length == 1 && parts[0] instanceof SqlTemplate.Text text && text.sql().equals("TRUE");
    }

    /** Whether the predicate is the constant TRUE (no filter, or one the optimizer reduced to TRUE). */
    boolean alwaysTrue() {
        return alwaysTrue;
    }

    SqlTemplate template() {
        return template;
    }

    SqlTemplate.Part[] parts() {
        return parts;
    }

    Table<?>[] tables() {
        return tables;
    }

    /**
     * The template as text runs between its parameters, for rows named {@code rootName} under default naming
     * settings: {@code texts[i]} is written before parameter {@code params[i]}, the last text after the last parameter.
     */
    record Segments(String rootName, String[] texts, int[] params) {
    }

    /** The segments of the last root name asked for (hosts mostly use one alias per table). */
    private volatile Segments lastSegments;

    /** Segments for {@code rootName}; null when the template holds a {@code ?} operator (its text depends on the context). */
    Segments segments(String rootName) {
        Segments last = lastSegments;
        if (last != null && last.rootName().equals(rootName)) {
            return last;
        }
        List<String> texts = new ArrayList<>();
        List<Integer> params = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        int table = 0;
        for (SqlTemplate.Part p : parts) {
            if (p instanceof SqlTemplate.Text t) {
                b.append(t.sql());
            } else if (p instanceof SqlTemplate.Table) {
                b.append(tableNames[table++]);
            } else if (p instanceof SqlTemplate.Root) {
                b.append(rootName);
            } else if (p instanceof SqlTemplate.Param q) {
                texts.add(b.toString());
                b.setLength(0);
                params.add(q.index());
            } else {
                return null;
            }
        }
        texts.add(b.toString());
        Segments s = new Segments(rootName, texts.toArray(new String[0]),
                params.stream().mapToInt(Integer::intValue).toArray());
        lastSegments = s;
        return s;
    }

    /** The tables' names quoted as jOOQ writes them with default naming settings. */
    String[] tableNames() {
        return tableNames;
    }

    /** The predicate for rows named by {@code root}, with the session's values. */
    Condition condition(Table<?> root, SessionValues session) {
        Object[] values = template.bind(session);
        PgType[] types = template.parameterTypes();
        Param<?>[] params = new Param<?>[values.length];
        for (int i = 0; i < values.length; i++) {
            params[i] = param(values[i], types[i]);
        }
        return new PermissionCondition(this, root, params);
    }

    /**
     * A bind value for {@code v} (as {@link dev.hasuraperms.types.PgValues} produces it). The template casts every
     * parameter to its PostgreSQL type, so values JDBC has no exact type for (arrays, jsonb, intervals, enums) travel
     * as their PostgreSQL text.
     */
    static Param<?> param(Object v, PgType type) {
        if (v instanceof Integer x) {
            return DSL.val(x, SQLDataType.INTEGER);
        }
        if (v instanceof Long x) {
            return DSL.val(x, SQLDataType.BIGINT);
        }
        if (v instanceof String x) {
            return DSL.val(x, SQLDataType.VARCHAR);
        }
        if (v instanceof Boolean x) {
            return DSL.val(x, SQLDataType.BOOLEAN);
        }
        if (v instanceof BigDecimal x) {
            return DSL.val(x, SQLDataType.NUMERIC);
        }
        if (v instanceof Short x) {
            return DSL.val(x, SQLDataType.SMALLINT);
        }
        if (v instanceof UUID x) {
            return DSL.val(x, SQLDataType.UUID);
        }
        return DSL.val(PgText.of(v), TEXT);
    }

    private static final DataType<String> TEXT = SQLDataType.VARCHAR;
}

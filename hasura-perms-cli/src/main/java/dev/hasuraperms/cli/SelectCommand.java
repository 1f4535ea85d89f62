package dev.hasuraperms.cli;

import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureSelect;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.jdbc.SqlStatement;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Operation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jooq.Condition;
import org.jooq.OrderField;
import org.jooq.Select;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code select}: a select under the role's select permission, printed as PostgreSQL's {@code json_agg} of the rows
 * renders them. The enforced select runs inside
 * {@code SELECT coalesce(json_agg("_hp_rows".*), '[]'::json) FROM (<select>) AS "_hp_rows"}, so keys are in column
 * order and values as {@code to_json} writes them.
 */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Run a select under the role's select permission; print the rows as a JSON array "
                + "(as PostgreSQL's json_agg renders them).")
final class SelectCommand implements Callable<Integer> {

    /** The alias of the rows of the enforced select inside the json_agg wrapper. */
    static final String ROWS = "_hp_rows";

    @Mixin
    CommonOptions options;

    @Option(names = "--columns", paramLabel = "a,b", description = "The columns and scalar computed fields, in this order (default: every column the role may read, in table order).")
    String columns;

    @Option(names = "--computed-args", paramLabel = "JSON", description = "Input arguments of computed fields: {\"field\": {\"argument\": value, ...}, ...}.")
    String computedArgs;

    @Option(names = "--order-by", paramLabel = "a,b", description = "Order by these columns or scalar computed fields, ascending (each must be readable).")
    String orderBy;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (the permission's limit, when smaller, wins).")
    Integer limit;

    @Option(names = "--where", paramLabel = "JSON", description = "A filter in Hasura's boolean-expression language (GraphQL where), AND-ed with the permission.")
    String where;

    @Option(names = "--pk", paramLabel = "JSON", description = "Read one row by primary key (Hasura's select_by_pk): "
            + "a JSON object of every primary key column to its value; prints the row as an object, or null.")
    String pk;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 0) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--limit: cannot be negative: " + limit);
        }
        List<String> cols = columns == null ? List.of() : Enforced.names("--columns", columns);
        List<String> order = orderBy == null ? List.of() : Enforced.names("--order-by", orderBy);
        Optional<JsonValue> filter = Optional.ofNullable(where).map(w -> Enforced.json("--where", w));
        Optional<Map<String, ?>> key = Optional.empty();
        if (pk != null) {
            if (where != null || orderBy != null || limit != null) {
                throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE,
                        "--pk: a read by primary key takes no --where, --order-by or --limit (as select_by_pk)");
            }
            if (!(Enforced.json("--pk", pk) instanceof JsonObject o)) {
                throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--pk: a JSON object of primary key column to value");
            }
            key = Optional.of(Map.copyOf(o.members()));
        }
        args = computedArgs == null ? Map.of() : computedArguments(Enforced.json("--computed-args", computedArgs));
        String json;
        try (Enforced e = Enforced.open(options, Operation.SELECT)) {
            json = e.jooq() ? jooq(e, cols, order, filter, key) : jdbc(e, cols, order, filter, key);
        }
        spec.commandLine().getOut().println(json);
        return HasuraPermsCli.OK;
    }

    private Map<String, Map<String, Object>> args = Map.of();

    /** {@code --computed-args}: an object of objects (field → argument → JSON value). */
    private static Map<String, Map<String, Object>> computedArguments(JsonValue v) {
        if (!(v instanceof dev.hasuraperms.json.JsonObject o)) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--computed-args: not a JSON object of computed field "
                    + "→ object of arguments");
        }
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
            if (!(e.getValue() instanceof dev.hasuraperms.json.JsonObject a)) {
                throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "--computed-args: the arguments of " + e.getKey()
                        + " are not a JSON object");
            }
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            a.members().forEach((k, x) -> m.put(k, x instanceof dev.hasuraperms.json.JsonNull ? null : x));
            out.put(e.getKey(), m);
        }
        return out;
    }

    private String jdbc(Enforced e, List<String> cols, List<String> order, Optional<JsonValue> filter,
                        Optional<Map<String, ?>> key) throws SQLException {
        SecureSelect select = e.secureJdbc().select(e.connection, e.session, e.table).columns(cols);
        key.ifPresent(select::byPrimaryKey);
        args.forEach(select::arguments);
        for (String o : order) {
            select.orderBy(OrderBy.asc(o));
        }
        if (limit != null) {
            select.limit(limit);
        }
        Optional<SqlCondition> w = e.jdbcWhere(filter, e.table.name());
        w.ifPresent(select::where);
        SqlStatement st = select.statement();
        String sql = "SELECT " + rowsJson(key.isPresent()) + " FROM (" + st.sql() + ") AS \"" + ROWS + "\"";
        try (PreparedStatement ps = e.connection.prepareStatement(sql)) {
            st.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String jooq(Enforced e, List<String> cols, List<String> order, Optional<JsonValue> filter,
                        Optional<Map<String, ?>> key) {
        dev.hasuraperms.jooq.SecureSelect select = e.secureDsl().select(e.session, e.jooqTable());
        if (key.isPresent()) {
            select = select.byPrimaryKey(key.get());
        }
        if (!cols.isEmpty()) {
            select = select.fields(e.jooqFields(cols));
        }
        for (Map.Entry<String, Map<String, Object>> a : args.entrySet()) {
            select = select.arguments(a.getKey(), a.getValue());
        }
        if (!order.isEmpty()) {
            select = select.orderBy(order.stream().map(c -> (OrderField<?>) e.jooqField(c).asc()).toArray(OrderField[]::new));
        }
        if (limit != null) {
            select = select.limit(limit);
        }
        Optional<Condition> w = e.jooqWhere(filter);
        if (w.isPresent()) {
            select = select.where(w.get());
        }
        Select<?> query = select.query();
        return e.dsl().resultQuery("SELECT " + rowsJson(key.isPresent()) + " FROM ({0}) AS \"" + ROWS + "\"", query)
                .fetchOne(0, String.class);
    }

    /**
     * The JSON of the rows: an array of them, or for a read by primary key the row as an object or {@code null}
     * (as Hasura's {@code select_by_pk} answers; the primary key makes it at most one row).
     */
    private static String rowsJson(boolean byPk) {
        return byPk ? "coalesce((json_agg(\"" + ROWS + "\".*) -> 0)::text, 'null')"
                : "coalesce(json_agg(\"" + ROWS + "\".*), '[]'::json)::text";
    }
}

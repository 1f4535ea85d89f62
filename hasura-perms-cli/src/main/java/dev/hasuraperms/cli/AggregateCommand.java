package dev.hasuraperms.cli;

import dev.hasuraperms.enforce.Aggregate;
import dev.hasuraperms.jdbc.SecureAggregate;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.Operation;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jooq.Condition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aggregate}: an aggregate read ({@code <table>_aggregate}) under the role's select permission, which needs
 * {@code allow_aggregations}; prints Hasura's {@code {"aggregate": {...}}} (with {@code --group-by},
 * {@code {"group_by": [...]}}).
 */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = "Run an aggregate read (Hasura's <table>_aggregate) under the role's select permission, which "
                + "needs allow_aggregations; print Hasura's {\"aggregate\": {...}}.")
final class AggregateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--count", description = "count of the rows")
    boolean count;

    @Option(names = "--count-column", paramLabel = "a[,b]", description = "count of the non-NULL values of a column (of several: of the rows, as Hasura's COUNT((a, b)))")
    String countColumn;

    @Option(names = "--count-distinct", paramLabel = "a[,b]", description = "count of the distinct non-NULL values of a column (of several: of distinct row values)")
    String countDistinct;

    @Option(names = "--sum", paramLabel = "a,b", description = "sum of numeric columns")
    String sum;

    @Option(names = "--avg", paramLabel = "a,b", description = "average of numeric columns")
    String avg;

    @Option(names = "--stddev", paramLabel = "a,b", description = "sample standard deviation of numeric columns")
    String stddev;

    @Option(names = "--stddev-samp", paramLabel = "a,b", description = "sample standard deviation of numeric columns")
    String stddevSamp;

    @Option(names = "--stddev-pop", paramLabel = "a,b", description = "population standard deviation of numeric columns")
    String stddevPop;

    @Option(names = "--variance", paramLabel = "a,b", description = "sample variance of numeric columns")
    String variance;

    @Option(names = "--var-samp", paramLabel = "a,b", description = "sample variance of numeric columns")
    String varSamp;

    @Option(names = "--var-pop", paramLabel = "a,b", description = "population variance of numeric columns")
    String varPop;

    @Option(names = "--min", paramLabel = "a,b", description = "minimum of comparable columns")
    String min;

    @Option(names = "--max", paramLabel = "a,b", description = "maximum of comparable columns")
    String max;

    @Option(names = "--group-by", paramLabel = "a,b", description = "group the rows by these columns (Hasura's group_by(keys: ...))")
    String groupBy;

    @Option(names = "--where", paramLabel = "JSON", description = "A filter in Hasura's boolean-expression language (GraphQL where), AND-ed with the permission.")
    String where;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Aggregate> aggregates = aggregates();
        List<String> groups = groupBy == null ? List.of() : Enforced.names("--group-by", groupBy);
        Optional<JsonValue> filter = Optional.ofNullable(where).map(w -> Enforced.json("--where", w));
        JsonObject result;
        try (Enforced e = Enforced.open(options, Operation.SELECT)) {
            result = e.jooq() ? jooq(e, aggregates, groups, filter) : jdbc(e, aggregates, groups, filter);
        }
        spec.commandLine().getOut().println(JsonWriter.compact(result));
        return HasuraPermsCli.OK;
    }

    private List<Aggregate> aggregates() {
        List<Aggregate> out = new ArrayList<>();
        int counts = (count ? 1 : 0) + (countColumn != null ? 1 : 0) + (countDistinct != null ? 1 : 0);
        if (counts > 1) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE,
                    "at most one of --count, --count-column and --count-distinct");
        }
        if (count) {
            out.add(Aggregate.count());
        } else if (countColumn != null) {
            out.add(Aggregate.count(false, Enforced.names("--count-column", countColumn).toArray(String[]::new)));
        } else if (countDistinct != null) {
            out.add(Aggregate.count(true, Enforced.names("--count-distinct", countDistinct).toArray(String[]::new)));
        }
        add(out, Aggregate.Function.SUM, "--sum", sum);
        add(out, Aggregate.Function.AVG, "--avg", avg);
        add(out, Aggregate.Function.STDDEV, "--stddev", stddev);
        add(out, Aggregate.Function.STDDEV_SAMP, "--stddev-samp", stddevSamp);
        add(out, Aggregate.Function.STDDEV_POP, "--stddev-pop", stddevPop);
        add(out, Aggregate.Function.VARIANCE, "--variance", variance);
        add(out, Aggregate.Function.VAR_SAMP, "--var-samp", varSamp);
        add(out, Aggregate.Function.VAR_POP, "--var-pop", varPop);
        add(out, Aggregate.Function.MAX, "--max", max);
        add(out, Aggregate.Function.MIN, "--min", min);
        if (out.isEmpty()) {
            throw new HasuraPermsCli.Exit(HasuraPermsCli.USAGE, "no aggregate: give --count, --sum COLUMN, ...");
        }
        return out;
    }

    private static void add(List<Aggregate> out, Aggregate.Function f, String option, String columns) {
        if (columns != null) {
            for (String c : Enforced.names(option, columns)) {
                out.add(Aggregate.of(f, c));
            }
        }
    }

    private static JsonObject jdbc(Enforced e, List<Aggregate> aggregates, List<String> groups,
                                   Optional<JsonValue> filter) throws SQLException {
        SecureAggregate a = e.secureJdbc().aggregate(e.connection, e.session, e.table)
                .aggregate(aggregates.toArray(Aggregate[]::new)).groupBy(groups.toArray(String[]::new));
        Optional<SqlCondition> w = e.jdbcWhere(filter, e.table.name());
        w.ifPresent(a::where);
        return a.fetch();
    }

    private static JsonObject jooq(Enforced e, List<Aggregate> aggregates, List<String> groups,
                                   Optional<JsonValue> filter) {
        dev.hasuraperms.jooq.SecureAggregate a = e.secureDsl().aggregate(e.session, e.jooqTable())
                .aggregate(aggregates.toArray(Aggregate[]::new)).groupBy(groups.toArray(String[]::new));
        Optional<Condition> w = e.jooqWhere(filter);
        if (w.isPresent()) {
            a = a.where(w.get());
        }
        return a.fetch();
    }
}

package dev.hasuraperms.enforce;

import java.util.Objects;

/**
 * An aggregate read over the rows of a tracked function's call, validated ({@link Enforcement#functionAggregate}):
 * Hasura's {@code <function>_aggregate}. The rows are those of {@code call} (the function's arguments, the return
 * table's select filter and redactions; its column list and limit are not used), aggregated as {@code aggregate}
 * says.
 *
 * @param call      the call, validated as {@link Enforcement#function} validates it
 * @param aggregate the aggregates and the grouping, validated against the return table
 */
public record FunctionAggregatePlan(FunctionPlan call, AggregatePlan aggregate) {

    /**
     * Checks the components.
     *
     * @param call      the call, validated as {@link Enforcement#function} validates it
     * @param aggregate the aggregates and the grouping, validated against the return table
     */
    public FunctionAggregatePlan {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(aggregate, "aggregate");
    }
}

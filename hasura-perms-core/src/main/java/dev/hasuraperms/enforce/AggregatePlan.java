package dev.hasuraperms.enforce;

import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Map;

/**
 * An aggregate read, validated ({@link Enforcement#aggregate}): the select rule whose filter (and redactions) the
 * rows come from, the aggregates, the columns to group by (empty: one result over all rows) and the type of every
 * column named. The permission's {@code limit} does not apply: Hasura computes aggregates over all the rows the filter
 * allows (see docs/semantics.md).
 *
 * @param rule       the role's select rule
 * @param aggregates the aggregates, at most one count, in the order asked
 * @param groupBy    the grouping columns, in the order asked
 * @param types      the type of each column named by an aggregate or the grouping
 */
public record AggregatePlan(SelectRule rule, List<Aggregate> aggregates, List<String> groupBy,
                            Map<String, PgType> types) {

    /**
     * Copies the lists.
     *
     * @param rule the role's select rule
     * @param aggregates the aggregates, at most one count, in the order asked
     * @param groupBy the grouping columns, in the order asked
     * @param types the type of each column named by an aggregate or the grouping
     */
    public AggregatePlan {
        aggregates = List.copyOf(aggregates);
        groupBy = List.copyOf(groupBy);
        types = Map.copyOf(types);
    }
}

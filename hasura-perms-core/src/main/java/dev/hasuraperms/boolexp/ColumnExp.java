package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;

/**
 * The conditions on one column, ANDed: {@code {"age": {"_gte": 18, "_lt": 65}}}. No condition ({@code {"col": {}}})
 * is TRUE, NULLs included. A non-object value is the {@code _eq} shorthand ({@code shorthand} is then true).
 *
 * @param conditions the conditions, ANDed
 * @param shorthand whether the value was the {@code _eq} shorthand
 * @param origin where the value was read
 */
public record ColumnExp(List<ColumnCondition> conditions, boolean shorthand, Origin origin) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param conditions the conditions, ANDed
     * @param shorthand whether the value was the {@code _eq} shorthand
     * @param origin where the value was read
     * @throws NullPointerException when a component is null
     */
    public ColumnExp {
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(origin, "origin");
    }
}

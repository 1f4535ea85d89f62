package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A select permission (reference §3.2). Also the shape of logical-model select permissions.
 *
 * @param columns                readable columns
 * @param computedFields         readable scalar computed fields (default none)
 * @param filter                 the row filter (required; {@code {}} = all rows)
 * @param limit                  the most rows one query returns (default none)
 * @param allowAggregations      whether aggregate queries are allowed (default false)
 * @param queryRootFields        exposed query root fields; empty = all
 * @param subscriptionRootFields exposed subscription root fields; empty = all
 * @param origin where the permission object was read
 */
public record SelectPermission(ColumnSet columns, List<String> computedFields, BoolExp filter,
                               Optional<Integer> limit, boolean allowAggregations,
                               Optional<List<RootField>> queryRootFields,
                               Optional<List<RootField>> subscriptionRootFields, Origin origin)
        implements Permission {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param columns readable columns
     * @param computedFields readable scalar computed fields (default none)
     * @param filter the row filter (required; {@code {}} = all rows)
     * @param limit the most rows one query returns (default none)
     * @param allowAggregations whether aggregate queries are allowed (default false)
     * @param queryRootFields exposed query root fields; empty = all
     * @param subscriptionRootFields exposed subscription root fields; empty = all
     * @param origin where the permission object was read
     * @throws NullPointerException when a component is null
     */
    public SelectPermission {
        Objects.requireNonNull(columns, "columns");
        computedFields = List.copyOf(computedFields);
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(limit, "limit");
        queryRootFields = queryRootFields.map(List::copyOf);
        subscriptionRootFields = subscriptionRootFields.map(List::copyOf);
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * {@return a permission with just columns and a filter, built in code}
     *
     * @param columns the columns the role may read; never null
     * @param filter the rows the role may read; never null
     */
    public static SelectPermission of(ColumnSet columns, BoolExp filter) {
        return new SelectPermission(columns, List.of(), filter, Optional.empty(), false, Optional.empty(),
                Optional.empty(), Origin.UNKNOWN);
    }

    @Override
    public Operation operation() {
        return Operation.SELECT;
    }
}

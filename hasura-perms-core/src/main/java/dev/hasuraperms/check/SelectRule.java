package dev.hasuraperms.check;

import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.RootField;
import dev.hasuraperms.names.QualifiedName;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A checked select permission.
 *
 * @param filter            the row filter
 * @param columns           readable columns, in table order
 * @param computedFields    readable scalar computed fields
 * @param limit             the most rows one query returns
 * @param queryRootFields   the query root fields exposed
 * @param redactions        for inherited roles: columns readable only where a condition holds (cell redaction)
 * @param table the table
 * @param role the role
 * @param allowAggregations whether the role may read aggregates ({@code allow_aggregations})
 * @param subscriptionRootFields the subscription root fields exposed
 */
public record SelectRule(QualifiedName table, String role, Predicate filter, List<String> columns,
                         List<String> computedFields, Optional<Integer> limit, boolean allowAggregations,
                         Set<RootField> queryRootFields, Set<RootField> subscriptionRootFields,
                         Map<String, Predicate> redactions) implements PermissionRule {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param table the table
     * @param role the role
     * @param filter the row filter
     * @param columns readable columns, in table order
     * @param computedFields readable scalar computed fields
     * @param limit the most rows one query returns
     * @param allowAggregations whether the role may read aggregates ({@code allow_aggregations})
     * @param queryRootFields the query root fields exposed
     * @param subscriptionRootFields the subscription root fields exposed
     * @param redactions for inherited roles: columns readable only where a condition holds (cell redaction)
     * @throws NullPointerException when a component is null
     */
    public SelectRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(filter, "filter");
        columns = List.copyOf(columns);
        computedFields = List.copyOf(computedFields);
        Objects.requireNonNull(limit, "limit");
        queryRootFields = Collections.unmodifiableSet(queryRootFields.isEmpty()
                ? EnumSet.noneOf(RootField.class) : EnumSet.copyOf(queryRootFields));
        subscriptionRootFields = Collections.unmodifiableSet(subscriptionRootFields.isEmpty()
                ? EnumSet.noneOf(RootField.class) : EnumSet.copyOf(subscriptionRootFields));
        redactions = Collections.unmodifiableMap(new LinkedHashMap<>(redactions));
    }

    @Override
    public Operation operation() {
        return Operation.SELECT;
    }
}

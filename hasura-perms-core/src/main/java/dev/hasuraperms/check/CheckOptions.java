package dev.hasuraperms.check;

import java.util.Objects;
import java.util.Optional;

/**
 * Options of the type checker.
 *
 * @param source                     the source to check; empty means the only source, or {@code default}
 * @param allowAggregationPredicates accept {@code <rel>_aggregate} predicates inside permissions (Hasura does not)
 */
public record CheckOptions(Optional<String> source, boolean allowAggregationPredicates) {

    /** The only (or default) source, aggregation predicates rejected. */
    public static final CheckOptions DEFAULT = new CheckOptions(Optional.empty(), false);

    public CheckOptions {
        Objects.requireNonNull(source, "source");
    }

    /** A copy that checks the source called {@code name}. */
    public CheckOptions withSource(String name) {
        return new CheckOptions(Optional.of(name), allowAggregationPredicates);
    }

    /** A copy that accepts (or rejects) aggregation predicates in permissions. */
    public CheckOptions withAggregationPredicates(boolean allow) {
        return new CheckOptions(source, allow);
    }
}

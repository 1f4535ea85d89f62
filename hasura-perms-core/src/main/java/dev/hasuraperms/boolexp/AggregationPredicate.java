package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code <array_relationship>_aggregate: {<function>: {arguments, distinct, filter, predicate}}}. Hasura rejects
 * these inside permissions; the checker does too unless explicitly enabled.
 *
 * @param relationship the array relationship (the key without {@code _aggregate})
 * @param function     {@code count}, {@code sum}, {@code avg}, {@code max}, {@code min}, {@code stddev_samp},
 *                     {@code var_samp}, {@code bool_and}, {@code bool_or}, {@code corr} or {@code covar_samp}
 * @param arguments    the argument columns: none or several for count, one for most, X then Y for corr/covar_samp
 * @param distinct     {@code distinct}, default false
 * @param filter       the optional filter on the related rows
 * @param predicate    the comparison applied to the aggregate's result
 * @param origin where the predicate was read
 */
public record AggregationPredicate(String relationship, String function, List<String> arguments, boolean distinct,
                                   Optional<BoolExp> filter, ColumnExp predicate, Origin origin) {

    /** The aggregate functions Hasura offers in aggregation predicates. */
    public static final List<String> FUNCTIONS = List.of("count", "sum", "avg", "max", "min", "stddev_samp",
            "var_samp", "bool_and", "bool_or", "corr", "covar_samp");

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param relationship the array relationship (the key without {@code _aggregate})
     * @param function {@code count}, {@code sum}, {@code avg}, {@code max}, {@code min}, {@code stddev_samp}, {@code
     *     var_samp}, {@code bool_and}, {@code bool_or}, {@code corr} or {@code covar_samp}
     * @param arguments the argument columns: none or several for count, one for most, X then Y for corr/covar_samp
     * @param distinct {@code distinct}, default false
     * @param filter the optional filter on the related rows
     * @param predicate the comparison applied to the aggregate's result
     * @param origin where the predicate was read
     * @throws NullPointerException when a component is null
     */
    public AggregationPredicate {
        Objects.requireNonNull(relationship, "relationship");
        Objects.requireNonNull(function, "function");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(origin, "origin");
    }
}

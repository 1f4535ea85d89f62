package dev.hasuraperms.check;

import dev.hasuraperms.enforce.InputValidator;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.names.QualifiedName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of the type checker.
 *
 * @param source                     the source to check; empty means the only source, or {@code default}
 * @param allowAggregationPredicates accept {@code <rel>_aggregate} predicates inside permissions (Hasura does not)
 * @param inputValidator             the host's stand-in for Hasura's {@code validate_input} webhooks, called before
 *                                   every insert, update and delete whose permission has one. Without it such a
 *                                   permission is refused ({@code NO_INPUT_VALIDATOR}); with it, the checked
 *                                   permissions carry it to every backend made from them
 * @param maxDiagnostics             the most diagnostics one check lists (default 1,000); the rest are counted in
 *                                   one final {@code TOO_MANY_DIAGNOSTICS}, an error when any of them is
 * @param inferFunctionPermissions   Hasura's {@code HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS} (default true): a role
 *                                   with a select permission on a query function's return table may call it without
 *                                   a function permission. Off, every tracked function needs one; functions exposed
 *                                   as mutations always do
 * @param enumValues                 the rows (primary key values) of the enum tables ({@code is_enum}), as read from
 *                                   the database (see {@code EnumTableValues} in hasura-perms-jdbc); an enum table
 *                                   missing here is {@code ENUM_VALUES_UNKNOWN} (a warning) and the columns that
 *                                   reference it are checked as text
 */
public record CheckOptions(Optional<String> source, boolean allowAggregationPredicates,
                           Optional<InputValidator> inputValidator, int maxDiagnostics,
                           boolean inferFunctionPermissions, Map<QualifiedName, List<String>> enumValues) {

    /**
     * The only (or default) source, aggregation predicates rejected, no input validator, 1,000 diagnostics, function
     * permissions inferred.
     */
    public static final CheckOptions DEFAULT = new CheckOptions(Optional.empty(), false, Optional.empty());

    /**
     * Creates the record: checks that the components are not null, validates them, and keeps immutable copies of the
     * collections.
     *
     * @param source the source to check; empty means the only source, or {@code default}
     * @param allowAggregationPredicates accept {@code <rel>_aggregate} predicates inside permissions (Hasura does not)
     * @param inputValidator the host's stand-in for Hasura's {@code validate_input} webhooks, called before every
     *     insert, update and delete whose permission has one. Without it such a permission is refused ({@code
     *     NO_INPUT_VALIDATOR}); with it, the checked permissions carry it to every backend made from them
     * @param maxDiagnostics the most diagnostics one check lists (default 1,000); the rest are counted in one final
     *     {@code TOO_MANY_DIAGNOSTICS}, an error when any of them is
     * @param inferFunctionPermissions Hasura's {@code HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS} (default true): a role
     *     with a select permission on a query function's return table may call it without a function permission. Off,
     *     every tracked function needs one; functions exposed as mutations always do
     * @param enumValues the rows (primary key values) of the enum tables ({@code is_enum}), as read from the database
     *     (see {@code EnumTableValues} in hasura-perms-jdbc); an enum table missing here is {@code ENUM_VALUES_UNKNOWN}
     *     (a warning) and the columns that reference it are checked as text
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is not valid (see the message)
     */
    public CheckOptions {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inputValidator, "inputValidator");
        if (maxDiagnostics < 1) {
            throw new IllegalArgumentException("maxDiagnostics must be at least 1, was " + maxDiagnostics);
        }
        Map<QualifiedName, List<String>> copy = new LinkedHashMap<>();
        enumValues.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "enum table"), List.copyOf(v)));
        enumValues = Collections.unmodifiableMap(copy);
    }

    /**
     * Options with function permissions inferred (Hasura's default) and no enum values.
     *
     * @param source                     the source to check
     * @param allowAggregationPredicates accept aggregation predicates in permissions
     * @param inputValidator             the host's stand-in for {@code validate_input} webhooks
     * @param maxDiagnostics             the most diagnostics one check lists
     */
    public CheckOptions(Optional<String> source, boolean allowAggregationPredicates,
                        Optional<InputValidator> inputValidator, int maxDiagnostics) {
        this(source, allowAggregationPredicates, inputValidator, maxDiagnostics, true, Map.of());
    }

    /**
     * Options that list at most {@value Diagnostics#DEFAULT_MAX} diagnostics.
     *
     * @param source the source to check; empty for the only (or {@code default}) source
     * @param allowAggregationPredicates whether aggregation predicates are accepted in permissions (Hasura refuses
     *     them)
     * @param inputValidator the validator standing in for {@code validate_input} webhooks; empty for none
     */
    public CheckOptions(Optional<String> source, boolean allowAggregationPredicates,
                        Optional<InputValidator> inputValidator) {
        this(source, allowAggregationPredicates, inputValidator, Diagnostics.DEFAULT_MAX);
    }

    /**
     * Options without an input validator.
     *
     * @param source the source to check; empty for the only (or {@code default}) source
     * @param allowAggregationPredicates whether aggregation predicates are accepted in permissions (Hasura refuses
     *     them)
     */
    public CheckOptions(Optional<String> source, boolean allowAggregationPredicates) {
        this(source, allowAggregationPredicates, Optional.empty());
    }

    /**
     * {@return a copy that checks the source called {@code name}}
     *
     * @param name the source's name; never null
     */
    public CheckOptions withSource(String name) {
        return new CheckOptions(Optional.of(name), allowAggregationPredicates, inputValidator, maxDiagnostics, inferFunctionPermissions, enumValues);
    }

    /**
     * {@return a copy that accepts (or rejects) aggregation predicates in permissions}
     *
     * @param allow true to accept aggregation predicates
     */
    public CheckOptions withAggregationPredicates(boolean allow) {
        return new CheckOptions(source, allow, inputValidator, maxDiagnostics, inferFunctionPermissions, enumValues);
    }

    /**
     * {@return a copy with {@code validator} standing in for every {@code validate_input} webhook: permissions with one are
     * accepted, and {@code SecureJdbc}, {@code SecureDsl} (and {@link dev.hasuraperms.enforce.Enforcement}) call it
     * before each such write, inside the write's transaction}
     *
     * @param validator the validator; never null
     */
    public CheckOptions withInputValidator(InputValidator validator) {
        return new CheckOptions(source, allowAggregationPredicates, Optional.of(validator), maxDiagnostics, inferFunctionPermissions, enumValues);
    }

    /**
     * A copy that infers function permissions (Hasura's default) or not ({@code
     * HASURA_GRAPHQL_INFER_FUNCTION_PERMISSIONS=false}).
     *
     * @param infer whether a select permission on a query function's return table suffices to call it
     * @return the copy
     */
    public CheckOptions withInferFunctionPermissions(boolean infer) {
        return new CheckOptions(source, allowAggregationPredicates, inputValidator, maxDiagnostics, infer, enumValues);
    }

    /**
     * {@return a copy that lists at most {@code max} diagnostics (at least 1)}
     *
     * @param max the most diagnostics listed; at least 1
     */
    public CheckOptions withMaxDiagnostics(int max) {
        return new CheckOptions(source, allowAggregationPredicates, inputValidator, max, inferFunctionPermissions, enumValues);
    }

    /**
     * A copy with the rows of the enum tables: enum table → its primary key values.
     *
     * @param values the values of each enum table read
     * @return the options
     */
    public CheckOptions withEnumValues(Map<QualifiedName, List<String>> values) {
        return new CheckOptions(source, allowAggregationPredicates, inputValidator, maxDiagnostics, inferFunctionPermissions, values);
    }
}

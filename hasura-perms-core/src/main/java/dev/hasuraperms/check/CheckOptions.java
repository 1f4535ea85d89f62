package dev.hasuraperms.check;

import dev.hasuraperms.enforce.InputValidator;
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
 */
public record CheckOptions(Optional<String> source, boolean allowAggregationPredicates,
                           Optional<InputValidator> inputValidator) {

    /** The only (or default) source, aggregation predicates rejected, no input validator. */
    public static final CheckOptions DEFAULT = new CheckOptions(Optional.empty(), false, Optional.empty());

    public CheckOptions {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inputValidator, "inputValidator");
    }

    /** Options without an input validator. */
    public CheckOptions(Optional<String> source, boolean allowAggregationPredicates) {
        this(source, allowAggregationPredicates, Optional.empty());
    }

    /** A copy that checks the source called {@code name}. */
    public CheckOptions withSource(String name) {
        return new CheckOptions(Optional.of(name), allowAggregationPredicates, inputValidator);
    }

    /** A copy that accepts (or rejects) aggregation predicates in permissions. */
    public CheckOptions withAggregationPredicates(boolean allow) {
        return new CheckOptions(source, allow, inputValidator);
    }

    /**
     * A copy with {@code validator} standing in for every {@code validate_input} webhook: permissions with one are
     * accepted, and {@code SecureJdbc}, {@code SecureDsl} (and {@link dev.hasuraperms.enforce.Enforcement}) call it
     * before each such write, inside the write's transaction.
     */
    public CheckOptions withInputValidator(InputValidator validator) {
        return new CheckOptions(source, allowAggregationPredicates, Optional.of(validator));
    }
}

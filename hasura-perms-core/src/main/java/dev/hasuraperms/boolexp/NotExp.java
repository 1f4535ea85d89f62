package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;

/**
 * {@code _not: {...}}. SQL three-valued logic: the negation of UNKNOWN is UNKNOWN.
 *
 * @param operand the negated expression
 * @param origin where the expression was read
 */
public record NotExp(BoolExp operand, Origin origin) implements BoolExp {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param operand the negated expression
     * @param origin where the expression was read
     * @throws NullPointerException when a component is null
     */
    public NotExp {
        Objects.requireNonNull(operand, "operand");
        Objects.requireNonNull(origin, "origin");
    }
}

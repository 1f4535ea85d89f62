package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;

/**
 * {@code _and: [...]}: TRUE when every operand is; {@code _and: []} is TRUE.
 *
 * @param operands the operands, in order
 * @param origin where the expression was read
 */
public record AndExp(List<BoolExp> operands, Origin origin) implements BoolExp {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param operands the operands, in order
     * @param origin where the expression was read
     * @throws NullPointerException when a component is null
     */
    public AndExp {
        operands = List.copyOf(operands);
        Objects.requireNonNull(origin, "origin");
    }
}

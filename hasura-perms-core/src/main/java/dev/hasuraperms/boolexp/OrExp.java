package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;

/**
 * {@code _or: [...]}: TRUE when some operand is; {@code _or: []} is FALSE.
 *
 * @param operands the operands, in order
 * @param origin where the expression was read
 */
public record OrExp(List<BoolExp> operands, Origin origin) implements BoolExp {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param operands the operands, in order
     * @param origin where the expression was read
     * @throws NullPointerException when a component is null
     */
    public OrExp {
        operands = List.copyOf(operands);
        Objects.requireNonNull(origin, "origin");
    }
}

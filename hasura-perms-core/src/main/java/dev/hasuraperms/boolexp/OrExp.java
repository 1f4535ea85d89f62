package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;

/** {@code _or: [...]}: TRUE when some operand is; {@code _or: []} is FALSE. */
public record OrExp(List<BoolExp> operands, Origin origin) implements BoolExp {

    public OrExp {
        operands = List.copyOf(operands);
        Objects.requireNonNull(origin, "origin");
    }
}

package dev.hasuraperms.schema;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A SQL function that can back a computed field: its input arguments, its return type and whether it returns a set.
 *
 * @param returnsSet whether it is {@code RETURNS SETOF ...} (or {@code RETURNS TABLE})
 */
public record SqlFunction(QualifiedName name, List<Argument> arguments, PgType returnType, boolean returnsSet) {

    /** An input argument; unnamed arguments have an empty name. */
    public record Argument(Optional<String> name, PgType type, boolean hasDefault) {
        public Argument {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public SqlFunction {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(returnType, "returnType");
    }
}

package dev.hasuraperms.schema;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A SQL function: one that can back a computed field, or be tracked as a root field ({@code pg_track_function}).
 * Its input arguments, its return type, whether it returns a set, and its volatility.
 *
 * @param name       the function's schema-qualified name
 * @param arguments  its input arguments (IN and INOUT parameters), in declaration order
 * @param returnType its return type (for {@code RETURNS SETOF t}, {@code t})
 * @param returnsSet whether it is {@code RETURNS SETOF ...} (or {@code RETURNS TABLE})
 * @param volatility its declared volatility ({@code provolatile})
 */
public record SqlFunction(QualifiedName name, List<Argument> arguments, PgType returnType, boolean returnsSet,
                          Volatility volatility) {

    /**
     * An input argument; unnamed arguments have an empty name.
     *
     * @param name       the argument's name, if it has one
     * @param type       its type
     * @param hasDefault whether it has a default (then a call may omit it)
     */
    public record Argument(Optional<String> name, PgType type, boolean hasDefault) {
        /**
         * Checks the components.
         *
         * @param name the argument's name, if it has one
         * @param type its type
         * @param hasDefault whether it has a default (then a call may omit it)
         */
        public Argument {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A function's volatility, as PostgreSQL records it ({@code pg_proc.provolatile}). */
    public enum Volatility {
        /** {@code IMMUTABLE} ({@code 'i'}). */
        IMMUTABLE,
        /** {@code STABLE} ({@code 's'}). */
        STABLE,
        /** {@code VOLATILE} ({@code 'v'}), PostgreSQL's default. */
        VOLATILE;

        /**
         * The keyword, lower case.
         *
         * @return {@code "immutable"}, {@code "stable"} or {@code "volatile"}
         */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Checks the components.
     *
     * @param name the function's schema-qualified name
     * @param arguments its input arguments (IN and INOUT parameters), in declaration order
     * @param returnType its return type (for {@code RETURNS SETOF t}, {@code t})
     * @param returnsSet whether it is {@code RETURNS SETOF ...} (or {@code RETURNS TABLE})
     * @param volatility its declared volatility ({@code provolatile})
     */
    public SqlFunction {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(returnType, "returnType");
        Objects.requireNonNull(volatility, "volatility");
    }

    /**
     * A {@code VOLATILE} function (PostgreSQL's default volatility).
     *
     * @param name       the function's name
     * @param arguments  its input arguments
     * @param returnType its return type
     * @param returnsSet whether it returns a set
     */
    public SqlFunction(QualifiedName name, List<Argument> arguments, PgType returnType, boolean returnsSet) {
        this(name, arguments, returnType, returnsSet, Volatility.VOLATILE);
    }
}

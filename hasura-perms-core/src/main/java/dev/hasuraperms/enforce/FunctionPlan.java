package dev.hasuraperms.enforce;

import dev.hasuraperms.check.ResolvedFunction;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call of a tracked function, validated: the function, the select rule of its return table (filter, columns,
 * limit, redactions) the rows are read with, the columns to read, the limit, and the arguments in the order the
 * backend writes them ({@code fn(?, ?, "name" => ?)}).
 *
 * @param function  the function
 * @param rule      the return table's select rule for the session's role
 * @param columns   the columns to read (all readable, in the order asked)
 * @param limit     the smaller of the caller's and the permission's limit
 * @param arguments the arguments passed, in order: positional ones first, then named ones
 */
public record FunctionPlan(ResolvedFunction function, SelectRule rule, List<String> columns, OptionalInt limit,
                           List<Argument> arguments) {

    /**
     * One argument of the call, bound as a parameter cast to its declared type.
     *
     * @param sqlName the argument's SQL name when it is passed by name ({@code "name" => ?}), empty when positional
     * @param type    its declared type
     * @param value   the value, as {@link ColumnValues} reads it ({@link dev.hasuraperms.types.SqlNull#INSTANCE} for
     *                NULL); for the session argument the session variables as a JSON object
     */
    public record Argument(Optional<String> sqlName, PgType type, Object value) {
        /**
         * Checks the components.
         *
         * @param sqlName the argument's SQL name when it is passed by name ({@code "name" => ?}), empty when positional
         * @param type its declared type
         * @param value the value, as {@link ColumnValues} reads it ({@link dev.hasuraperms.types.SqlNull#INSTANCE} for
         *     NULL); for the session argument the session variables as a JSON object
         */
        public Argument {
            Objects.requireNonNull(sqlName, "sqlName");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Checks the components.
     *
     * @param function the function
     * @param rule the return table's select rule for the session's role
     * @param columns the columns to read (all readable, in the order asked)
     * @param limit the smaller of the caller's and the permission's limit
     * @param arguments the arguments passed, in order: positional ones first, then named ones
     */
    public FunctionPlan {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(rule, "rule");
        columns = List.copyOf(columns);
        Objects.requireNonNull(limit, "limit");
        arguments = List.copyOf(arguments);
    }
}

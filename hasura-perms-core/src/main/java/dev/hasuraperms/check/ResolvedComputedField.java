package dev.hasuraperms.check;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A computed field with its SQL function resolved.
 *
 * @param returnType   the scalar type (for scalar fields) or the row type of {@code returnsTable}
 * @param returnsTable the table a {@code SETOF table} field returns rows of; empty for scalar fields
 * @param sessionArgumentPosition the position of the function's session argument (the session as JSON), if it takes one
 * @param filterable   whether it can appear in a boolean expression (no input arguments beyond row and session)
 * @param arguments    every argument of the function (the row, the session and the input arguments), in order
 * @param name the computed field's name
 * @param function its SQL function
 * @param tableArgumentPosition the position of the row argument (0-based)
 * @param argumentCount the number of arguments the function takes
 */
public record ResolvedComputedField(String name, QualifiedName function, PgType returnType,
                                    Optional<QualifiedName> returnsTable, int tableArgumentPosition,
                                    Optional<Integer> sessionArgumentPosition, int argumentCount, boolean filterable,
                                    List<SqlFunction.Argument> arguments) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param name the computed field's name
     * @param function its SQL function
     * @param returnType the scalar type (for scalar fields) or the row type of {@code returnsTable}
     * @param returnsTable the table a {@code SETOF table} field returns rows of; empty for scalar fields
     * @param tableArgumentPosition the position of the row argument (0-based)
     * @param sessionArgumentPosition the position of the function's session argument (the session as JSON), if it takes
     *     one
     * @param argumentCount the number of arguments the function takes
     * @param filterable whether it can appear in a boolean expression (no input arguments beyond row and session)
     * @param arguments every argument of the function (the row, the session and the input arguments), in order
     * @throws NullPointerException when a component is null
     */
    public ResolvedComputedField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(returnType, "returnType");
        Objects.requireNonNull(returnsTable, "returnsTable");
        Objects.requireNonNull(sessionArgumentPosition, "sessionArgumentPosition");
        arguments = List.copyOf(arguments);
    }

    /**
     * The input arguments a reader gives (every argument but the row and the session), with their positions.
     *
     * @return the input arguments, in order
     */
    public List<InputArgument> inputArguments() {
        List<InputArgument> out = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            if (i != tableArgumentPosition && (sessionArgumentPosition.isEmpty() || i != sessionArgumentPosition.get())) {
                out.add(new InputArgument(i, arguments.get(i)));
            }
        }
        return out;
    }

    /**
     * An input argument of the function.
     *
     * @param position its position among the function's arguments (0-based)
     * @param argument its name, type and whether it has a default
     */
    public record InputArgument(int position, SqlFunction.Argument argument) {
        /**
         * Checks the parts.
         *
         * @param position its position among the function's arguments (0-based)
         * @param argument its name, type and whether it has a default
         */
        public InputArgument {
            Objects.requireNonNull(argument, "argument");
        }
    }

    /** {@return whether it returns one value (not a set of rows)} */
    public boolean scalar() {
        return returnsTable.isEmpty();
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.metadata.FunctionConfiguration;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tracked function ({@code pg_track_function}) resolved against the database: its SQL function, the tracked table
 * whose rows it returns, its arguments as a caller names them, where it is exposed and which roles have an explicit
 * function permission.
 *
 * @param name            the function's name
 * @param function        the SQL function
 * @param returnTable     the tracked table whose rows (composite type) it returns
 * @param arguments       every input argument, in declaration order (the session argument among them)
 * @param exposedAs       a query or a mutation: {@code exposed_as}, else inferred from the volatility (VOLATILE: a
 *                        mutation), as Hasura's {@code buildFunctionInfo} does
 * @param permissionRoles the roles with a function permission: those named by {@code pg_create_function_permission}
 *                        and the inherited roles with one of them among their ancestors
 * @param rootField       the GraphQL root field name ({@code custom_root_fields.function}, else {@code custom_name},
 *                        else the function's name)
 */
public record ResolvedFunction(QualifiedName name, SqlFunction function, QualifiedName returnTable,
                               List<Argument> arguments, FunctionConfiguration.ExposedAs exposedAs,
                               Set<String> permissionRoles, String rootField) {

    /**
     * An input argument.
     *
     * @param name       the name a caller gives it by: its SQL name, or {@code arg_<n>} for the n-th unnamed one
     *                   (Hasura's {@code functionArgs})
     * @param sqlName    its SQL name, if it has one (an unnamed argument can only be passed by position)
     * @param type       its declared type
     * @param hasDefault whether a call may omit it
     * @param session    whether it is the session argument (it receives the session variables as JSON; a caller
     *                   cannot give it)
     */
    public record Argument(String name, Optional<String> sqlName, PgType type, boolean hasDefault, boolean session) {
        /**
         * Checks the components.
         *
         * @param name the name a caller gives it by: its SQL name, or {@code arg_<n>} for the n-th unnamed one
         *     (Hasura's {@code functionArgs})
         * @param sqlName its SQL name, if it has one (an unnamed argument can only be passed by position)
         * @param type its declared type
         * @param hasDefault whether a call may omit it
         * @param session whether it is the session argument (it receives the session variables as JSON; a caller cannot
         *     give it)
         */
        public Argument {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sqlName, "sqlName");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * Checks the components.
     *
     * @param name the function's name
     * @param function the SQL function
     * @param returnTable the tracked table whose rows (composite type) it returns
     * @param arguments every input argument, in declaration order (the session argument among them)
     * @param exposedAs a query or a mutation: {@code exposed_as}, else inferred from the volatility (VOLATILE: a
     *     mutation), as Hasura's {@code buildFunctionInfo} does
     * @param permissionRoles the roles with a function permission: those named by {@code pg_create_function_permission}
     *     and the inherited roles with one of them among their ancestors
     * @param rootField the GraphQL root field name ({@code custom_root_fields.function}, else {@code custom_name}, else
     *     the function's name)
     */
    public ResolvedFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(returnTable, "returnTable");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(exposedAs, "exposedAs");
        permissionRoles = Set.copyOf(permissionRoles);
        Objects.requireNonNull(rootField, "rootField");
    }

    /**
     * Whether it is exposed as a mutation (then only roles with a function permission may call it).
     *
     * @return whether it is a mutation
     */
    public boolean mutation() {
        return exposedAs == FunctionConfiguration.ExposedAs.MUTATION;
    }

    /**
     * Whether it returns a set of rows (else at most one row).
     *
     * @return whether it returns a set
     */
    public boolean returnsSet() {
        return function.returnsSet();
    }

    /**
     * The argument a caller names {@code name}.
     *
     * @param name the name a caller gives it by
     * @return the argument, if the function has one of that name
     */
    public Optional<Argument> argument(String name) {
        return arguments.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}

package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.names.QualifiedName;
import java.util.Objects;
import java.util.Optional;

/**
 * A computed field: a SQL function of the table row (reference §4.6).
 *
 * @param function        the SQL function
 * @param tableArgument   the name of the function argument that takes the row (default: the first)
 * @param sessionArgument the name of the argument that takes the session as JSON, if any
 * @param name the computed field's name
 * @param comment the comment, when given
 * @param origin where the computed field was read
 */
public record ComputedField(String name, QualifiedName function, Optional<String> tableArgument,
                            Optional<String> sessionArgument, Optional<String> comment, Origin origin) {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param name the computed field's name
     * @param function the SQL function
     * @param tableArgument the name of the function argument that takes the row (default: the first)
     * @param sessionArgument the name of the argument that takes the session as JSON, if any
     * @param comment the comment, when given
     * @param origin where the computed field was read
     * @throws NullPointerException when a component is null
     */
    public ComputedField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(tableArgument, "tableArgument");
        Objects.requireNonNull(sessionArgument, "sessionArgument");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(origin, "origin");
    }
}

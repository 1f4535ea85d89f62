package dev.hasuraperms.check;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.util.Objects;
import java.util.Optional;

/**
 * A computed field with its SQL function resolved.
 *
 * @param returnType   the scalar type (for scalar fields) or the row type of {@code returnsTable}
 * @param returnsTable the table a {@code SETOF table} field returns rows of; empty for scalar fields
 * @param sessionArgumentPosition the position of the function's session argument (the session as JSON), if it takes one
 * @param filterable   whether it can appear in a boolean expression (no input arguments beyond row and session)
 */
public record ResolvedComputedField(String name, QualifiedName function, PgType returnType,
                                    Optional<QualifiedName> returnsTable, int tableArgumentPosition,
                                    Optional<Integer> sessionArgumentPosition, int argumentCount, boolean filterable) {

    public ResolvedComputedField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(returnType, "returnType");
        Objects.requireNonNull(returnsTable, "returnsTable");
        Objects.requireNonNull(sessionArgumentPosition, "sessionArgumentPosition");
    }

    /** Whether it returns one value (not a set of rows). */
    public boolean scalar() {
        return returnsTable.isEmpty();
    }
}

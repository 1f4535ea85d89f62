package dev.hasuraperms.schema;

import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Objects;

/**
 * A foreign-key constraint: {@code columns} of {@code table} reference {@code referencedColumns} of
 * {@code referencedTable}, pair by pair in this order.
 *
 * @param name the constraint's name
 * @param table the referencing table
 * @param columns the referencing columns, in constraint order
 * @param referencedTable the referenced table
 * @param referencedColumns the referenced columns, parallel to {@code columns}
 */
public record ForeignKey(String name, QualifiedName table, List<String> columns, QualifiedName referencedTable,
                         List<String> referencedColumns) {

    /**
     * Creates the record: checks that the components are not null, validates them, and keeps immutable copies of the
     * collections.
     *
     * @param name the constraint's name
     * @param table the referencing table
     * @param columns the referencing columns, in constraint order
     * @param referencedTable the referenced table
     * @param referencedColumns the referenced columns, parallel to {@code columns}
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is not valid (see the message)
     */
    public ForeignKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        Objects.requireNonNull(referencedTable, "referencedTable");
        referencedColumns = List.copyOf(referencedColumns);
        if (columns.size() != referencedColumns.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("a foreign key pairs one or more columns with as many referenced columns");
        }
    }
}

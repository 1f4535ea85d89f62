package dev.hasuraperms.schema;

import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Objects;

/**
 * A foreign-key constraint: {@code columns} of {@code table} reference {@code referencedColumns} of
 * {@code referencedTable}, pair by pair in this order.
 */
public record ForeignKey(String name, QualifiedName table, List<String> columns, QualifiedName referencedTable,
                         List<String> referencedColumns) {

    /**
     * Creates the record: checks that the components are not null, validates them, and keeps immutable copies of the
     * collections.
     *
     * @param name see {@link #name()}
     * @param table see {@link #table()}
     * @param columns see {@link #columns()}
     * @param referencedTable see {@link #referencedTable()}
     * @param referencedColumns see {@link #referencedColumns()}
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

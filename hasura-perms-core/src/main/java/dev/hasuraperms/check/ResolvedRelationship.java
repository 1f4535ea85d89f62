package dev.hasuraperms.check;

import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Objects;

/**
 * A relationship with its foreign-key form resolved to column pairs: rows of {@code target} are related to a row
 * of {@code table} when {@code target.remote = table.local} for every pair.
 *
 * @param array      whether it is an array relationship (any number of related rows)
 * @param foreignKey the constraint it was resolved from (empty for manual configurations)
 * @param name the relationship's name
 * @param table the table that has the relationship
 * @param target the related table
 * @param mapping the joined columns, in order
 */
public record ResolvedRelationship(String name, boolean array, QualifiedName table, QualifiedName target,
                                   List<ColumnPair> mapping, java.util.Optional<String> foreignKey) {

    /**
     * One (local column, remote column) pair.
     *
     * @param local the column of the table that has the relationship
     * @param remote the column of the related table it equals
     */
    public record ColumnPair(String local, String remote) {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param local the column of the table that has the relationship
         * @param remote the column of the related table it equals
         * @throws NullPointerException when a component is null
         */
        public ColumnPair {
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(remote, "remote");
        }
    }

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param name the relationship's name
     * @param array whether it is an array relationship (any number of related rows)
     * @param table the table that has the relationship
     * @param target the related table
     * @param mapping the joined columns, in order
     * @param foreignKey the constraint it was resolved from (empty for manual configurations)
     * @throws NullPointerException when a component is null
     */
    public ResolvedRelationship {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(target, "target");
        mapping = List.copyOf(mapping);
        Objects.requireNonNull(foreignKey, "foreignKey");
    }
}

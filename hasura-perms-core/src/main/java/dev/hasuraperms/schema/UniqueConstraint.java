package dev.hasuraperms.schema;

import java.util.List;
import java.util.Objects;

/**
 * A UNIQUE (or PRIMARY KEY) constraint over {@code columns}, in constraint order. Unique indexes that are not
 * constraints are not modelled.
 *
 * @param name the constraint's name
 * @param columns its columns, in constraint order
 */
public record UniqueConstraint(String name, List<String> columns) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param name the constraint's name
     * @param columns its columns, in constraint order
     * @throws NullPointerException when a component is null
     */
    public UniqueConstraint {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
    }
}

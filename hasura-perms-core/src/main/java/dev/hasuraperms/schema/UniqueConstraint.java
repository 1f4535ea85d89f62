package dev.hasuraperms.schema;

import java.util.List;
import java.util.Objects;

/**
 * A UNIQUE (or PRIMARY KEY) constraint over {@code columns}, in constraint order. Unique indexes that are not
 * constraints are not modelled.
 */
public record UniqueConstraint(String name, List<String> columns) {

    public UniqueConstraint {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
    }
}

package dev.hasuraperms.schema;

import java.util.List;
import java.util.Objects;

/** A UNIQUE constraint (or unique index) over {@code columns}, in constraint order. */
public record UniqueConstraint(String name, List<String> columns) {

    public UniqueConstraint {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
    }
}

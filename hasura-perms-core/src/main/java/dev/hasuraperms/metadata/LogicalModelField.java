package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/** A field of a logical model. */
public record LogicalModelField(String name, LogicalModelType type, Optional<String> description, Origin origin) {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param name see {@link #name()}
     * @param type see {@link #type()}
     * @param description see {@link #description()}
     * @param origin see {@link #origin()}
     * @throws NullPointerException when a component is null
     */
    public LogicalModelField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(origin, "origin");
    }
}

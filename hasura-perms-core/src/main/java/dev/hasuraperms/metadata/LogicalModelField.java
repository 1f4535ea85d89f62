package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/** A field of a logical model. */
public record LogicalModelField(String name, LogicalModelType type, Optional<String> description, Origin origin) {

    public LogicalModelField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(origin, "origin");
    }
}

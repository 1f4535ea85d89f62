package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * A field of a logical model.
 *
 * @param name the field's name
 * @param type the field's type
 * @param description the description, when given
 * @param origin where the field was read
 */
public record LogicalModelField(String name, LogicalModelType type, Optional<String> description, Origin origin) {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param name the field's name
     * @param type the field's type
     * @param description the description, when given
     * @param origin where the field was read
     * @throws NullPointerException when a component is null
     */
    public LogicalModelField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(origin, "origin");
    }
}

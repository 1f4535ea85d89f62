package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracked SQL function, with the roles that have an explicit function permission.
 *
 * @param configuration the function configuration, kept as written
 * @param permissions   roles with an explicit function permission
 * @param function the function's name
 * @param origin where the function's entry was read
 */
public record FunctionMetadata(QualifiedName function, Optional<JsonValue> configuration, List<String> permissions,
                               Origin origin) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param function the function's name
     * @param configuration the function configuration, kept as written
     * @param permissions roles with an explicit function permission
     * @param origin where the function's entry was read
     * @throws NullPointerException when a component is null
     */
    public FunctionMetadata {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(configuration, "configuration");
        permissions = List.copyOf(permissions);
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * The configuration, read: session argument, {@code exposed_as}, custom names.
     *
     * @return the configuration ({@link FunctionConfiguration#EMPTY} when there is none)
     */
    public FunctionConfiguration settings() {
        return FunctionConfiguration.of(configuration);
    }
}

package dev.hasuraperms.internal.json;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonValue;
import java.util.Optional;

/** Resolves {@code !include} directives met while reading a YAML file. */
public interface IncludeResolver {

    /** A resolver for documents where includes are not allowed: it returns nothing (the caller reports). */
    IncludeResolver NONE = (target, at, path) -> Optional.empty();

    /**
     * Reads the included file.
     *
     * @param target the path written after {@code !include}
     * @param at     where the directive stands (JSON path and location)
     * @param path   the JSON path the included content takes in the assembled document
     * @return the content, or empty when it could not be read (the resolver has reported why)
     */
    Optional<JsonValue> include(String target, Origin at, String path);

    /** Whether this resolver handles includes at all. */
    default boolean enabled() {
        return this != NONE;
    }
}

package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * An object or array relationship of a table (reference §2). Foreign-key forms are resolved to column mappings by
 * the type checker, which needs the database's foreign keys.
 *
 * @param kind object or array
 * @param name the relationship's name
 * @param using how the related rows are found
 * @param comment the comment, when given
 * @param origin where the relationship was read
 */
public record Relationship(Kind kind, String name, RelationshipUsing using, Optional<String> comment, Origin origin) {

    /** Object (at most one related row) or array (any number). */
    public enum Kind {
        /** At most one related row ({@code object_relationships}). */
        OBJECT,
        /** Any number of related rows ({@code array_relationships}). */
        ARRAY;

        /**
         * {@code object} or {@code array}.
         *
         * @return the key, never null
         */
        public String key() {
            return this == OBJECT ? "object" : "array";
        }
    }

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param kind object or array
     * @param name the relationship's name
     * @param using how the related rows are found
     * @param comment the comment, when given
     * @param origin where the relationship was read
     * @throws NullPointerException when a component is null
     */
    public Relationship {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(using, "using");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(origin, "origin");
    }
}

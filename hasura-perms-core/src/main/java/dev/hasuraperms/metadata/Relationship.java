package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * An object or array relationship of a table (reference §2). Foreign-key forms are resolved to column mappings by
 * the type checker, which needs the database's foreign keys.
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
     * @param kind see {@link #kind()}
     * @param name see {@link #name()}
     * @param using see {@link #using()}
     * @param comment see {@link #comment()}
     * @param origin see {@link #origin()}
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

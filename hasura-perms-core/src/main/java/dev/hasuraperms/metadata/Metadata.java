package dev.hasuraperms.metadata;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hasura metadata, as far as permissions are concerned: sources with their tracked tables, functions and logical
 * models, and the inherited roles. Immutable; equal models compare equal whatever form they were loaded from.
 *
 * <p>Metadata that has nothing to do with permissions (actions, remote schemas, event triggers, cron triggers,
 * query collections, ...) is accepted by the loaders and not kept.
 *
 * @param sources the sources, in order
 * @param inheritedRoles the inherited roles, in order
 */
public record Metadata(List<Source> sources, List<InheritedRole> inheritedRoles) {

    /** The name of the source that version 1 and 2 metadata and legacy API calls use. */
    public static final String DEFAULT_SOURCE = "default";

    /**
     * Creates the record: keeps immutable copies of the collections.
     *
     * @param sources the sources, in order
     * @param inheritedRoles the inherited roles, in order
     */
    public Metadata {
        sources = List.copyOf(sources);
        inheritedRoles = List.copyOf(inheritedRoles);
    }

    /**
     * Metadata with nothing in it.
     *
     * @return metadata with no source and no inherited role, never null
     */
    public static Metadata empty() {
        return new Metadata(List.of(), List.of());
    }

    /**
     * {@return the source called {@code name}}
     *
     * @param name the source's name; never null
     */
    public Optional<Source> source(String name) {
        Objects.requireNonNull(name, "name");
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * {@return the inherited role called {@code name}}
     *
     * @param name the inherited role's name; never null
     */
    public Optional<InheritedRole> inheritedRole(String name) {
        return inheritedRoles.stream().filter(r -> r.roleName().equals(name)).findFirst();
    }
}

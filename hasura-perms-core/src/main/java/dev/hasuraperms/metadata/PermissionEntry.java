package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a permission list: {@code {"role": ..., "permission": {...}, "comment": ...}}.
 *
 * @param <P> the permission kind
 * @param role the role
 * @param permission the permission
 * @param comment the comment, when given
 * @param origin where the entry was read
 */
public record PermissionEntry<P extends Permission>(String role, P permission, Optional<String> comment,
                                                    Origin origin) {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param role the role
     * @param permission the permission
     * @param comment the comment, when given
     * @param origin where the entry was read
     * @throws NullPointerException when a component is null
     */
    public PermissionEntry {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * {@return an entry without a comment, built in code}
     *
     * @param <P> the kind of permission
     * @param role the role; never null
     * @param permission the permission; never null
     */
    public static <P extends Permission> PermissionEntry<P> of(String role, P permission) {
        return new PermissionEntry<>(role, permission, Optional.empty(), Origin.UNKNOWN);
    }
}

package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a permission list: {@code {"role": ..., "permission": {...}, "comment": ...}}.
 *
 * @param <P> the permission kind
 */
public record PermissionEntry<P extends Permission>(String role, P permission, Optional<String> comment,
                                                    Origin origin) {

    public PermissionEntry {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@return an entry without a comment, built in code} */
    public static <P extends Permission> PermissionEntry<P> of(String role, P permission) {
        return new PermissionEntry<>(role, permission, Optional.empty(), Origin.UNKNOWN);
    }
}

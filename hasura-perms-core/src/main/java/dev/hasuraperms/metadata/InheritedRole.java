package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;

/** {@code {"role_name": ..., "role_set": [...]}}: a role that combines the permissions of its parents. */
public record InheritedRole(String roleName, List<String> roleSet, Origin origin) {

    public InheritedRole {
        Objects.requireNonNull(roleName, "roleName");
        roleSet = List.copyOf(roleSet);
        Objects.requireNonNull(origin, "origin");
    }
}

package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;

/**
 * {@code {"role_name": ..., "role_set": [...]}}: a role that combines the permissions of its parents.
 *
 * @param roleName the inherited role's name
 * @param roleSet the roles it inherits from, in order
 * @param origin where the inherited role was read
 */
public record InheritedRole(String roleName, List<String> roleSet, Origin origin) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param roleName the inherited role's name
     * @param roleSet the roles it inherits from, in order
     * @param origin where the inherited role was read
     * @throws NullPointerException when a component is null
     */
    public InheritedRole {
        Objects.requireNonNull(roleName, "roleName");
        roleSet = List.copyOf(roleSet);
        Objects.requireNonNull(origin, "origin");
    }
}

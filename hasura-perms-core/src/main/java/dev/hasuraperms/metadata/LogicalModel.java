package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A logical model (reference §7): a named record shape with select permissions over its fields.
 *
 * @param name the model's name
 * @param fields its fields, in order
 * @param description the description, when given
 * @param selectPermissions its select permissions, one per role
 * @param origin where the model was read
 */
public record LogicalModel(String name, List<LogicalModelField> fields, Optional<String> description,
                           List<PermissionEntry<SelectPermission>> selectPermissions, Origin origin) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param name the model's name
     * @param fields its fields, in order
     * @param description the description, when given
     * @param selectPermissions its select permissions, one per role
     * @param origin where the model was read
     * @throws NullPointerException when a component is null
     */
    public LogicalModel {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        Objects.requireNonNull(description, "description");
        selectPermissions = List.copyOf(selectPermissions);
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * {@return the field called {@code name}}
     *
     * @param name the field's name; never null
     */
    public Optional<LogicalModelField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * {@return the select permission of {@code role}}
     *
     * @param role the role; never null
     */
    public Optional<SelectPermission> selectPermission(String role) {
        return selectPermissions.stream().filter(e -> e.role().equals(role)).map(PermissionEntry::permission).findFirst();
    }
}

package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A tracked table (or view) with its relationships, computed fields and permissions. {@code configuration} (custom
 * names and root fields) is kept as written. {@code remoteRelationships} are the names of its remote relationships
 * (to remote schemas or other sources): only the names are kept, so that a permission naming one is reported as
 * Hasura reports it.
 *
 * @param table the table's name
 * @param isEnum whether the table is an enum table ({@code is_enum})
 * @param configuration the {@code configuration} object as written, when present
 * @param objectRelationships the object relationships, in order
 * @param arrayRelationships the array relationships, in order
 * @param computedFields the computed fields, in order
 * @param selectPermissions the select permissions, one per role
 * @param insertPermissions the insert permissions, one per role
 * @param updatePermissions the update permissions, one per role
 * @param deletePermissions the delete permissions, one per role
 * @param origin where the table's entry was read
 * @param remoteRelationships the names of the remote relationships
 */
public record TableMetadata(QualifiedName table, boolean isEnum, Optional<JsonValue> configuration,
                            List<Relationship> objectRelationships, List<Relationship> arrayRelationships,
                            List<ComputedField> computedFields,
                            List<PermissionEntry<SelectPermission>> selectPermissions,
                            List<PermissionEntry<InsertPermission>> insertPermissions,
                            List<PermissionEntry<UpdatePermission>> updatePermissions,
                            List<PermissionEntry<DeletePermission>> deletePermissions,
                            Origin origin, List<String> remoteRelationships) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param table the table's name
     * @param isEnum whether the table is an enum table ({@code is_enum})
     * @param configuration the {@code configuration} object as written, when present
     * @param objectRelationships the object relationships, in order
     * @param arrayRelationships the array relationships, in order
     * @param computedFields the computed fields, in order
     * @param selectPermissions the select permissions, one per role
     * @param insertPermissions the insert permissions, one per role
     * @param updatePermissions the update permissions, one per role
     * @param deletePermissions the delete permissions, one per role
     * @param origin where the table's entry was read
     * @param remoteRelationships the names of the remote relationships
     * @throws NullPointerException when a component is null
     */
    public TableMetadata {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(configuration, "configuration");
        objectRelationships = List.copyOf(objectRelationships);
        arrayRelationships = List.copyOf(arrayRelationships);
        computedFields = List.copyOf(computedFields);
        selectPermissions = List.copyOf(selectPermissions);
        insertPermissions = List.copyOf(insertPermissions);
        updatePermissions = List.copyOf(updatePermissions);
        deletePermissions = List.copyOf(deletePermissions);
        Objects.requireNonNull(origin, "origin");
        remoteRelationships = List.copyOf(remoteRelationships);
    }

    /**
     * A table without remote relationships.
     *
     * @param table               the table
     * @param isEnum              {@code is_enum}
     * @param configuration       the {@code configuration}, as written
     * @param objectRelationships the object relationships
     * @param arrayRelationships  the array relationships
     * @param computedFields      the computed fields
     * @param selectPermissions   the select permissions
     * @param insertPermissions   the insert permissions
     * @param updatePermissions   the update permissions
     * @param deletePermissions   the delete permissions
     * @param origin              where it is defined
     */
    public TableMetadata(QualifiedName table, boolean isEnum, Optional<JsonValue> configuration,
                         List<Relationship> objectRelationships, List<Relationship> arrayRelationships,
                         List<ComputedField> computedFields,
                         List<PermissionEntry<SelectPermission>> selectPermissions,
                         List<PermissionEntry<InsertPermission>> insertPermissions,
                         List<PermissionEntry<UpdatePermission>> updatePermissions,
                         List<PermissionEntry<DeletePermission>> deletePermissions,
                         Origin origin) {
        this(table, isEnum, configuration, objectRelationships, arrayRelationships, computedFields, selectPermissions,
                insertPermissions, updatePermissions, deletePermissions, origin, List.of());
    }

    /**
     * {@return a table with no relationships, computed fields or permissions}
     *
     * @param table the table's name; never null
     */
    public static TableMetadata of(QualifiedName table) {
        return new TableMetadata(table, false, Optional.empty(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), Origin.UNKNOWN);
    }

    /**
     * Object and array relationships together.
     *
     * @return the object relationships followed by the array relationships, never null
     */
    public List<Relationship> relationships() {
        return Stream.concat(objectRelationships.stream(), arrayRelationships.stream()).toList();
    }

    /**
     * {@return the relationship called {@code name}}
     *
     * @param name the relationship's name; never null
     */
    public Optional<Relationship> relationship(String name) {
        return relationships().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * {@return the computed field called {@code name}}
     *
     * @param name the computed field's name; never null
     */
    public Optional<ComputedField> computedField(String name) {
        return computedFields.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * {@return the permission entries of one kind}
     *
     * @param operation the operation; never null
     */
    public List<? extends PermissionEntry<? extends Permission>> permissions(Operation operation) {
        switch (operation) {
            case SELECT:
                return selectPermissions;
            case INSERT:
                return insertPermissions;
            case UPDATE:
                return updatePermissions;
            case DELETE:
                return deletePermissions;
            default:
                throw new AssertionError(operation);
        }
    }

    /**
     * {@return the permission of {@code role} for {@code operation}, if defined}
     *
     * @param role the role; never null
     * @param operation the operation; never null
     */
    public Optional<? extends PermissionEntry<? extends Permission>> permission(String role, Operation operation) {
        return permissions(operation).stream().filter(p -> p.role().equals(role)).findFirst();
    }

    /**
     * {@return the select permission of {@code role}}
     *
     * @param role the role; never null
     */
    public Optional<SelectPermission> selectPermission(String role) {
        return find(selectPermissions, role);
    }

    /**
     * {@return the insert permission of {@code role}}
     *
     * @param role the role; never null
     */
    public Optional<InsertPermission> insertPermission(String role) {
        return find(insertPermissions, role);
    }

    /**
     * {@return the update permission of {@code role}}
     *
     * @param role the role; never null
     */
    public Optional<UpdatePermission> updatePermission(String role) {
        return find(updatePermissions, role);
    }

    /**
     * {@return the delete permission of {@code role}}
     *
     * @param role the role; never null
     */
    public Optional<DeletePermission> deletePermission(String role) {
        return find(deletePermissions, role);
    }

    private static <P extends Permission> Optional<P> find(List<PermissionEntry<P>> entries, String role) {
        return entries.stream().filter(e -> e.role().equals(role)).map(PermissionEntry::permission).findFirst();
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Table;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracked table with its database definition and its resolved relationships and computed fields.
 *
 * @param name the table's name
 * @param table its database definition
 * @param relationships its relationships by name
 * @param computedFields its computed fields by name
 * @param remoteRelationships the names of its remote relationships
 */
public record ResolvedTable(QualifiedName name, Table table, Map<String, ResolvedRelationship> relationships,
                            Map<String, ResolvedComputedField> computedFields, java.util.Set<String> remoteRelationships) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param name the table's name
     * @param table its database definition
     * @param relationships its relationships by name
     * @param computedFields its computed fields by name
     * @param remoteRelationships the names of its remote relationships
     * @throws NullPointerException when a component is null
     */
    public ResolvedTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        relationships = Collections.unmodifiableMap(new LinkedHashMap<>(relationships));
        computedFields = Collections.unmodifiableMap(new LinkedHashMap<>(computedFields));
        remoteRelationships = java.util.Set.copyOf(remoteRelationships);
    }

    /**
     * A table without remote relationships.
     *
     * @param name           the table's name
     * @param table          the table
     * @param relationships  its relationships by name
     * @param computedFields its computed fields by name
     */
    public ResolvedTable(QualifiedName name, Table table, Map<String, ResolvedRelationship> relationships,
                         Map<String, ResolvedComputedField> computedFields) {
        this(name, table, relationships, computedFields, java.util.Set.of());
    }

    /**
     * {@return the relationship called {@code name}}
     *
     * @param name the relationship's name; never null
     */
    public Optional<ResolvedRelationship> relationship(String name) {
        return Optional.ofNullable(relationships.get(name));
    }

    /**
     * {@return the computed field called {@code name}}
     *
     * @param name the computed field's name; never null
     */
    public Optional<ResolvedComputedField> computedField(String name) {
        return Optional.ofNullable(computedFields.get(name));
    }
}

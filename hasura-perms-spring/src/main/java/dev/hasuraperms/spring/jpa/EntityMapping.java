package dev.hasuraperms.spring.jpa;

import dev.hasuraperms.names.QualifiedName;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one JPA entity maps to its table, read from the Hibernate mapping model (names after the naming strategy).
 *
 * @param entity      the entity class
 * @param entityName  the JPA entity name
 * @param table       the table (schema {@code public} when the mapping names none)
 * @param columns     per column (lower-case unless quoted), how to reach it from the entity
 * @param idColumns   the primary-key columns
 * @param idAttribute the identifier attribute
 */
record EntityMapping(Class<?> entity, String entityName, QualifiedName table, Map<String, ColumnPath> columns,
                     List<String> idColumns, String idAttribute) {

    EntityMapping {
        Objects.requireNonNull(entity, "entity");
        columns = Map.copyOf(columns);
        idColumns = List.copyOf(idColumns);
    }

    Optional<ColumnPath> column(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    /**
     * The way to a column: a basic attribute ({@code path = [attribute]}) or the identifier of a many-to-one
     * association ({@code path = [association, targetId]}), with the Java type of the value at its end.
     *
     * @param path             the attribute names, outermost first
     * @param javaType         the Java type of the last attribute
     * @param attribute        the entity's attribute (the first of the path)
     * @param associationTarget the associated entity when the column is a foreign key of a to-one association
     */
    record ColumnPath(List<String> path, Class<?> javaType, String attribute, Optional<Class<?>> associationTarget) {
        ColumnPath {
            path = List.copyOf(path);
        }
    }
}

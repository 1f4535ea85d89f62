package dev.hasuraperms.schema;

import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A table, view or other relation with its columns (in ordinal order), primary key, unique constraints and the
 * foreign keys it owns. Lists are in a deterministic order (constraints by name).
 */
public record Table(QualifiedName name, Kind kind, List<Column> columns, Optional<UniqueConstraint> primaryKey,
                    List<UniqueConstraint> uniqueConstraints, List<ForeignKey> foreignKeys) {

    /** The kind of relation. */
    public enum Kind {
        TABLE, VIEW, MATERIALIZED_VIEW, FOREIGN_TABLE, PARTITIONED_TABLE;

        /** Lower-case name, as in snapshots. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        Objects.requireNonNull(primaryKey, "primaryKey");
        uniqueConstraints = List.copyOf(uniqueConstraints);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** The column called {@code name}. */
    public Optional<Column> column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The primary-key columns (empty without a primary key). */
    public List<String> primaryKeyColumns() {
        return primaryKey.map(UniqueConstraint::columns).orElse(List.of());
    }
}

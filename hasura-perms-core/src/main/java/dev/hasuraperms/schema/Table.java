package dev.hasuraperms.schema;

import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A table, view or other relation with its columns (in ordinal order), primary key, unique constraints and the
 * foreign keys it owns. Lists are in a deterministic order (constraints by name).
 *
 * @param name the relation's name
 * @param kind the relation's kind
 * @param columns the columns, in order
 * @param primaryKey the primary key; empty when there is none
 * @param uniqueConstraints the unique constraints
 * @param foreignKeys the foreign keys of this relation
 * @param writes the writes PostgreSQL accepts on the relation
 */
public record Table(QualifiedName name, Kind kind, List<Column> columns, Optional<UniqueConstraint> primaryKey,
                    List<UniqueConstraint> uniqueConstraints, List<ForeignKey> foreignKeys, Writes writes) {

    /**
     * Which writes PostgreSQL allows on the relation: all of them on tables; on a view, those it can do (an
     * automatically updatable view, or one with {@code INSTEAD OF} triggers), as {@code pg_relation_is_updatable}
     * says; none on a materialized view.
     *
     * @param insert whether rows can be inserted
     * @param update whether rows can be updated
     * @param delete whether rows can be deleted
     */
    public record Writes(boolean insert, boolean update, boolean delete) {

        /** Every write. */
        public static final Writes ALL = new Writes(true, true, true);
        /** No write. */
        public static final Writes NONE = new Writes(false, false, false);

        /**
         * {@return what a relation of this kind allows when nothing more is known: nothing for a materialized view, everything
         * otherwise (for a view, PostgreSQL itself still refuses what it cannot do, when the statement runs)}
         *
         * @param kind the relation's kind; never null
         */
        public static Writes defaultFor(Kind kind) {
            return kind == Kind.MATERIALIZED_VIEW ? NONE : ALL;
        }
    }

    /**
     * A relation allowing the writes {@link Writes#defaultFor its kind's default}.
     *
     * @param name the relation's name; never null
     * @param kind the relation's kind; never null
     * @param columns the columns in order; never null
     * @param primaryKey the primary key; empty when there is none
     * @param uniqueConstraints the unique constraints; never null
     * @param foreignKeys the foreign keys of this relation; never null
     */
    public Table(QualifiedName name, Kind kind, List<Column> columns, Optional<UniqueConstraint> primaryKey,
                 List<UniqueConstraint> uniqueConstraints, List<ForeignKey> foreignKeys) {
        this(name, kind, columns, primaryKey, uniqueConstraints, foreignKeys, Writes.defaultFor(kind));
    }

    /** The kind of relation. */
    public enum Kind {
        /** An ordinary table. */
        TABLE,
        /** A view. */
        VIEW,
        /** A materialized view (never writable). */
        MATERIALIZED_VIEW,
        /** A foreign table. */
        FOREIGN_TABLE,
        /** A partitioned table. */
        PARTITIONED_TABLE;

        /**
         * Lower-case name, as in snapshots.
         *
         * @return the key, never null
         */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param name the relation's name
     * @param kind the relation's kind
     * @param columns the columns, in order
     * @param primaryKey the primary key; empty when there is none
     * @param uniqueConstraints the unique constraints
     * @param foreignKeys the foreign keys of this relation
     * @param writes the writes PostgreSQL accepts on the relation
     * @throws NullPointerException when a component is null
     */
    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        Objects.requireNonNull(primaryKey, "primaryKey");
        uniqueConstraints = List.copyOf(uniqueConstraints);
        foreignKeys = List.copyOf(foreignKeys);
        Objects.requireNonNull(writes, "writes");
    }

    /**
     * {@return the column called {@code name}}
     *
     * @param name the column's name; never null
     */
    public Optional<Column> column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** {@return the primary-key columns (empty without a primary key)} */
    public List<String> primaryKeyColumns() {
        return primaryKey.map(UniqueConstraint::columns).orElse(List.of());
    }
}

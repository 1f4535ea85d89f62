package dev.hasuraperms.metadata;

import dev.hasuraperms.names.QualifiedName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** How a relationship is defined: through a foreign key (either direction) or a manual column mapping. */
public sealed interface RelationshipUsing permits RelationshipUsing.ForeignKeyColumns,
        RelationshipUsing.RemoteForeignKey, RelationshipUsing.Manual {

    /**
     * {@code foreign_key_constraint_on: "col"} or {@code ["a", "b"]}: the current table has a foreign key whose local
     * columns are exactly these (object relationships only).
     *
     * @param columns the local columns of the foreign key
     */
    record ForeignKeyColumns(List<String> columns) implements RelationshipUsing {
        /**
         * Creates the record: keeps immutable copies of the collections.
         *
         * @param columns the local columns of the foreign key
         */
        public ForeignKeyColumns {
            columns = List.copyOf(columns);
        }
    }

    /**
     * {@code foreign_key_constraint_on: {table, column|columns}}: the remote table has a foreign key on these columns
     * that references the current table.
     *
     * @param table the table that has the foreign key
     * @param columns its columns that reference this table
     */
    record RemoteForeignKey(QualifiedName table, List<String> columns) implements RelationshipUsing {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param table the table that has the foreign key
         * @param columns its columns that reference this table
         * @throws NullPointerException when a component is null
         */
        public RemoteForeignKey {
            Objects.requireNonNull(table, "table");
            columns = List.copyOf(columns);
        }
    }

    /**
     * {@code manual_configuration: {remote_table, column_mapping, insertion_order}}: explicit mapping from current
     * columns to remote columns.
     *
     * @param remoteTable the related table
     * @param columnMapping each local column with the remote column it equals
     * @param insertionOrder the {@code insertion_order}, when given
     */
    record Manual(QualifiedName remoteTable, Map<String, String> columnMapping,
                  Optional<InsertionOrder> insertionOrder) implements RelationshipUsing {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param remoteTable the related table
         * @param columnMapping each local column with the remote column it equals
         * @param insertionOrder the {@code insertion_order}, when given
         * @throws NullPointerException when a component is null
         */
        public Manual {
            Objects.requireNonNull(remoteTable, "remoteTable");
            columnMapping = Collections.unmodifiableMap(new LinkedHashMap<>(columnMapping));
            Objects.requireNonNull(insertionOrder, "insertionOrder");
        }
    }

    /** When a nested insert writes the related row. */
    enum InsertionOrder {
        /** The related row is inserted first (the parent refers to it). */
        BEFORE_PARENT("before_parent"),
        /** The parent row is inserted first (the related row refers to it). */
        AFTER_PARENT("after_parent");

        private final String key;

        InsertionOrder(String key) {
            this.key = key;
        }

        /** {@return the JSON spelling} */
        public String key() {
            return key;
        }
    }
}

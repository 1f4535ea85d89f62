package dev.hasuraperms.metadata;

import java.util.List;

/** A permission's columns: {@code "*"} (every column of the table at check time) or an explicit list. */
public sealed interface ColumnSet permits ColumnSet.All, ColumnSet.Listed {

    /** {@code "*"}. */
    ColumnSet ALL = new All();

    /**
     * {@return an explicit list, built in code}
     *
     * @param columns the column names; never null
     */
    static ColumnSet of(List<String> columns) {
        return new Listed(columns, java.util.Collections.nCopies(columns.size(), dev.hasuraperms.diagnostic.Origin.UNKNOWN));
    }

    /** {@code "*"}: all columns (not computed fields). */
    record All() implements ColumnSet {
        @Override
        public String toString() {
            return "*";
        }
    }

    /**
     * An explicit list of column names; may be empty.
     *
     * @param origins where each name was read (origins never take part in equality)
     * @param columns the columns, in the order listed
     */
    record Listed(List<String> columns, List<dev.hasuraperms.diagnostic.Origin> origins) implements ColumnSet {
        /**
         * Creates the record: validates them, keeps immutable copies of the collections.
         *
         * @param columns the columns, in the order listed
         * @param origins where each name was read (origins never take part in equality)
         * @throws IllegalArgumentException when a component is not valid (see the message)
         */
        public Listed {
            columns = IndexedNames.copyOf(columns);
            origins = dev.hasuraperms.diagnostic.Origin.compactList(origins);
            if (origins.size() != columns.size()) {
                throw new IllegalArgumentException("one origin per column");
            }
        }

        /**
         * Where {@code column} was read (the first time it is listed). Constant time: the list is indexed.
         *
         * @param column a listed column; never null
         * @return the origin of the column's entry, or of the whole list when the column is not listed
         */
        public dev.hasuraperms.diagnostic.Origin originOf(String column) {
            int i = columns.indexOf(column);
            return i < 0 ? dev.hasuraperms.diagnostic.Origin.UNKNOWN : origins.get(i);
        }
    }
}

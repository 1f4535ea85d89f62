package dev.hasuraperms.metadata;

import java.util.List;

/** A permission's columns: {@code "*"} (every column of the table at check time) or an explicit list. */
public sealed interface ColumnSet permits ColumnSet.All, ColumnSet.Listed {

    /** {@code "*"}. */
    ColumnSet ALL = new All();

    /** An explicit list. */
    static ColumnSet of(List<String> columns) {
        return new Listed(columns);
    }

    /** {@code "*"}: all columns (not computed fields). */
    record All() implements ColumnSet {
        @Override
        public String toString() {
            return "*";
        }
    }

    /** An explicit list of column names; may be empty. */
    record Listed(List<String> columns) implements ColumnSet {
        public Listed {
            columns = List.copyOf(columns);
        }
    }
}

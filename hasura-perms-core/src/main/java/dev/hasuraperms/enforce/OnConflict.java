package dev.hasuraperms.enforce;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an insert does with a row that conflicts with an existing one (an upsert, Hasura's {@code on_conflict}): the
 * conflict target (a constraint by name, or the columns of a unique index), and the columns to update from the
 * proposed row. No update columns means {@code DO NOTHING}. An upsert needs the role's update permission as well; its
 * filter, presets and check apply to the rows it updates.
 *
 * @param constraint    the constraint's name (Hasura's form), or empty to use {@code columns}
 * @param columns       the conflict target's columns (when there is no constraint name)
 * @param updateColumns the columns set from the proposed row ({@code EXCLUDED}) when a row conflicts
 */
public record OnConflict(Optional<String> constraint, List<String> columns, List<String> updateColumns) {

    /**
     * Creates the record: checks that the components are not null, validates them, and keeps immutable copies of the
     * collections.
     *
     * @param constraint the constraint's name (Hasura's form), or empty to use {@code columns}
     * @param columns the conflict target's columns (when there is no constraint name)
     * @param updateColumns the columns set from the proposed row ({@code EXCLUDED}) when a row conflicts
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is not valid (see the message)
     */
    public OnConflict {
        Objects.requireNonNull(constraint, "constraint");
        columns = List.copyOf(columns);
        updateColumns = List.copyOf(updateColumns);
        if (constraint.isEmpty() == columns.isEmpty()) {
            throw new IllegalArgumentException("give either a constraint name or the conflict columns");
        }
    }

    /**
     * {@code ON CONFLICT ON CONSTRAINT constraint}, updating {@code updateColumns}.
     *
     * @param constraint the unique or exclusion constraint's name; never null
     * @param updateColumns the columns a conflicting row gets from the new row; empty to do nothing
     * @return the clause, never null
     */
    public static OnConflict onConstraint(String constraint, List<String> updateColumns) {
        return new OnConflict(Optional.of(constraint), List.of(), updateColumns);
    }

    /**
     * {@code ON CONFLICT (columns)}, updating {@code updateColumns}.
     *
     * @param columns the columns of a unique index; not empty
     * @param updateColumns the columns a conflicting row gets from the new row; empty to do nothing
     * @return the clause, never null
     */
    public static OnConflict onColumns(List<String> columns, List<String> updateColumns) {
        return new OnConflict(Optional.empty(), columns, updateColumns);
    }

    /** {@return whether a conflicting row is left alone ({@code DO NOTHING})} */
    public boolean doNothing() {
        return updateColumns.isEmpty();
    }
}

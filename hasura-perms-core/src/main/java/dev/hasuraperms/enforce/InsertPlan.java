package dev.hasuraperms.enforce;

import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.types.PgType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An insert, validated: the columns written (those any row gives, and the preset columns, in table order), each row's
 * values for them (read as the column types; {@link #DEFAULT} where a row does not give the column), the preset
 * values already in every row, and for an upsert what a conflicting row gets.
 */
public final class InsertPlan {

    /** Marks a cell whose column the row does not give: the backend writes {@code DEFAULT}. */
    public static final Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    /**
     * The update side of an upsert.
     *
     * @param onConflict the conflict target and the columns updated from the proposed row
     * @param rule       the role's update permission: its filter limits which conflicting rows are updated, its check
     *                   applies to them
     * @param presets    the update permission's preset columns, set on every updated row
     * @param presetTypes their types
     * @param presetValues their values
     */
    public record Upsert(OnConflict onConflict, UpdateRule rule, List<String> presets, List<PgType> presetTypes,
                         List<Object> presetValues) {
        /**
         * Creates the record: keeps immutable copies of the collections.
         *
         * @param onConflict the conflict target and the columns updated from the proposed row
         * @param rule the role's update permission: its filter limits which conflicting rows are updated, its check
         *     applies to them
         * @param presets the update permission's preset columns, set on every updated row
         * @param presetTypes their types
         * @param presetValues their values
         */
        public Upsert {
            presets = List.copyOf(presets);
            presetTypes = List.copyOf(presetTypes);
            presetValues = List.copyOf(presetValues);
        }
    }

    private final InsertRule rule;
    private final List<String> columns;
    private final PgType[] types;
    private final List<Object[]> rows;
    private final Optional<Upsert> upsert;

    InsertPlan(InsertRule rule, List<String> columns, PgType[] types, List<Object[]> rows, Optional<Upsert> upsert) {
        this.rule = rule;
        this.columns = List.copyOf(columns);
        this.types = types.clone();
        this.rows = rows.stream().map(Object[]::clone).toList();
        this.upsert = upsert;
    }

    /** {@return the role's insert permission (its check applies to every inserted row)} */
    public InsertRule rule() {
        return rule;
    }

    /** {@return the columns written, in table order} */
    public List<String> columns() {
        return columns;
    }

    /** {@return the type of each written column} */
    public List<PgType> types() {
        return Arrays.asList(types.clone());
    }

    /** {@return number of rows} */
    public int rowCount() {
        return rows.size();
    }

    /**
     * {@return the values of row {@code i}, one per column ({@link #DEFAULT} for a column the row does not give)}
     *
     * @param i the row's index, from 0
     */
    public List<Object> row(int i) {
        return Arrays.asList(rows.get(i).clone());
    }

    /**
     * For an upsert, what happens to a conflicting row.
     *
     * @return what happens to a conflicting row; empty for a plain insert
     */
    public Optional<Upsert> upsert() {
        return upsert;
    }
}

package dev.hasuraperms.enforce;

import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.types.PgType;
import java.util.List;

/**
 * An update, validated: the rule (its filter is ANDed with the caller's condition, its check applies to every updated
 * row after the update), and the columns set with their values — the caller's, then the permission's presets.
 */
public record UpdatePlan(UpdateRule rule, List<String> columns, List<PgType> types, List<Object> values) {

    /**
     * Creates the record: keeps immutable copies of the collections.
     *
     * @param rule see {@link #rule()}
     * @param columns see {@link #columns()}
     * @param types see {@link #types()}
     * @param values see {@link #values()}
     */
    public UpdatePlan {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        values = List.copyOf(values);
    }
}

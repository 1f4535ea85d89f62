package dev.hasuraperms.enforce;

import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.types.PgType;
import java.util.List;

/**
 * An update, validated: the rule (its filter is ANDed with the caller's condition, its check applies to every updated
 * row after the update), and the columns set with their values — the caller's, then the permission's presets.
 *
 * @param rule the update rule applied
 * @param columns the columns set: the caller's, then the presets
 * @param types their types, parallel to {@code columns}
 * @param values their values, parallel to {@code columns}
 */
public record UpdatePlan(UpdateRule rule, List<String> columns, List<PgType> types, List<Object> values) {

    /**
     * Creates the record: keeps immutable copies of the collections.
     *
     * @param rule the update rule applied
     * @param columns the columns set: the caller's, then the presets
     * @param types their types, parallel to {@code columns}
     * @param values their values, parallel to {@code columns}
     */
    public UpdatePlan {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        values = List.copyOf(values);
    }
}

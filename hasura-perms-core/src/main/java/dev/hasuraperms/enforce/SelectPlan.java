package dev.hasuraperms.enforce;

import dev.hasuraperms.check.SelectRule;
import java.util.List;
import java.util.OptionalInt;

/**
 * A select, validated: the rule whose filter the backend ANDs with the caller's condition, the columns to read (all
 * readable, in the order asked), and the limit to apply after the caller's ordering — the smaller of the caller's and
 * the permission's.
 *
 * @param rule the select rule applied
 * @param columns the columns read, in the order asked
 * @param limit the row limit; empty for none
 */
public record SelectPlan(SelectRule rule, List<String> columns, OptionalInt limit) {

    /**
     * Creates the record: keeps immutable copies of the collections.
     *
     * @param rule the select rule applied
     * @param columns the columns read, in the order asked
     * @param limit the row limit; empty for none
     */
    public SelectPlan {
        columns = List.copyOf(columns);
    }
}

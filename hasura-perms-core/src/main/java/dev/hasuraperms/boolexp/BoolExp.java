package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;

/**
 * A Hasura boolean expression (permission filter or check), as parsed from JSON, before it is resolved against a
 * schema. Equality is structural and ignores origins.
 *
 * <ul>
 *   <li>{@link ObjectExp}: a JSON object, the AND of one term per key; {@code {}} is TRUE.</li>
 *   <li>{@link AndExp}, {@link OrExp}, {@link NotExp}: {@code _and}, {@code _or}, {@code _not} (and their
 *       {@code $} spellings); {@code _and: []} is TRUE, {@code _or: []} is FALSE.</li>
 *   <li>{@link ExistsExp}: {@code _exists} over an unrelated table.</li>
 *   <li>{@link FieldExp}: a column, relationship, computed field or aggregation predicate; which one is decided by
 *       the type checker.</li>
 * </ul>
 */
public sealed interface BoolExp permits ObjectExp, AndExp, OrExp, NotExp, ExistsExp, FieldExp {

    /**
     * Where this expression was read.
     *
     * @return the origin, never null
     */
    Origin origin();

    /** {@return the expression written back as Hasura JSON} */
    default dev.hasuraperms.json.JsonValue toJson() {
        return BoolExpWriter.write(this);
    }
}

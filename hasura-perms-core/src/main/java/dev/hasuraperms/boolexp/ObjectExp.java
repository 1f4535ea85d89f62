package dev.hasuraperms.boolexp;

import dev.hasuraperms.diagnostic.Origin;
import java.util.List;
import java.util.Objects;

/**
 * A JSON object in boolean-expression position: the AND of its terms, one per key, in order. The empty object is
 * TRUE. Kept apart from {@link AndExp} because Hasura compares expressions structurally (for inherited mutation
 * permissions), and {@code {"a":1,"b":2}} is not the same tree as {@code {"_and":[{"a":1},{"b":2}]}}.
 *
 * @param terms the terms (one per key), ANDed
 * @param origin where the object was read
 */
public record ObjectExp(List<BoolExp> terms, Origin origin) implements BoolExp {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param terms the terms (one per key), ANDed
     * @param origin where the object was read
     * @throws NullPointerException when a component is null
     */
    public ObjectExp {
        terms = List.copyOf(terms);
        Objects.requireNonNull(origin, "origin");
    }

    /** {@return the TRUE expression {@code {}}} */
    public static ObjectExp empty() {
        return new ObjectExp(List.of(), Origin.UNKNOWN);
    }

    /**
     * {@return an object with the given terms, built in code}
     *
     * @param terms the terms, ANDed; never null
     */
    public static ObjectExp of(BoolExp... terms) {
        return new ObjectExp(List.of(terms), Origin.UNKNOWN);
    }

    /** {@return whether this is {@code {}}} */
    public boolean isEmpty() {
        return terms.isEmpty();
    }
}

package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A native query: tracked SQL with {@code {{arg}}} parameters whose rows have the shape of a logical model. Its rows
 * are filtered by that logical model's select permission. Of the relationships declared on a native query only the
 * names are kept ({@link #relationships()}): reads through them are not supported (the checker warns).
 *
 * @param relationships the names of the object and array relationships the native query declares
 * @param rootFieldName the root field's name
 * @param code the SQL code with {@code {{argument}}} placeholders
 * @param arguments the declared arguments by name
 * @param returns the logical model of its rows
 * @param description the description, when given
 * @param origin where the native query was read
 */
public record NativeQuery(String rootFieldName, String code, Map<String, Argument> arguments, String returns,
                          Optional<String> description, Origin origin, java.util.List<String> relationships) {

    /**
     * An argument of a native query.
     *
     * @param type the argument's scalar type
     * @param nullable whether the argument may be null
     * @param description the description, when given
     */
    public record Argument(String type, boolean nullable, Optional<String> description) {
        /**
         * Creates the record: checks that the components are not null.
         *
         * @param type the argument's scalar type
         * @param nullable whether the argument may be null
         * @param description the description, when given
         * @throws NullPointerException when a component is null
         */
        public Argument {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param rootFieldName the root field's name
     * @param code the SQL code with {@code {{argument}}} placeholders
     * @param arguments the declared arguments by name
     * @param returns the logical model of its rows
     * @param description the description, when given
     * @param origin where the native query was read
     * @param relationships the names of the object and array relationships the native query declares
     * @throws NullPointerException when a component is null
     */
    public NativeQuery {
        Objects.requireNonNull(rootFieldName, "rootFieldName");
        Objects.requireNonNull(code, "code");
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        Objects.requireNonNull(returns, "returns");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(origin, "origin");
        relationships = java.util.List.copyOf(relationships);
    }

    /**
     * A native query that declares no relationships.
     *
     * @param rootFieldName the root field name
     * @param code          the SQL with {@code {{argument}}} placeholders
     * @param arguments     the arguments by name
     * @param returns       the logical model of its rows
     * @param description   its description
     * @param origin        where it is defined
     */
    public NativeQuery(String rootFieldName, String code, Map<String, Argument> arguments, String returns,
                       Optional<String> description, Origin origin) {
        this(rootFieldName, code, arguments, returns, description, origin, java.util.List.of());
    }
}

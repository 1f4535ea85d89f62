package dev.hasuraperms.metadata;

import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code configuration} of a tracked function ({@code pg_track_function}, {@code pg_set_function_customization};
 * Hasura's {@code FunctionConfig} in {@code Hasura/Function/Cache.hs}).
 *
 * @param sessionArgument         the argument that receives the session variables as JSON
 * @param exposedAs               where the function is exposed; empty: inferred from its volatility (VOLATILE: a
 *                                mutation, else a query)
 * @param customName              {@code custom_name}: the GraphQL name the root fields derive from
 * @param customRootField         {@code custom_root_fields.function}
 * @param customAggregateRootField {@code custom_root_fields.function_aggregate}
 */
public record FunctionConfiguration(Optional<String> sessionArgument, Optional<ExposedAs> exposedAs,
                                    Optional<String> customName, Optional<String> customRootField,
                                    Optional<String> customAggregateRootField) {

    /** Where a tracked function is exposed ({@code exposed_as}). */
    public enum ExposedAs {
        /** A query (and subscription) root field. */
        QUERY,
        /** A mutation root field. */
        MUTATION;

        /**
         * The metadata's spelling.
         *
         * @return {@code "query"} or {@code "mutation"}
         */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** No configuration (Hasura's {@code emptyFunctionConfig}). */
    public static final FunctionConfiguration EMPTY = new FunctionConfiguration(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Checks the components.
     *
     * @param sessionArgument the argument that receives the session variables as JSON
     * @param exposedAs where the function is exposed; empty: inferred from its volatility (VOLATILE: a mutation, else a
     *     query)
     * @param customName {@code custom_name}: the GraphQL name the root fields derive from
     * @param customRootField {@code custom_root_fields.function}
     * @param customAggregateRootField {@code custom_root_fields.function_aggregate}
     */
    public FunctionConfiguration {
        Objects.requireNonNull(sessionArgument, "sessionArgument");
        Objects.requireNonNull(exposedAs, "exposedAs");
        Objects.requireNonNull(customName, "customName");
        Objects.requireNonNull(customRootField, "customRootField");
        Objects.requireNonNull(customAggregateRootField, "customAggregateRootField");
    }

    /**
     * The configuration as written in the metadata, read leniently: a member of the wrong type is left out (the
     * loaders report it when they read the metadata).
     *
     * @param configuration the {@code configuration} object, if any
     * @return the configuration
     */
    public static FunctionConfiguration of(Optional<JsonValue> configuration) {
        if (configuration.isEmpty() || !(configuration.get() instanceof JsonObject o)) {
            return EMPTY;
        }
        Optional<ExposedAs> exposed = string(o, "exposed_as").flatMap(s -> switch (s) {
            case "query" -> Optional.of(ExposedAs.QUERY);
            case "mutation" -> Optional.of(ExposedAs.MUTATION);
            default -> Optional.empty();
        });
        Optional<JsonObject> roots = o.get("custom_root_fields").filter(JsonObject.class::isInstance)
                .map(JsonObject.class::cast);
        return new FunctionConfiguration(string(o, "session_argument"), exposed, string(o, "custom_name"),
                roots.flatMap(r -> string(r, "function")), roots.flatMap(r -> string(r, "function_aggregate")));
    }

    private static Optional<String> string(JsonObject o, String key) {
        return o.get(key).flatMap(JsonValue::asString);
    }
}

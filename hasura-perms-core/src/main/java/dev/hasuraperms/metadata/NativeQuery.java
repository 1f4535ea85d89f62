package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A native query: tracked SQL with {@code {{arg}}} parameters whose rows have the shape of a logical model. Its rows
 * are filtered by that logical model's select permission. Relationships declared on native queries are not kept.
 */
public record NativeQuery(String rootFieldName, String code, Map<String, Argument> arguments, String returns,
                          Optional<String> description, Origin origin) {

    /** An argument of a native query. */
    public record Argument(String type, boolean nullable, Optional<String> description) {
        public Argument {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(description, "description");
        }
    }

    public NativeQuery {
        Objects.requireNonNull(rootFieldName, "rootFieldName");
        Objects.requireNonNull(code, "code");
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        Objects.requireNonNull(returns, "returns");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(origin, "origin");
    }
}

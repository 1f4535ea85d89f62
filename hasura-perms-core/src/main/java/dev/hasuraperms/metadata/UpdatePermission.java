package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.diagnostic.Origin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An update permission (reference §3.4).
 *
 * @param columns       updatable columns (required)
 * @param filter        which rows may be updated (required)
 * @param check         the condition every row must satisfy after the update (default none, i.e. TRUE)
 * @param set           presets forced into every update
 * @param backendOnly   whether only trusted backends may use it (default false)
 * @param validateInput the {@code validate_input} webhook definition
 * @param origin where the permission object was read
 */
public record UpdatePermission(ColumnSet columns, BoolExp filter, Optional<BoolExp> check, Map<String, Preset> set,
                               boolean backendOnly, Optional<ValidateInput> validateInput, Origin origin)
        implements Permission {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param columns updatable columns (required)
     * @param filter which rows may be updated (required)
     * @param check the condition every row must satisfy after the update (default none, i.e. TRUE)
     * @param set presets forced into every update
     * @param backendOnly whether only trusted backends may use it (default false)
     * @param validateInput the {@code validate_input} webhook definition
     * @param origin where the permission object was read
     * @throws NullPointerException when a component is null
     */
    public UpdatePermission {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(check, "check");
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        Objects.requireNonNull(validateInput, "validateInput");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Operation operation() {
        return Operation.UPDATE;
    }
}

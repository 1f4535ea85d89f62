package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.diagnostic.Origin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An insert permission (reference §3.3).
 *
 * @param check         the condition every inserted row must satisfy (required)
 * @param set           column presets; preset columns cannot be inserted by the caller
 * @param columns       insertable columns (default all)
 * @param backendOnly   whether only trusted backends may use it (default false)
 * @param validateInput the {@code validate_input} webhook definition
 * @param origin where the permission object was read
 */
public record InsertPermission(BoolExp check, Map<String, Preset> set, ColumnSet columns, boolean backendOnly,
                               Optional<ValidateInput> validateInput, Origin origin) implements Permission {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param check the condition every inserted row must satisfy (required)
     * @param set column presets; preset columns cannot be inserted by the caller
     * @param columns insertable columns (default all)
     * @param backendOnly whether only trusted backends may use it (default false)
     * @param validateInput the {@code validate_input} webhook definition
     * @param origin where the permission object was read
     * @throws NullPointerException when a component is null
     */
    public InsertPermission {
        Objects.requireNonNull(check, "check");
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(validateInput, "validateInput");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Operation operation() {
        return Operation.INSERT;
    }
}

package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.diagnostic.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * A delete permission (reference §3.5).
 *
 * @param filter        which rows may be deleted (required)
 * @param backendOnly   whether only trusted backends may use it (default false)
 * @param validateInput the {@code validate_input} webhook definition
 * @param origin where the permission object was read
 */
public record DeletePermission(BoolExp filter, boolean backendOnly, Optional<ValidateInput> validateInput, Origin origin)
        implements Permission {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param filter which rows may be deleted (required)
     * @param backendOnly whether only trusted backends may use it (default false)
     * @param validateInput the {@code validate_input} webhook definition
     * @param origin where the permission object was read
     * @throws NullPointerException when a component is null
     */
    public DeletePermission {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(validateInput, "validateInput");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Operation operation() {
        return Operation.DELETE;
    }
}

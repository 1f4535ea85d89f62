package dev.hasuraperms.check;

import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.util.Objects;

/** A checked delete permission: which rows may be deleted. */
public record DeleteRule(QualifiedName table, String role, Predicate filter, boolean backendOnly) implements PermissionRule {

    public DeleteRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(filter, "filter");
    }

    @Override
    public Operation operation() {
        return Operation.DELETE;
    }
}

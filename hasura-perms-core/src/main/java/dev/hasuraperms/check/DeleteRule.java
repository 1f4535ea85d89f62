package dev.hasuraperms.check;

import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.ValidateInput;
import dev.hasuraperms.names.QualifiedName;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked delete permission: which rows may be deleted.
 *
 * @param validateInput the permission's {@code validate_input}: the host's
 *                      {@link dev.hasuraperms.enforce.InputValidator} is called before every delete
 * @param table the table
 * @param role the role
 * @param filter the rows the role may delete
 * @param backendOnly whether only trusted backend requests may use the rule
 */
public record DeleteRule(QualifiedName table, String role, Predicate filter, boolean backendOnly,
                         Optional<ValidateInput> validateInput) implements PermissionRule {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param table the table
     * @param role the role
     * @param filter the rows the role may delete
     * @param backendOnly whether only trusted backend requests may use the rule
     * @param validateInput the permission's {@code validate_input}: the host's {@link
     *     dev.hasuraperms.enforce.InputValidator} is called before every delete
     * @throws NullPointerException when a component is null
     */
    public DeleteRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(validateInput, "validateInput");
    }

    /**
     * A rule without {@code validate_input}.
     *
     * @param table the table; never null
     * @param role the role; never null
     * @param filter the rows the role may delete; never null
     * @param backendOnly whether only trusted backend requests may use the rule
     */
    public DeleteRule(QualifiedName table, String role, Predicate filter, boolean backendOnly) {
        this(table, role, filter, backendOnly, Optional.empty());
    }

    @Override
    public Operation operation() {
        return Operation.DELETE;
    }
}

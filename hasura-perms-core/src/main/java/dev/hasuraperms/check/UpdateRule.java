package dev.hasuraperms.check;

import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.metadata.ValidateInput;
import dev.hasuraperms.names.QualifiedName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked update permission.
 *
 * @param filter            which rows may be updated
 * @param check             the condition every row must satisfy after the update (TRUE when none was given)
 * @param updatableColumns  columns a caller may change (the permission's columns minus preset columns), table order
 * @param presets           values forced into every update
 * @param validateInput     the permission's {@code validate_input}: the host's
 *                          {@link dev.hasuraperms.enforce.InputValidator} is called before every update
 * @param table the table
 * @param role the role
 * @param backendOnly whether only trusted backend requests may use the rule
 */
public record UpdateRule(QualifiedName table, String role, Predicate filter, Predicate check,
                         List<String> updatableColumns, Map<String, Expr> presets, boolean backendOnly,
                         Optional<ValidateInput> validateInput)
        implements PermissionRule {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param table the table
     * @param role the role
     * @param filter which rows may be updated
     * @param check the condition every row must satisfy after the update (TRUE when none was given)
     * @param updatableColumns columns a caller may change (the permission's columns minus preset columns), table order
     * @param presets values forced into every update
     * @param backendOnly whether only trusted backend requests may use the rule
     * @param validateInput the permission's {@code validate_input}: the host's {@link
     *     dev.hasuraperms.enforce.InputValidator} is called before every update
     * @throws NullPointerException when a component is null
     */
    public UpdateRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(check, "check");
        updatableColumns = List.copyOf(updatableColumns);
        presets = Collections.unmodifiableMap(new LinkedHashMap<>(presets));
        Objects.requireNonNull(validateInput, "validateInput");
    }

    /**
     * A rule without {@code validate_input}.
     *
     * @param table the table; never null
     * @param role the role; never null
     * @param filter the rows the role may update; never null
     * @param check the condition every updated row must meet afterwards; never null
     * @param updatableColumns the columns the role may set; never null
     * @param presets column values set by the permission, from literals or session variables; never null
     * @param backendOnly whether only trusted backend requests may use the rule
     */
    public UpdateRule(QualifiedName table, String role, Predicate filter, Predicate check, List<String> updatableColumns,
                      Map<String, Expr> presets, boolean backendOnly) {
        this(table, role, filter, check, updatableColumns, presets, backendOnly, Optional.empty());
    }

    @Override
    public Operation operation() {
        return Operation.UPDATE;
    }
}

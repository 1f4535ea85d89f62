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
 * A checked insert permission.
 *
 * @param check              the condition every inserted row must satisfy
 * @param insertableColumns  columns a caller may set (the permission's columns minus preset columns), table order
 * @param presets            column values forced into every row: {@link Expr.Literal} or {@link Expr.SessionValue}
 * @param validateInput      the permission's {@code validate_input}: the host's
 *                           {@link dev.hasuraperms.enforce.InputValidator} is called before every write
 * @param table the table
 * @param role the role
 * @param backendOnly whether only trusted backend requests may use the rule
 */
public record InsertRule(QualifiedName table, String role, Predicate check, List<String> insertableColumns,
                         Map<String, Expr> presets, boolean backendOnly, Optional<ValidateInput> validateInput)
        implements PermissionRule {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param table the table
     * @param role the role
     * @param check the condition every inserted row must satisfy
     * @param insertableColumns columns a caller may set (the permission's columns minus preset columns), table order
     * @param presets column values forced into every row: {@link Expr.Literal} or {@link Expr.SessionValue}
     * @param backendOnly whether only trusted backend requests may use the rule
     * @param validateInput the permission's {@code validate_input}: the host's {@link
     *     dev.hasuraperms.enforce.InputValidator} is called before every write
     * @throws NullPointerException when a component is null
     */
    public InsertRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(check, "check");
        insertableColumns = List.copyOf(insertableColumns);
        presets = Collections.unmodifiableMap(new LinkedHashMap<>(presets));
        Objects.requireNonNull(validateInput, "validateInput");
    }

    /**
     * A rule without {@code validate_input}.
     *
     * @param table the table; never null
     * @param role the role; never null
     * @param check the condition every inserted row must meet; never null
     * @param insertableColumns the columns the role may give values for; never null
     * @param presets column values set by the permission, from literals or session variables; never null
     * @param backendOnly whether only trusted backend requests may use the rule
     */
    public InsertRule(QualifiedName table, String role, Predicate check, List<String> insertableColumns,
                      Map<String, Expr> presets, boolean backendOnly) {
        this(table, role, check, insertableColumns, presets, backendOnly, Optional.empty());
    }

    @Override
    public Operation operation() {
        return Operation.INSERT;
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checked insert permission.
 *
 * @param check              the condition every inserted row must satisfy
 * @param insertableColumns  columns a caller may set (the permission's columns minus preset columns), table order
 * @param presets            column values forced into every row: {@link Expr.Literal} or {@link Expr.SessionValue}
 */
public record InsertRule(QualifiedName table, String role, Predicate check, List<String> insertableColumns,
                         Map<String, Expr> presets, boolean backendOnly) implements PermissionRule {

    public InsertRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(check, "check");
        insertableColumns = List.copyOf(insertableColumns);
        presets = Collections.unmodifiableMap(new LinkedHashMap<>(presets));
    }

    @Override
    public Operation operation() {
        return Operation.INSERT;
    }
}

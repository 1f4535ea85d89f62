package dev.hasuraperms.internal.sql;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.DeleteRule;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.ir.Optimizer;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;

/** The predicates the backends render for a (table, role): which rule, and how it is optimized. */
public final class PermissionPredicates {

    /** Which predicate of a permission. */
    public enum Kind {
        /** The select filter, for the table's own rows as the statement reads them ({@code FROM table AS alias}). */
        SELECT_FILTER(Operation.SELECT, Optimizer.Context.TRUE_MATTERS),
        /**
         * The select filter, for rows that are not read from the table itself in the statement: a CTE, a VALUES
         * list, a RETURNING list, a view with the table's columns. Not optimized with the rewrites that look the
         * row up in the table again by its primary key.
         */
        SELECT_ROWS_FILTER(Operation.SELECT, Optimizer.Context.TRUE_MATTERS),
        /** The insert permission's check, on the rows written. */
        INSERT_CHECK(Operation.INSERT, Optimizer.Context.FALSE_MATTERS),
        /** The update permission's filter: the rows that may be updated. */
        UPDATE_FILTER(Operation.UPDATE, Optimizer.Context.TRUE_MATTERS),
        /** The update permission's check, on the rows as updated. */
        UPDATE_CHECK(Operation.UPDATE, Optimizer.Context.FALSE_MATTERS),
        /** The delete permission's filter: the rows that may be deleted. */
        DELETE_FILTER(Operation.DELETE, Optimizer.Context.TRUE_MATTERS);

        private final Operation operation;
        private final Optimizer.Context context;

        Kind(Operation operation, Optimizer.Context context) {
            this.operation = operation;
            this.context = context;
        }

        /**
         * The operation whose permission holds this predicate.
         *
         * @return the operation
         */
        public Operation operation() {
            return operation;
        }

        /**
         * How the predicate's value is used: a filter keeps rows where it is TRUE; a check (as Hasura enforces it,
         * {@code bool_and} over the written rows) fails a row only where it is FALSE.
         *
         * @return the context the optimizer keeps the value exact in
         */
        public Optimizer.Context context() {
            return context;
        }
    }

    private PermissionPredicates() {
    }

    /**
     * The predicate of {@code kind} for {@code role} on {@code table}, optimized when asked.
     *
     * @param permissions the checked permissions
     * @param table       the table
     * @param role        the role
     * @param kind        which predicate of which permission
     * @param optimize    whether to run the optimizer
     * @return the predicate
     * @throws PermissionDeniedException when the role has no such permission
     */
    public static Predicate predicate(CheckedPermissions permissions, QualifiedName table, String role, Kind kind,
                                      boolean optimize) {
        Predicate p = switch (kind) {
            case SELECT_FILTER, SELECT_ROWS_FILTER -> permissions.select(table, role).map(SelectRule::filter).orElseThrow(() -> denied(permissions, role, table, kind));
            case INSERT_CHECK -> permissions.insert(table, role).map(InsertRule::check).orElseThrow(() -> denied(permissions, role, table, kind));
            case UPDATE_FILTER -> permissions.update(table, role).map(UpdateRule::filter).orElseThrow(() -> denied(permissions, role, table, kind));
            case UPDATE_CHECK -> permissions.update(table, role).map(UpdateRule::check).orElseThrow(() -> denied(permissions, role, table, kind));
            case DELETE_FILTER -> permissions.delete(table, role).map(DeleteRule::filter).orElseThrow(() -> denied(permissions, role, table, kind));
        };
        // The isolating rewrite looks the row up in the table again by its primary key: only for select filters on
        // the table's own rows (not rows from elsewhere, not the rows an update or delete writes; Optimizer's class
        // comment).
        return optimize ? Optimizer.optimize(p, kind.context(), permissions.schema(),
                kind == Kind.SELECT_FILTER ? java.util.Optional.of(table) : java.util.Optional.empty()) : p;
    }

    /**
     * {@link #predicate} rendered.
     *
     * @param permissions the checked permissions
     * @param table       the table
     * @param role        the role
     * @param kind        which predicate of which permission
     * @param optimize    whether to run the optimizer
     * @return the rendered predicate
     * @throws PermissionDeniedException when the role has no such permission
     */
    public static SqlTemplate template(CheckedPermissions permissions, QualifiedName table, String role, Kind kind,
                                       boolean optimize) {
        return SqlRenderer.render(predicate(permissions, table, role, kind, optimize),
                permissions.schema().serverMajorVersion());
    }

    /**
     * The condition under which {@code role} reads {@code column} of {@code table} (cell redaction of an inherited
     * role, {@link SelectRule#redactions()}), rendered for the table's rows; empty when the column is not redacted.
     *
     * @param permissions the checked permissions
     * @param table       the table
     * @param role        the role
     * @param column      the column
     * @param optimize    whether to run the optimizer
     * @return the rendered condition, or empty
     * @throws PermissionDeniedException when the role has no select permission
     */
    public static java.util.Optional<SqlTemplate> redactionTemplate(CheckedPermissions permissions, QualifiedName table,
                                                                    String role, String column, boolean optimize) {
        SelectRule rule = permissions.select(table, role).orElseThrow(() -> denied(permissions, role, table, Kind.SELECT_FILTER));
        Predicate p = rule.redactions().get(column);
        if (p == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(SqlRenderer.render(optimize ? Optimizer.optimize(p, Optimizer.Context.TRUE_MATTERS) : p,
                permissions.schema().serverMajorVersion()));
    }

    /**
     * The select filter of {@code role} on logical model {@code model}, rendered.
     *
     * @param permissions the checked permissions
     * @param model       the logical model's name
     * @param role        the role
     * @param optimize    whether to run the optimizer
     * @return the rendered filter
     * @throws PermissionDeniedException when the role has no select permission on the model
     */
    public static SqlTemplate logicalModelTemplate(CheckedPermissions permissions, String model, String role,
                                                   boolean optimize) {
        Predicate p = permissions.logicalModelSelect(model, role).map(SelectRule::filter).orElseThrow(() ->
                new PermissionDeniedException(role, QualifiedName.of("pg_logical_model", model), Operation.SELECT,
                        "no select permission on logical model " + model));
        return SqlRenderer.render(optimize ? Optimizer.optimize(p, Optimizer.Context.TRUE_MATTERS) : p,
                permissions.schema().serverMajorVersion());
    }

    /**
     * The condition under which {@code role} reads field {@code field} of logical model {@code model} (cell redaction
     * of an inherited role), rendered; empty when the field is not redacted.
     *
     * @param permissions the checked permissions
     * @param model       the logical model's name
     * @param role        the role
     * @param field       the field
     * @param optimize    whether to run the optimizer
     * @return the rendered condition, or empty
     * @throws PermissionDeniedException when the role has no select permission on the model
     */
    public static java.util.Optional<SqlTemplate> logicalModelRedactionTemplate(CheckedPermissions permissions,
                                                                                String model, String role, String field,
                                                                                boolean optimize) {
        SelectRule rule = permissions.logicalModelSelect(model, role).orElseThrow(() ->
                new PermissionDeniedException(role, QualifiedName.of("pg_logical_model", model), Operation.SELECT,
                        "no select permission on logical model " + model));
        Predicate p = rule.redactions().get(field);
        if (p == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(SqlRenderer.render(optimize ? Optimizer.optimize(p, Optimizer.Context.TRUE_MATTERS) : p,
                permissions.schema().serverMajorVersion()));
    }

    private static PermissionDeniedException denied(CheckedPermissions permissions, String role, QualifiedName table,
                                                    Kind kind) {
        return permissions.denied(role, table, kind.operation());
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;

/** A type-checked permission of one role on one table, with its filters compiled to the predicate IR. */
public sealed interface PermissionRule permits SelectRule, InsertRule, UpdateRule, DeleteRule {

    /** {@return the table} */
    QualifiedName table();

    /** {@return the role} */
    String role();

    /** {@return which operation it governs} */
    Operation operation();
}

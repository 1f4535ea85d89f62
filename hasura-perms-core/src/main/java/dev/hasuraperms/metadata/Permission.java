package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;

/** A select, insert, update or delete permission. */
public sealed interface Permission permits SelectPermission, InsertPermission, UpdatePermission, DeletePermission {

    /** {@return the operation this permission governs} */
    Operation operation();

    /**
     * Where the permission object was read.
     *
     * @return the origin, never null
     */
    Origin origin();
}

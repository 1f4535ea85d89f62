package dev.hasuraperms.enforce;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.InsertRule;
import dev.hasuraperms.check.UpdateRule;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.Operation;

/**
 * Which check the rows an upsert updates must pass. Hasura (reference §3.6, {@code insertOrUpdateCheckExpr}) checks a
 * freshly inserted row with the insert check and an updated row with the update permission's check; when the update
 * permission gives no {@code check} at all, the updated rows are checked with the insert check too. (A {@code check}
 * of {@code {}} is a check that passes: the updated rows pass.) {@link UpdateRule#check()} is TRUE in both cases, so
 * the difference is read from the metadata.
 *
 * @param operation the permission whose check applies to updated rows ({@code INSERT} or {@code UPDATE})
 * @param check     that check
 */
public record UpsertCheck(Operation operation, Predicate check) {

    /**
     * {@return the check for the rows an upsert of {@code insert} updates under {@code update}}
     *
     * @param permissions the checked permissions; never null
     * @param insert the insert rule; never null
     * @param update the update rule; never null
     */
    public static UpsertCheck forUpdatedRows(CheckedPermissions permissions, InsertRule insert, UpdateRule update) {
        boolean noUpdateCheck = permissions.source().table(update.table())
                .flatMap(t -> t.updatePermission(update.role()))
                .map(p -> p.check().isEmpty())
                .orElse(false);
        return noUpdateCheck ? new UpsertCheck(Operation.INSERT, insert.check()) : new UpsertCheck(Operation.UPDATE, update.check());
    }
}

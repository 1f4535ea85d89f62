package dev.hasuraperms.enforce;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.metadata.PermissionEntry;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.metadata.UpdatePermission;
import dev.hasuraperms.names.QualifiedName;

/**
 * Which check applies to the rows an upsert ({@code ON CONFLICT ... DO UPDATE}) updates. As in Hasura
 * ({@code insertOrUpdateCheckExpr} in {@code Translate/Insert.hs}): the update permission's {@code check} when the
 * permission has one; when it has none, the insert permission's check applies to every row of the upsert, inserted
 * or updated ("for backwards compatibility"). An update permission written with {@code "check": {}} has a check
 * (TRUE); one without the key has none — the checked {@link dev.hasuraperms.check.UpdateRule} cannot tell them apart
 * (both are TRUE), so this reads the metadata.
 */
public final class UpsertChecks {

    private UpsertChecks() {
    }

    /**
     * Whether the update permission of {@code role} on {@code table} gives a {@code check}. True when the metadata
     * does not say (the checked rule's check then applies).
     */
    public static boolean updateCheckGiven(CheckedPermissions permissions, QualifiedName table, String role) {
        return permissions.source().table(table).map(TableMetadata::updatePermissions).flatMap(list -> list.stream()
                        .filter(e -> e.role().equals(role)).findFirst())
                .map(PermissionEntry::permission).map(UpdatePermission::check).map(c -> c.isPresent()).orElse(true);
    }

    /** The check for the rows {@code plan}'s upsert updates (its insert check when the update permission has none). */
    public static Predicate updatedRowsCheck(CheckedPermissions permissions, InsertPlan plan) {
        InsertPlan.Upsert upsert = plan.upsert().orElseThrow(() -> new IllegalArgumentException("not an upsert"));
        return updateCheckGiven(permissions, plan.rule().table(), plan.rule().role())
                ? upsert.rule().check() : plan.rule().check();
    }
}

package dev.hasuraperms.benchmarks.db;

import java.util.EnumMap;
import java.util.Map;

/**
 * One query of a workload for one permission and one user: the statement of every variant.
 *
 * @param workload   e.g. {@code seed 1M}
 * @param query      e.g. {@code newest 20}
 * @param permission the permission set
 * @param user       the user class
 */
record Case(String workload, String query, String permission, String user, Map<Variant, Sql> variants) {

    Case {
        variants = new EnumMap<>(variants);
    }

    String label() {
        return workload + " · " + query + " · " + permission + (user.isEmpty() ? "" : " · " + user);
    }
}

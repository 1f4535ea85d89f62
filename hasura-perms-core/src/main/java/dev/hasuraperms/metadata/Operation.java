package dev.hasuraperms.metadata;

import java.util.Locale;
import java.util.Optional;

/** The four permission kinds, and the four operations they govern. */
public enum Operation {
    /** Reading rows. */
    SELECT,
    /** Inserting rows (an upsert is an insert). */
    INSERT,
    /** Updating rows. */
    UPDATE,
    /** Deleting rows. */
    DELETE;

    private final String key = name().toLowerCase(Locale.ROOT);
    private final String permissionsKey = key + "_permissions";

    /**
     * {@code select}, {@code insert}, {@code update} or {@code delete}.
     *
     * @return the key, never null
     */
    public String key() {
        return key;
    }

    /** {@return the metadata key of this kind's permission list, e.g. {@code select_permissions}} */
    public String permissionsKey() {
        return permissionsKey;
    }

    /**
     * {@return the operation called {@code key} (case-insensitive)}
     *
     * @param key the key, e.g. {@code select}; never null
     */
    public static Optional<Operation> fromKey(String key) {
        for (Operation op : values()) {
            if (op.key().equalsIgnoreCase(key)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}

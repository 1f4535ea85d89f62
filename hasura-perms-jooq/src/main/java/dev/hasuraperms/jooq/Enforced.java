package dev.hasuraperms.jooq;

import org.jooq.Configuration;

/**
 * Marks the configurations that the enforced operations ({@code SecureDsl}) run their statements with, so that the
 * drop-in listener ({@code PermissionListener}) leaves those statements alone: they carry their permission already.
 */
final class Enforced {

    /** The {@link Configuration#data()} key of the mark. */
    static final String KEY = "dev.hasuraperms.jooq.enforced";

    private Enforced() {
    }

    /** A configuration derived from {@code c} whose statements are marked as enforced. */
    static Configuration mark(Configuration c) {
        Configuration derived = c.derive();
        derived.data(KEY, Boolean.TRUE);
        return derived;
    }

    /** Whether statements run with {@code c} are enforced ones. */
    static boolean isMarked(Configuration c) {
        return Boolean.TRUE.equals(c.data(KEY));
    }
}

package dev.hasuraperms.enforce;

/**
 * Options of a SQL backend ({@code JdbcPermissions.of(checked, options)}, {@code JooqPermissions.of(checked, options)}).
 *
 * @param optimize  whether to run the IR optimizer on the compiled predicates (on by default; off for comparison, or as
 *                  an escape hatch)
 * @param cacheSize how many rendered predicates (and redactions, relationship models) the backend keeps; at least 1
 */
public record BackendOptions(boolean optimize, long cacheSize) {

    /** The optimizer on, 10,000 cached predicates. */
    public static final BackendOptions DEFAULT = new BackendOptions(true, 10_000);

    /**
     * Validates the options.
     *
     * @param optimize  whether the IR optimizer runs
     * @param cacheSize how many rendered predicates to keep (at least 1)
     * @throws IllegalArgumentException when {@code cacheSize} is less than 1
     */
    public BackendOptions {
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be at least 1, was " + cacheSize);
        }
    }

    /**
     * A copy with the optimizer on or off.
     *
     * @param optimize whether to run the IR optimizer
     * @return the copy
     */
    public BackendOptions withOptimize(boolean optimize) {
        return new BackendOptions(optimize, cacheSize);
    }

    /**
     * A copy that keeps {@code cacheSize} rendered predicates.
     *
     * @param cacheSize how many rendered predicates to keep, at least 1
     * @return the copy
     * @throws IllegalArgumentException when {@code cacheSize} is less than 1
     */
    public BackendOptions withCacheSize(long cacheSize) {
        return new BackendOptions(optimize, cacheSize);
    }
}

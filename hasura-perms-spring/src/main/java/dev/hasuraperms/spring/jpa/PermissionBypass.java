package dev.hasuraperms.spring.jpa;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The explicit, logged way to read entities of permission tables without their select permission on the current
 * thread (background jobs, administration, tests): inside {@link #call}, repositories do not add the permission's
 * filter and loaded entities are not checked against it. Each use is logged at WARN with its caller. Writes are
 * still guarded by {@link JpaWriteGuard}.
 */
public final class PermissionBypass {

    private static final Logger LOG = LoggerFactory.getLogger(PermissionBypass.class);
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final StackWalker WALKER = StackWalker.getInstance();

    private PermissionBypass() {
    }

    /**
     * Runs {@code work} without read permissions on this thread, logging the caller at WARN. Writes stay guarded.
     *
     * @param work the code to run
     * @param <T>  the type of the result
     * @return what {@code work} returns
     * @throws NullPointerException when {@code work} is null
     */
    public static <T> T call(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        LOG.warn("hasura-perms: permission bypass (unfiltered reads) by {}", caller());
        return inBypass(work);
    }

    /**
     * Runs {@code work} without read permissions on this thread, logging the caller at WARN. Writes stay guarded.
     *
     * @param work the code to run
     * @throws NullPointerException when {@code work} is null
     */
    public static void run(Runnable work) {
        Objects.requireNonNull(work, "work");
        LOG.warn("hasura-perms: permission bypass (unfiltered reads) by {}", caller());
        inBypass(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Whether the current thread is inside a bypass.
     *
     * @return {@code true} inside {@link #call} or {@link #run} (at any nesting depth)
     */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    static <T> T inBypass(Supplier<T> work) {
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            return work.get();
        } finally {
            if (--depth[0] == 0) {
                DEPTH.remove();
            }
        }
    }

    private static String caller() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().equals(PermissionBypass.class.getName()))
                .findFirst().map(f -> f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
                .orElse("?"));
    }
}

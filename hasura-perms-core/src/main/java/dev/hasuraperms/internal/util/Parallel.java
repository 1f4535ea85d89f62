package dev.hasuraperms.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Order-preserving maps over independent items (the tables of a large metadata), on the common fork-join pool when
 * enabled and there are enough items to pay for it. Results and their order are those of a sequential loop.
 */
public final class Parallel {

    /** Below this many items the work runs on the calling thread. */
    public static final int THRESHOLD = 64;

    private Parallel() {
    }

    /**
     * Whether to run on other threads: only when asked for with {@code -Dhasuraperms.parallel=true} and there is more
     * than one processor. Off by default: loading is bound by the garbage collector, and on the two-core machine of
     * docs/performance.md a second mutator thread made load + check slower (1.17–1.38 s against 0.92–0.95 s).
     */
    public static boolean available() {
        return Boolean.getBoolean("hasuraperms.parallel") && Runtime.getRuntime().availableProcessors() >= 2 && ForkJoinPool.getCommonPoolParallelism() >= 1;
    }


    /** {@code items} mapped by {@code f}, in order. */
    public static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> f) {
        if (items.size() < THRESHOLD || !available()) {
            List<R> out = new ArrayList<>(items.size());
            for (T t : items) {
                out.add(f.apply(t));
            }
            return out;
        }
        return items.parallelStream().<R>map(f).toList();
    }
}

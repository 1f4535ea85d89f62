package dev.hasuraperms.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Order-preserving maps over independent items (the tables of a large metadata), on the common fork-join pool when
 * there are enough items to pay for it. Results and their order are those of a sequential loop.
 */
public final class Parallel {

    /** Below this many items the work runs on the calling thread. */
    public static final int THRESHOLD = 64;

    private Parallel() {
    }

    /** {@code items} mapped by {@code f}, in order. */
    public static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> f) {
        if (items.size() < THRESHOLD || ForkJoinPool.getCommonPoolParallelism() < 2) {
            List<R> out = new ArrayList<>(items.size());
            for (T t : items) {
                out.add(f.apply(t));
            }
            return out;
        }
        return items.parallelStream().<R>map(f).toList();
    }
}

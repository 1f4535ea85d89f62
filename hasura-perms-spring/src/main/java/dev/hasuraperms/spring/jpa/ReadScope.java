package dev.hasuraperms.spring.jpa;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the current thread is doing inside a guarded repository call: reading one entity through its select
 * Specification (the entities of that type Hibernate loads are recorded, and those not among the results are checked
 * afterwards), or writing (loads for a merge or delete are judged by the write guard, not the select permission).
 */
final class ReadScope {

    private static final ThreadLocal<Deque<ReadScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    final EntityMapping filtered;
    final boolean write;
    final List<Object> loaded = new ArrayList<>();

    private ReadScope(EntityMapping filtered, boolean write) {
        this.filtered = filtered;
        this.write = write;
    }

    static ReadScope current() {
        Deque<ReadScope> s = STACK.get();
        return s.isEmpty() ? null : s.peek();
    }

    static ReadScope open(EntityMapping filtered, boolean write) {
        ReadScope scope = new ReadScope(filtered, write);
        STACK.get().push(scope);
        return scope;
    }

    void close() {
        Deque<ReadScope> s = STACK.get();
        s.remove(this);
        if (s.isEmpty()) {
            STACK.remove();
        }
    }
}

package dev.hasuraperms.metadata;

import java.util.List;

/**
 * An immutable list of names whose {@code indexOf} and {@code contains} take constant time (the index is built on
 * first use), so looking up each of 64,000 listed columns is linear, not quadratic. Equal to any list with the
 * same names.
 */
final class IndexedNames extends java.util.AbstractList<String> implements java.util.RandomAccess {
    private final String[] names;
    private volatile java.util.Map<String, Integer> index;

    private IndexedNames(String[] names) {
        this.names = names;
    }

    static List<String> copyOf(List<String> list) {
        if (list instanceof IndexedNames n) {
            return n;
        }
        String[] a = list.toArray(new String[0]);
        for (String s : a) {
            java.util.Objects.requireNonNull(s, "column");
        }
        return new IndexedNames(a);
    }

    @Override
    public String get(int i) {
        return names[i];
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public int indexOf(Object o) {
        if (names.length < 8) {
            return super.indexOf(o);
        }
        java.util.Map<String, Integer> m = index;
        if (m == null) {
            java.util.HashMap<String, Integer> built = new java.util.HashMap<>(names.length * 2);
            for (int i = names.length - 1; i >= 0; i--) {
                built.put(names[i], i);
            }
            index = m = built;
        }
        Integer i = m.get(o);
        return i == null ? -1 : i;
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }
}

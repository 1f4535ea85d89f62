package dev.hasuraperms.json;

import java.util.AbstractList;
import java.util.RandomAccess;

/** A read-only list view over an array the JSON tree owns and never changes; no copy. */
final class ReadOnlyArrayList<T> extends AbstractList<T> implements RandomAccess {

    private final T[] array;

    ReadOnlyArrayList(T[] array) {
        this.array = array;
    }

    @Override
    public T get(int index) {
        return array[index];
    }

    @Override
    public int size() {
        return array.length;
    }
}

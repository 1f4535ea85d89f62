package dev.hasuraperms.internal.json;

/**
 * Canonical instances of the short strings of one document: metadata repeats the same column names, role names and
 * session-variable names thousands of times, and one instance of each keeps the loaded model small. Looks up straight
 * from the parser's character buffer, so a repeated string allocates nothing. Not thread-safe; one per document.
 */
final class StringTable {

    private static final int MAX_LENGTH = 64;
    private static final int MAX_ENTRIES = 1 << 16;
    /**
     * Probes before giving up on sharing a string: strings chosen to have one hash code ("Aa" and "BB" combined)
     * would otherwise make each lookup scan all the earlier ones (65,536 such strings, 2 MB of JSON, took 83 s).
     * Linear probing without deletions finds every stored string within the probes it was stored at.
     */
    private static final int MAX_PROBES = 32;

    private String[] table;
    private int size;

    StringTable() {
        this(1024);
    }

    /** A table with room for {@code capacity / 2} strings before it grows; {@code capacity} a power of two. */
    StringTable(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        table = new String[capacity];
    }

    String canonical(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + chars[offset + i];
        }
        int mask = table.length - 1;
        int slot = mix(h) & mask;
        for (int probe = 0; ; probe++) {
            String s = table[slot];
            if (probe == MAX_PROBES) {
                return new String(chars, offset, length);
            }
            if (s == null) {
                String created = new String(chars, offset, length);
                if (size < MAX_ENTRIES) {
                    table[slot] = created;
                    if (++size * 2 > table.length) {
                        grow();
                    }
                }
                return created;
            }
            if (s.length() == length && s.hashCode() == h && equal(s, chars, offset, length)) {
                return s;
            }
            slot = (slot + 1) & mask;
        }
    }

    String canonical(String s) {
        if (s.length() > MAX_LENGTH) {
            return s;
        }
        int h = s.hashCode();
        int mask = table.length - 1;
        int slot = mix(h) & mask;
        for (int probe = 0; ; probe++) {
            String t = table[slot];
            if (probe == MAX_PROBES) {
                return s;
            }
            if (t == null) {
                if (size < MAX_ENTRIES) {
                    table[slot] = s;
                    if (++size * 2 > table.length) {
                        grow();
                    }
                }
                return s;
            }
            if (t.hashCode() == h && t.equals(s)) {
                return t;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean equal(String s, char[] chars, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    private void grow() {
        String[] old = table;
        table = new String[old.length * 2];
        int mask = table.length - 1;
        for (String s : old) {
            if (s != null) {
                int slot = mix(s.hashCode()) & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = s;
            }
        }
    }
}

package dev.hasuraperms.internal.json;

import java.util.SplittableRandom;

/**
 * Keys for hash maps over strings a caller chooses (object keys of a caller filter, a JWT claim set, metadata).
 * {@link String#hashCode()} is fixed and public, so 2^k strings made of "Aa" and "BB" share one hash code and a map
 * falls back to its tree bins: 65,536 such keys in one object (2 MB of JSON) took about 3 s to read, growing with
 * the document. These keys hash with a per-process random seed and a non-linear mix, so colliding sets cannot be
 * prepared in advance. Equality is the strings' equality; iteration order of a map keyed by them is not stable
 * across runs, so use them only for lookups.
 */
public final class HashKeys {

    private static final int SEED = new SplittableRandom().nextInt();

    private HashKeys() {
    }

    /** A map key equal to another exactly when the strings are equal. */
    public static Object of(String s) {
        return new Key(s, hash(s));
    }

    static int hash(String s) {
        int h = SEED ^ s.length();
        for (int i = 0; i < s.length(); i++) {
            h = Integer.rotateLeft((h ^ s.charAt(i)) * 0x9E3779B1, 15) * 0x85EBCA77;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private record Key(String s, int h) {
        @Override
        public int hashCode() {
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.h == h && k.s.equals(s);
        }
    }
}

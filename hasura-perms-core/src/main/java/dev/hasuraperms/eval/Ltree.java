package dev.hasuraperms.eval;

import java.util.Arrays;
import java.util.List;

/** ltree comparison and ancestry (labels compared exactly, byte-wise). */
final class Ltree {

    private Ltree() {
    }

    static List<String> labels(String path) {
        return path.isEmpty() ? List.of() : Arrays.asList(path.split("\\.", -1));
    }

    /** ltree_compare: label by label (byte order, a prefix first), then fewer labels first. */
    static int compare(String a, String b) {
        List<String> la = labels(a);
        List<String> lb = labels(b);
        int n = Math.min(la.size(), lb.size());
        for (int i = 0; i < n; i++) {
            int c = Values.compareCodePoints(la.get(i), lb.get(i));
            if (c != 0) {
                return c < 0 ? -1 : 1;
            }
        }
        return Integer.compare(la.size(), lb.size());
    }

    /** {@code a @> b}: a is an ancestor of b or equal to it (its labels are a prefix of b's). */
    static boolean isAncestor(String a, String b) {
        List<String> la = labels(a);
        List<String> lb = labels(b);
        return la.size() <= lb.size() && lb.subList(0, la.size()).equals(la);
    }
}

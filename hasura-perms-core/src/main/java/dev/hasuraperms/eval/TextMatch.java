package dev.hasuraperms.eval;

import dev.hasuraperms.types.PgRegex;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** LIKE, ILIKE, SIMILAR TO and POSIX regular expressions, with compiled patterns cached (thread-safe). */
final class TextMatch {

    private static final int CACHE_SIZE = 512;

    private final Map<String, Object> cache = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private synchronized Object cached(String key) {
        return cache.get(key);
    }

    private synchronized void put(String key, Object value) {
        cache.put(key, value);
    }

    // ------------------------------------------------------------------------------------------------- LIKE

    /**
     * {@code text LIKE pattern} (or ILIKE when {@code insensitive}): {@code %} any sequence, {@code _} any one
     * character, backslash escapes the next character; a pattern ending in a backslash is an error. ILIKE folds
     * only A-Z, as PostgreSQL does in the C locale.
     */
    boolean like(String text, String pattern, boolean insensitive) {
        String key = (insensitive ? "I" : "L") + pattern;
        int[] compiled = (int[]) cached(key);
        if (compiled == null) {
            compiled = compileLike(insensitive ? Values.lowerAscii(pattern) : pattern);
            put(key, compiled);
        }
        return matchLike(insensitive ? Values.lowerAscii(text) : text, compiled);
    }

    /** ANY_SEQ and ANY_ONE as negative code points. */
    private static final int ANY_SEQ = -1;
    private static final int ANY_ONE = -2;

    static int[] compileLike(String pattern) {
        int[] out = new int[pattern.length()];
        int n = 0;
        int i = 0;
        while (i < pattern.length()) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\') {
                if (i >= pattern.length()) {
                    throw EvaluationException.error("LIKE pattern must not end with escape character ("
                            + quote(pattern) + ")");
                }
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                out[n++] = next;
            } else if (cp == '%') {
                if (n == 0 || out[n - 1] != ANY_SEQ) {
                    out[n++] = ANY_SEQ;
                }
            } else if (cp == '_') {
                out[n++] = ANY_ONE;
            } else {
                out[n++] = cp;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Wildcard matching with backtracking to the last {@code %}: linear in practice, quadratic at worst. */
    static boolean matchLike(String text, int[] p) {
        int[] t = text.codePoints().toArray();
        int ti = 0;
        int pi = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length) {
            if (pi < p.length && (p[pi] == ANY_ONE || p[pi] == t[ti])) {
                ti++;
                pi++;
            } else if (pi < p.length && p[pi] == ANY_SEQ) {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == ANY_SEQ) {
            pi++;
        }
        return pi == p.length;
    }

    // ------------------------------------------------------------------------------------------- SIMILAR TO

    /** {@code text SIMILAR TO pattern}: PostgreSQL's translation to an anchored ARE, then a regex match. */
    boolean similar(String text, String pattern, boolean insensitive) {
        String key = (insensitive ? "s" : "S") + pattern;
        Pattern p = (Pattern) cached(key);
        if (p == null) {
            p = compilePattern(PgRegex.similarToRegex(pattern), insensitive);
            put(key, p);
        }
        return find(p, text, pattern);
    }

    // ------------------------------------------------------------------------------------------- POSIX regex

    /** {@code text ~ pattern} ({@code ~*} when {@code insensitive}): a match anywhere. */
    boolean regex(String text, String pattern, boolean insensitive) {
        String key = (insensitive ? "r" : "R") + pattern;
        Pattern p = (Pattern) cached(key);
        if (p == null) {
            p = compilePattern(pattern, insensitive);
            put(key, p);
        }
        return find(p, text, pattern);
    }

    /** The Java pattern of an ARE, PostgreSQL's errors and untranslatable constructs turned into evaluation refusals. */
    private static Pattern compilePattern(String are, boolean insensitive) {
        try {
            return PgRegex.compile(are, insensitive);
        } catch (dev.hasuraperms.types.ValueParseException e) {
            throw EvaluationException.error(e.getMessage());
        } catch (dev.hasuraperms.types.UntranslatablePatternException e) {
            throw new UnsupportedInMemoryException(e.getMessage());
        }
    }

    private static boolean find(Pattern p, String text, String pattern) {
        try {
            return p.matcher(text).find();
        } catch (StackOverflowError e) {
            throw new UnsupportedInMemoryException("pattern " + quote(pattern)
                    + " is too complex for the in-memory evaluator on a value of " + text.length() + " characters");
        }
    }

    private static String quote(String s) {
        return "'" + Values.abbreviate(s).replace("'", "''") + "'";
    }
}

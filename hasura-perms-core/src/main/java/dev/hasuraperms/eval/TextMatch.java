package dev.hasuraperms.eval;

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
            p = PgRegex.compile(similarToRegex(pattern), insensitive);
            put(key, p);
        }
        return find(p, text, pattern);
    }

    /**
     * {@code similar_to_escape(pattern)} (PostgreSQL 13 and later), with the default escape character backslash:
     * {@code ^(?:...)$} around the pattern, {@code %} to {@code .*}, {@code _} to {@code .}, {@code (} to
     * {@code (?:}, {@code . ^ $} escaped, escaped characters passed on with a backslash, bracket expressions
     * copied, escape-double-quote turned into the SUBSTRING separators.
     */
    static String similarToRegex(String pattern) {
        StringBuilder r = new StringBuilder("^(?:");
        boolean afterEscape = false;
        int nquotes = 0;
        int bracketDepth = 0;
        int charclassPos = 0;
        int i = 0;
        while (i < pattern.length()) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            if (afterEscape) {
                if (cp == '"' && bracketDepth < 1) {
                    if (nquotes == 0) {
                        r.append("){1,1}?(");
                    } else if (nquotes == 1) {
                        r.append("){1,1}(?:");
                    } else {
                        throw EvaluationException.error("SQL regular expression may not contain more than two "
                                + "escape-double-quote separators (" + quote(pattern) + ")");
                    }
                    nquotes++;
                } else {
                    r.append('\\').appendCodePoint(cp);
                    charclassPos = 3;
                }
                afterEscape = false;
            } else if (cp == '\\') {
                afterEscape = true;
            } else if (bracketDepth > 0) {
                r.appendCodePoint(cp);
                if (cp == ']' && charclassPos > 2) {
                    bracketDepth--;
                } else if (cp == '[') {
                    bracketDepth++;
                    charclassPos = 3;
                } else if (cp == '^') {
                    charclassPos++;
                } else {
                    charclassPos = 3;
                }
            } else if (cp == '[') {
                r.append('[');
                bracketDepth = 1;
                charclassPos = 1;
            } else if (cp == '%') {
                r.append(".*");
            } else if (cp == '_') {
                r.append('.');
            } else if (cp == '(') {
                r.append("(?:");
            } else if (cp == '.' || cp == '^' || cp == '$') {
                r.append('\\').appendCodePoint(cp);
            } else {
                r.appendCodePoint(cp);
            }
        }
        return r.append(")$").toString();
    }

    // ------------------------------------------------------------------------------------------- POSIX regex

    /** {@code text ~ pattern} ({@code ~*} when {@code insensitive}): a match anywhere. */
    boolean regex(String text, String pattern, boolean insensitive) {
        String key = (insensitive ? "r" : "R") + pattern;
        Pattern p = (Pattern) cached(key);
        if (p == null) {
            p = PgRegex.compile(pattern, insensitive);
            put(key, p);
        }
        return find(p, text, pattern);
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

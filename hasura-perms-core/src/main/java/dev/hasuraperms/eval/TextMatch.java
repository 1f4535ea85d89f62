package dev.hasuraperms.eval;

import dev.hasuraperms.types.Patterns;
import dev.hasuraperms.types.PgRegex;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * LIKE, ILIKE, SIMILAR TO and POSIX regular expressions, with compiled patterns cached (thread-safe).
 *
 * <p>Matching is bounded by a step budget, so that a pattern that backtracks badly ({@code (a{1,10}){1,10}$} on 61
 * characters would run for minutes on {@link java.util.regex}) is refused as {@link UnsupportedInMemoryException}
 * instead of running: a regular expression or SIMILAR TO match may read the text's characters at most
 * {@value #STEP_BUDGET} + {@value #STEPS_PER_CHARACTER} &times; (length of the text) times, a LIKE match may take as
 * many steps. The budget counts reads, not time, so the outcome is the same on every machine. Patterns longer than
 * {@link Patterns#MAX_PATTERN_LENGTH} are refused the same way.
 */
final class TextMatch {

    /** Steps (character reads) a match may take, whatever the length of the text. */
    static final long STEP_BUDGET = 1_000_000L;

    /** Further steps a match may take per character of the text. */
    static final long STEPS_PER_CHARACTER = 100L;

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
        return matchLikeBounded(insensitive ? Values.lowerAscii(text) : text, compiled, budget(text));
    }

    /** The steps a match on {@code text} may take. */
    static long budget(String text) {
        return STEP_BUDGET + STEPS_PER_CHARACTER * text.length();
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
        return matchLikeBounded(text, p, Long.MAX_VALUE);
    }

    /**
     * {@link #matchLike}, refused with {@link UnsupportedInMemoryException} after {@code budget} steps.
     */
    static boolean matchLikeBounded(String text, int[] p, long budget) {
        int[] t = text.codePoints().toArray();
        int ti = 0;
        int pi = 0;
        int star = -1;
        int mark = 0;
        long steps = 0;
        while (ti < t.length) {
            if (++steps > budget) {
                throw new UnsupportedInMemoryException("LIKE pattern needs more than " + budget
                        + " steps on a value of " + text.length() + " characters in the in-memory evaluator");
            }
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
        refuseLong(pattern);
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
        refuseLong(pattern);
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

    private static void refuseLong(String pattern) {
        if (pattern.length() > Patterns.MAX_PATTERN_LENGTH) {
            throw new UnsupportedInMemoryException("pattern of " + pattern.length() + " characters is longer than the "
                    + Patterns.MAX_PATTERN_LENGTH + " the in-memory evaluator accepts");
        }
    }

    private static boolean find(Pattern p, String text, String pattern) {
        long budget = budget(text);
        try {
            return p.matcher(new Counted(text, budget)).find();
        } catch (BudgetExceeded e) {
            throw new UnsupportedInMemoryException("pattern " + quote(pattern) + " needs more than " + budget
                    + " steps on a value of " + text.length() + " characters in the in-memory evaluator");
        } catch (StackOverflowError e) {
            throw new UnsupportedInMemoryException("pattern " + quote(pattern)
                    + " is too complex for the in-memory evaluator on a value of " + text.length() + " characters");
        }
    }

    /** Thrown by {@link Counted} when the budget is spent (no stack trace: it is caught right away). */
    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** The text, counting the character reads of the matcher and stopping it when the budget is spent. */
    private static final class Counted implements CharSequence {
        private final String text;
        private long left;

        Counted(String text, long budget) {
            this.text = text;
            this.left = budget;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static String quote(String s) {
        return "'" + Values.abbreviate(s).replace("'", "''") + "'";
    }
}

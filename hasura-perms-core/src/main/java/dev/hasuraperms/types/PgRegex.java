package dev.hasuraperms.types;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates PostgreSQL advanced regular expressions (AREs, the flavour of {@code ~}, {@code ~*} and of SIMILAR TO
 * after its translation) into {@link java.util.regex.Pattern}s that find the same matches in the C locale. Only a
 * match anywhere in the string matters here (the operators test for a match), which is the same for PostgreSQL's
 * leftmost-longest and Java's leftmost-first rules.
 *
 * <p>What is translated: literals; {@code .} (any character, newlines included); {@code ^} and {@code $} (start and
 * very end of the string); bracket expressions with ranges, negation, a leading {@code ]}, the POSIX classes
 * {@code [:alpha:]} etc. (ASCII only, as in the C locale; {@code [:upper:]} and {@code [:lower:]} mean
 * {@code [:alpha:]} when matching is case-insensitive, as in PostgreSQL) and the escapes below; groups
 * {@code (...)}, {@code (?:...)}; lookahead {@code (?=...)}, {@code (?!...)} and lookbehind {@code (?<=...)},
 * {@code (?<!...)} (as far as Java accepts them); comments {@code (?#...)}; quantifiers {@code * + ? {m} {m,}
 * {m,n}} (at most 255) and their non-greedy forms; a left brace not followed by a digit as a literal; the escapes
 * {@code \a \b} (backspace) {@code \B} (backslash) {@code \cX \e \f \n \r \t \v}, &#92;{@code uXXXX},
 * {@code \UXXXXXXXX \xHH... \d \s \w \D \S \W \A \Z \m \M \y \Y} and a backslash before any other
 * non-alphanumeric character; the director prefixes {@code ***=} and
 * {@code ***:}; and the leading embedded options {@code (?c)}, {@code (?i)}, {@code (?q)}, {@code (?s)},
 * {@code (?t)}.
 *
 * <p>Refused with {@link UntranslatablePatternException} (they could not be mapped with certainty): back references
 * and octal escapes ({@code \1}..{@code \9}, {@code \0}), collating elements {@code [.x.]} and equivalence classes
 * {@code [=x=]}, {@code \D \S \W} inside brackets, any other {@code (?} construct, the embedded options
 * {@code b e m n p w x}, and anything {@link Pattern} does not accept after translation. Refused with
 * {@link ValueParseException}, as PostgreSQL raises an error: a trailing backslash, an
 * unknown alphanumeric escape, unbalanced parentheses or brackets, a quantifier without an operand, and invalid
 * bounds or ranges.
 */
public final class PgRegex {

    /** Word characters of {@code \m \M \y \Y} in the C locale. */
    private static final String W = "[A-Za-z0-9_]";

    private final String source;
    private final StringBuilder out = new StringBuilder();
    private int pos;
    private boolean caseInsensitive;
    private int depth;

    private PgRegex(String source, boolean caseInsensitive) {
        this.source = source;
        this.caseInsensitive = caseInsensitive;
    }

    /**
     * {@return the Java pattern for the ARE {@code are}, case-insensitive as {@code ~*} when asked} The translation is
     * wrapped in a non-capturing group: a pattern starting with a literal would otherwise get {@link Pattern}'s
     * Boyer-Moore search table, whose construction is quadratic in the literal's length (16 s for 100,000 characters).
     *
     * @param are the advanced regular expression; never null
     * @param caseInsensitive true for {@code ~*}
     */
    public static Pattern compile(String are, boolean caseInsensitive) {
        PgRegex r = new PgRegex(are, caseInsensitive);
        String java = "(?:" + r.translate() + ")";
        int flags = Pattern.DOTALL | (r.caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
        try {
            return Pattern.compile(java, flags);
        } catch (PatternSyntaxException e) {
            throw new UntranslatablePatternException("regular expression " + quote(are)
                    + " cannot be evaluated in memory (its Java translation is refused: " + e.getDescription() + ")");
        }
    }

    /**
     * Checks the ARE {@code are} as PostgreSQL's parser would, in time linear in its length, without building a
     * Java pattern.
     *
     * @param are the advanced regular expression; never null
     * @throws ValueParseException          where PostgreSQL raises an error
     * @throws UntranslatablePatternException a valid construct this class does not translate (PostgreSQL decides)
     */
    public static void check(String are) {
        new PgRegex(are, false).translate();
    }

    private String translate() {
        String s = source;
        if (s.startsWith("***=")) {
            return Pattern.quote(s.substring(4));
        }
        if (s.startsWith("***:")) {
            pos = 4;
        }
        if (source.startsWith("(?", pos) && pos + 2 < source.length() && Character.isLetter(source.charAt(pos + 2))) {
            int close = source.indexOf(')', pos);
            if (close < 0) {
                throw error("unterminated embedded options");
            }
            boolean literal = false;
            for (int i = pos + 2; i < close; i++) {
                char o = source.charAt(i);
                switch (o) {
                    case 'c':
                        caseInsensitive = false;
                        break;
                    case 'i':
                        caseInsensitive = true;
                        break;
                    case 'q':
                        literal = true;
                        break;
                    case 's':
                    case 't':
                        break;
                    case 'b': case 'e': case 'm': case 'n': case 'p': case 'w': case 'x':
                        throw unsupported("the embedded option (?" + o + ")");
                    default:
                        throw error("invalid embedded option " + o);
                }
            }
            pos = close + 1;
            if (literal) {
                return Pattern.quote(source.substring(pos));
            }
        }
        boolean canQuantify = false;
        boolean afterQuantifier = false;
        while (pos < source.length()) {
            int cp = source.codePointAt(pos);
            int len = Character.charCount(cp);
            switch (cp) {
                case '\\':
                    pos++;
                    canQuantify = escape(false);
                    afterQuantifier = false;
                    continue;
                case '[':
                    pos++;
                    bracket();
                    canQuantify = true;
                    afterQuantifier = false;
                    continue;
                case '(':
                    pos++;
                    if (source.startsWith("?", pos)) {
                        if (source.startsWith("?:", pos)) {
                            out.append("(?:");
                            pos += 2;
                        } else if (source.startsWith("?=", pos) || source.startsWith("?!", pos)) {
                            out.append("(?").append(source.charAt(pos + 1));
                            pos += 2;
                        } else if (source.startsWith("?<=", pos) || source.startsWith("?<!", pos)) {
                            out.append("(?<").append(source.charAt(pos + 2));
                            pos += 3;
                        } else if (source.startsWith("?#", pos)) {
                            int close = source.indexOf(')', pos);
                            if (close < 0) {
                                throw error("unterminated comment");
                            }
                            pos = close + 1;
                            continue;
                        } else {
                            throw unsupported("the construct (" + source.substring(pos, Math.min(source.length(), pos + 2)));
                        }
                    } else {
                        out.append('(');
                    }
                    depth++;
                    canQuantify = false;
                    afterQuantifier = false;
                    continue;
                case ')':
                    if (depth == 0) {
                        throw error("parentheses () not balanced");
                    }
                    depth--;
                    out.append(')');
                    pos++;
                    canQuantify = true;
                    afterQuantifier = false;
                    continue;
                case '|':
                    out.append('|');
                    pos++;
                    canQuantify = false;
                    afterQuantifier = false;
                    continue;
                case '^':
                    out.append('^');
                    pos++;
                    canQuantify = false;
                    afterQuantifier = false;
                    continue;
                case '$':
                    out.append("\\z");
                    pos++;
                    canQuantify = false;
                    afterQuantifier = false;
                    continue;
                case '.':
                    out.append('.');
                    pos++;
                    canQuantify = true;
                    afterQuantifier = false;
                    continue;
                case '*':
                case '+':
                case '?':
                    if (afterQuantifier) {
                        if (cp == '?' && !lazy) {
                            out.append('?');
                            pos++;
                            lazy = true;
                            continue;
                        }
                        throw error("quantifier operand invalid");
                    }
                    if (!canQuantify) {
                        throw error("quantifier operand invalid");
                    }
                    out.appendCodePoint(cp);
                    pos++;
                    canQuantify = false;
                    afterQuantifier = true;
                    lazy = false;
                    continue;
                case '{':
                    if (pos + 1 < source.length() && isDigit(source.charAt(pos + 1))) {
                        if (afterQuantifier || !canQuantify) {
                            throw error("quantifier operand invalid");
                        }
                        bound();
                        canQuantify = false;
                        afterQuantifier = true;
                        lazy = false;
                        continue;
                    }
                    literal('{');
                    pos++;
                    canQuantify = true;
                    afterQuantifier = false;
                    continue;
                default:
                    literal(cp);
                    pos += len;
                    canQuantify = true;
                    afterQuantifier = false;
            }
        }
        if (depth != 0) {
            throw error("parentheses () not balanced");
        }
        return out.toString();
    }

    private boolean lazy;

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {m}, {m,}, {m,n}, each at most 255 (RE_DUP_MAX), optionally non-greedy. */
    private void bound() {
        int close = source.indexOf('}', pos);
        if (close < 0) {
            throw error("braces {} not balanced");
        }
        String body = source.substring(pos + 1, close);
        if (!body.matches("[0-9]+(,[0-9]*)?")) {
            throw error("invalid repetition count(s)");
        }
        String[] parts = body.split(",", -1);
        int m = parseCount(parts[0]);
        if (parts.length == 2 && !parts[1].isEmpty()) {
            int n = parseCount(parts[1]);
            if (m > n) {
                throw error("invalid repetition count(s)");
            }
        }
        out.append('{').append(body).append('}');
        pos = close + 1;
    }

    private int parseCount(String s) {
        if (s.length() > 3 || Integer.parseInt(s) > 255) {
            throw error("invalid repetition count(s)");
        }
        return Integer.parseInt(s);
    }

    /**
     * After a backslash (outside brackets, or inside when {@code inBracket}): appends the translation, returns
     * whether it is an atom a quantifier may follow.
     */
    private boolean escape(boolean inBracket) {
        if (pos >= source.length()) {
            throw error("invalid escape \\ sequence (a trailing backslash)");
        }
        int c = source.codePointAt(pos);
        pos += Character.charCount(c);
        switch (c) {
            case 'a':
                literal(0x07);
                return true;
            case 'b':
                literal(0x08);
                return true;
            case 'B':
                literal('\\');
                return true;
            case 'c': {
                if (pos >= source.length()) {
                    throw error("invalid escape \\ sequence");
                }
                int x = source.codePointAt(pos);
                pos += Character.charCount(x);
                literal(x & 0x1F);
                return true;
            }
            case 'e':
                literal(0x1B);
                return true;
            case 'f':
                literal('\f');
                return true;
            case 'n':
                literal('\n');
                return true;
            case 'r':
                literal('\r');
                return true;
            case 't':
                literal('\t');
                return true;
            case 'v':
                literal(0x0B);
                return true;
            case 'u':
                literal(hex(4, 4));
                return true;
            case 'U':
                literal(hex(8, 8));
                return true;
            case 'x':
                literal(hex(1, 8));
                return true;
            case 'd':
            case 's':
            case 'w':
                out.append('\\').appendCodePoint(c);
                return true;
            case 'D':
            case 'S':
            case 'W':
                if (inBracket) {
                    throw unsupported("\\" + (char) c + " inside a bracket expression");
                }
                out.append('\\').appendCodePoint(c);
                return true;
            default:
                break;
        }
        if (inBracket && (c == 'A' || c == 'Z' || c == 'm' || c == 'M' || c == 'y' || c == 'Y')) {
            throw error("invalid escape \\ sequence in a bracket expression");
        }
        switch (c) {
            case 'A':
                out.append("\\A");
                return false;
            case 'Z':
                out.append("\\z");
                return false;
            case 'm':
                out.append("(?<!" + W + ")(?=" + W + ")");
                return false;
            case 'M':
                out.append("(?<=" + W + ")(?!" + W + ")");
                return false;
            case 'y':
                out.append("(?:(?<=" + W + ")(?!" + W + ")|(?<!" + W + ")(?=" + W + "))");
                return false;
            case 'Y':
                out.append("(?:(?<=" + W + ")(?=" + W + ")|(?<!" + W + ")(?!" + W + "))");
                return false;
            default:
                break;
        }
        if (c >= '0' && c <= '9') {
            throw unsupported("back references and octal escapes (\\" + (char) c + ")");
        }
        if (Character.isLetterOrDigit(c)) {
            throw error("invalid escape \\ sequence (\\" + new String(Character.toChars(c)) + ")");
        }
        literal(c);
        return true;
    }

    private int hex(int min, int max) {
        int start = pos;
        while (pos < source.length() && pos - start < max && Character.digit(source.charAt(pos), 16) >= 0
                && source.charAt(pos) < 128) {
            pos++;
        }
        if (pos - start < min) {
            throw error("invalid escape \\ sequence (too few hexadecimal digits)");
        }
        long v = Long.parseLong(source.substring(start, pos), 16);
        if (v > Character.MAX_CODE_POINT || v == 0 || (v >= 0xD800 && v <= 0xDFFF)) {
            throw unsupported("the character escape \\" + source.substring(start - 1, pos));
        }
        return (int) v;
    }

    /** A bracket expression; {@code pos} is just after the '['. */
    private void bracket() {
        StringBuilder b = new StringBuilder("[");
        if (pos < source.length() && source.charAt(pos) == '^') {
            b.append('^');
            pos++;
        }
        boolean first = true;
        boolean any = false;
        while (true) {
            if (pos >= source.length()) {
                throw error("brackets [] not balanced");
            }
            int c = source.codePointAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            any = true;
            // One element: a class, an escape, or a character possibly starting a range.
            if (c == '[' && pos + 1 < source.length() && source.charAt(pos + 1) == ':') {
                int close = source.indexOf(":]", pos + 2);
                if (close < 0) {
                    throw error("brackets [] not balanced");
                }
                b.append(posixClass(source.substring(pos + 2, close)));
                pos = close + 2;
                if (pos + 1 < source.length() && source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
                    throw error("invalid character range");
                }
                continue;
            }
            if (c == '[' && pos + 1 < source.length() && (source.charAt(pos + 1) == '.' || source.charAt(pos + 1) == '=')) {
                throw unsupported("collating elements and equivalence classes ([. .] and [= =])");
            }
            int start;
            if (c == '\\') {
                pos++;
                int mark = out.length();
                boolean atom = escapeInBracket(b);
                if (!atom) {
                    continue;
                }
                start = lastLiteral;
                out.setLength(mark);
            } else {
                start = c;
                pos += Character.charCount(c);
            }
            if (pos + 1 < source.length() && source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
                pos++;
                int end;
                int e = source.codePointAt(pos);
                if (e == '\\') {
                    pos++;
                    boolean atom = escapeInBracket(new StringBuilder());
                    if (!atom) {
                        throw error("invalid character range");
                    }
                    end = lastLiteral;
                } else if (e == '[' && pos + 1 < source.length() && ".=:".indexOf(source.charAt(pos + 1)) >= 0) {
                    throw unsupported("a range ending in a bracketed element");
                } else {
                    end = e;
                    pos += Character.charCount(e);
                }
                if (end < start) {
                    throw error("invalid character range");
                }
                b.append(hexLiteral(start)).append('-').append(hexLiteral(end));
            } else {
                b.append(hexLiteral(start));
            }
        }
        if (!any) {
            throw error("brackets [] not balanced");
        }
        out.append(b).append(']');
    }

    private int lastLiteral = -1;

    /**
     * An escape inside brackets: a class escape is appended to {@code b} (returns false); a character escape sets
     * {@link #lastLiteral} (returns true).
     */
    private boolean escapeInBracket(StringBuilder b) {
        if (pos >= source.length()) {
            throw error("brackets [] not balanced");
        }
        int c = source.codePointAt(pos);
        if (c == 'd' || c == 's' || c == 'w') {
            pos++;
            b.append('\\').append((char) c);
            return false;
        }
        int mark = out.length();
        lastLiteralCapture = true;
        try {
            escape(true);
        } finally {
            lastLiteralCapture = false;
        }
        out.setLength(mark);
        return true;
    }

    private boolean lastLiteralCapture;

    private void literal(int cp) {
        if (lastLiteralCapture) {
            lastLiteral = cp;
            return;
        }
        out.append(hexLiteral(cp));
    }

    private static String hexLiteral(int cp) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) {
            return new String(Character.toChars(cp));
        }
        return "\\x{" + Integer.toHexString(cp) + "}";
    }

    private String posixClass(String name) {
        switch (name) {
            case "alnum":
                return "\\p{Alnum}";
            case "alpha":
                return "\\p{Alpha}";
            case "blank":
                return "\\p{Blank}";
            case "cntrl":
                return "\\p{Cntrl}";
            case "digit":
                return "\\p{Digit}";
            case "graph":
                return "\\p{Graph}";
            case "lower":
                return caseInsensitive ? "\\p{Alpha}" : "\\p{Lower}";
            case "print":
                return "\\p{Print}";
            case "punct":
                return "\\p{Punct}";
            case "space":
                return "\\p{Space}";
            case "upper":
                return caseInsensitive ? "\\p{Alpha}" : "\\p{Upper}";
            case "xdigit":
                return "\\p{XDigit}";
            case "word":
                return "\\w";
            default:
                throw error("invalid character class [:" + name + ":]");
        }
    }

    private ValueParseException error(String why) {
        return new ValueParseException("invalid regular expression " + quote(source) + ": " + why);
    }

    private UntranslatablePatternException unsupported(String what) {
        return new UntranslatablePatternException("regular expression " + quote(source) + " uses " + what
                + ", which cannot be translated to a Java regular expression");
    }

    private static String quote(String s) {
        return "'" + PgValues.abbreviate(s).replace("'", "''") + "'";
    }

    /**
     * {@code similar_to_escape(pattern)} (PostgreSQL 13 and later), with the default escape character backslash:
     * {@code ^(?:...)$} around the pattern, {@code %} to {@code .*}, {@code _} to {@code .}, {@code (} to
     * {@code (?:}, {@code . ^ $} escaped, escaped characters passed on with a backslash, bracket expressions
     * copied, escape-double-quote turned into the SUBSTRING separators.
     *
     * @param pattern the {@code SIMILAR TO} pattern; never null
     * @return the equivalent ARE, never null
     */
    public static String similarToRegex(String pattern) {
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
                        throw new ValueParseException("SQL regular expression may not contain more than two "
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
}

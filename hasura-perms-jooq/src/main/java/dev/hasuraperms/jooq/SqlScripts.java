package dev.hasuraperms.jooq;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a SQL script into statements the way {@code psql} does: a semicolon ends a statement unless it is inside a
 * string ({@code '...'}, {@code E'...'}), a quoted identifier, a dollar-quoted string ({@code $$...$$},
 * {@code $tag$...$tag$}), a comment ({@code --}, nested {@code /* *}{@code /}), parentheses, or the
 * {@code BEGIN ... END} body of a {@code CREATE FUNCTION} / {@code CREATE PROCEDURE} (SQL-standard bodies).
 *
 * <p>Also like {@code psql}: a line starting with a backslash where a statement would start is a meta-command and is
 * skipped, and the data lines after {@code COPY ... FROM stdin;} are skipped up to the {@code \.} line.
 */
final class SqlScripts {

    private static final Pattern COPY_FROM_STDIN =
            Pattern.compile("(?is)^\\s*copy\\b.*\\bfrom\\s+stdin\\b.*");

    /** The psql meta-commands that read another file. */
    private static final java.util.Set<String> INCLUDES = java.util.Set.of("\\i", "\\ir", "\\include",
            "\\include_relative");

    private SqlScripts() {
    }

    /** The statements of {@code text}; an unterminated string or comment is reported as a syntax error. */
    static List<SqlStatement> split(String text, String file, Diagnostics diagnostics) {
        return new Splitter(text, file, diagnostics).run();
    }

    /** Whether {@code c} can continue an unquoted identifier (or a dollar-quote tag, without {@code $}). */
    static boolean isIdentifierPart(char c) {
        return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c >= 0x80;
    }

    /** Whether {@code c} can start an unquoted identifier. */
    static boolean isIdentifierStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    }

    /**
     * The end (exclusive) of the dollar-quote opening tag at {@code i} ({@code $}, optional tag, {@code $}), or -1 if
     * there is none.
     */
    static int dollarTagEnd(String s, int i) {
        if (s.charAt(i) != '$') {
            return -1;
        }
        int j = i + 1;
        if (j < s.length() && isIdentifierStart(s.charAt(j))) {
            j++;
            while (j < s.length() && isIdentifierPart(s.charAt(j)) && s.charAt(j) != '$') {
                j++;
            }
        }
        return j < s.length() && s.charAt(j) == '$' ? j + 1 : -1;
    }

    /** Maps offsets to 1-based lines and columns. */
    static final class Lines {
        private final int[] starts;

        Lines(String text) {
            List<Integer> s = new ArrayList<>();
            s.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                    s.add(i + 1);
                }
            }
            starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        int line(int offset) {
            int idx = Arrays.binarySearch(starts, offset);
            return (idx >= 0 ? idx : -idx - 2) + 1;
        }

        int column(int offset) {
            return offset - starts[line(offset) - 1] + 1;
        }
    }

    private static final class Splitter {
        final String s;
        final String file;
        final Diagnostics diagnostics;
        final Lines lines;
        final List<SqlStatement> out = new ArrayList<>();

        int start = -1;
        int parenDepth;
        int beginDepth;
        int identifierCount;
        final char[] identifiers = new char[4];

        Splitter(String s, String file, Diagnostics diagnostics) {
            this.s = s;
            this.file = file;
            this.diagnostics = diagnostics;
            this.lines = new Lines(s);
        }

        List<SqlStatement> run() {
            int i = s.startsWith("\uFEFF") ? 1 : 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                    i = endOfLine(i);
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    int end = blockCommentEnd(s, i);
                    if (end < 0) {
                        unterminated(i, "comment");
                        return finish(n);
                    }
                    i = end;
                } else if (c == '\\' && start < 0) {
                    // A psql meta-command (\connect, \set, \restrict, ...) runs to the end of its line. Those that
                    // include another file could define anything.
                    int end = endOfLine(i);
                    String command = s.substring(i, end).strip().split("\\s+", 2)[0];
                    if (INCLUDES.contains(command)) {
                        diagnostics.report(DiagnosticCode.DDL_NOT_INTERPRETED,
                                Origin.of("$", new SourceLocation(file, lines.line(i), lines.column(i))),
                                "psql " + command + " is not interpreted; the schema model does not include what the "
                                        + "included file defines");
                    }
                    i = end;
                } else {
                    if (start < 0) {
                        start = i;
                    }
                    if (c == '\'') {
                        int end = stringEnd(s, i, false);
                        if (end < 0) {
                            unterminated(i, "string");
                            return finish(n);
                        }
                        i = end;
                    } else if (c == '"') {
                        int end = quotedIdentifierEnd(s, i);
                        if (end < 0) {
                            unterminated(i, "quoted identifier");
                            return finish(n);
                        }
                        i = end;
                    } else if (c == '$' && dollarTagEnd(s, i) > 0) {
                        int end = dollarStringEnd(s, i);
                        if (end < 0) {
                            unterminated(i, "dollar-quoted string");
                            return finish(n);
                        }
                        i = end;
                    } else if (isIdentifierStart(c)) {
                        int j = i + 1;
                        while (j < n && isIdentifierPart(s.charAt(j))) {
                            j++;
                        }
                        String word = s.substring(i, j);
                        if (j < n && s.charAt(j) == '\'' && word.equalsIgnoreCase("e")) {
                            int end = stringEnd(s, j, true);
                            if (end < 0) {
                                unterminated(i, "string");
                                return finish(n);
                            }
                            i = end;
                        } else {
                            identifier(word.toLowerCase(Locale.ROOT));
                            i = j;
                        }
                    } else if (c == '(') {
                        parenDepth++;
                        i++;
                    } else if (c == ')') {
                        if (parenDepth > 0) {
                            parenDepth--;
                        }
                        i++;
                    } else if (c == ';') {
                        if (parenDepth == 0 && beginDepth == 0) {
                            String text = s.substring(start, i);
                            emit(i);
                            i++;
                            if (COPY_FROM_STDIN.matcher(text).matches()) {
                                i = skipCopyData(i);
                            }
                        } else {
                            i++;
                        }
                    } else {
                        i++;
                    }
                }
            }
            return finish(n);
        }

        /** The psql heuristic for BEGIN ... END bodies of CREATE [OR REPLACE] FUNCTION / PROCEDURE. */
        void identifier(String word) {
            if (identifierCount == 0) {
                Arrays.fill(identifiers, '\0');
            }
            if (word.equals("create") || word.equals("function") || word.equals("procedure") || word.equals("or")
                    || word.equals("replace")) {
                if (identifierCount < identifiers.length) {
                    identifiers[identifierCount] = word.charAt(0);
                }
            }
            identifierCount++;
            if (identifiers[0] == 'c'
                    && (identifiers[1] == 'f' || identifiers[1] == 'p'
                    || (identifiers[1] == 'o' && identifiers[2] == 'r'
                    && (identifiers[3] == 'f' || identifiers[3] == 'p')))
                    && parenDepth == 0) {
                if (word.equals("begin")) {
                    beginDepth++;
                } else if (word.equals("case")) {
                    if (beginDepth >= 1) {
                        beginDepth++;
                    }
                } else if (word.equals("end")) {
                    if (beginDepth > 0) {
                        beginDepth--;
                    }
                }
            }
        }

        void emit(int end) {
            String text = s.substring(start, end);
            if (!text.isBlank()) {
                out.add(new SqlStatement(text, file, lines.line(start), lines.column(start)));
            }
            start = -1;
            parenDepth = 0;
            beginDepth = 0;
            identifierCount = 0;
        }

        List<SqlStatement> finish(int end) {
            if (start >= 0) {
                emit(end);
            }
            return out;
        }

        int endOfLine(int i) {
            while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                i++;
            }
            return i;
        }

        /** Skips the lines after COPY ... FROM stdin up to and including the line {@code \.}. */
        int skipCopyData(int i) {
            int lineStart = endOfLine(i);
            while (lineStart < s.length()) {
                lineStart = nextLine(lineStart);
                int lineEnd = endOfLine(lineStart);
                if (s.substring(lineStart, lineEnd).equals("\\.")) {
                    return lineEnd;
                }
                lineStart = lineEnd;
            }
            return s.length();
        }

        int nextLine(int i) {
            if (i < s.length() && s.charAt(i) == '\r') {
                i++;
            }
            if (i < s.length() && s.charAt(i) == '\n') {
                i++;
            }
            return i;
        }

        void unterminated(int at, String what) {
            diagnostics.report(DiagnosticCode.SYNTAX_ERROR,
                    Origin.of("$", new SourceLocation(file, lines.line(at), lines.column(at))),
                    "unterminated " + what + "; the rest of the script is not read");
            start = -1;
        }
    }

    /** The end (exclusive) of the string starting with the quote at {@code i}, or -1. */
    static int stringEnd(String s, int i, boolean backslashEscapes) {
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
            } else if (c == '\'') {
                if (j + 1 < s.length() && s.charAt(j + 1) == '\'') {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return -1;
    }

    /** The end (exclusive) of the quoted identifier starting at {@code i}, or -1. */
    static int quotedIdentifierEnd(String s, int i) {
        int j = i + 1;
        while (j < s.length()) {
            if (s.charAt(j) == '"') {
                if (j + 1 < s.length() && s.charAt(j + 1) == '"') {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return -1;
    }

    /** The end (exclusive) of the dollar-quoted string starting at {@code i}, or -1. */
    static int dollarStringEnd(String s, int i) {
        int tagEnd = dollarTagEnd(s, i);
        String tag = s.substring(i, tagEnd);
        int close = s.indexOf(tag, tagEnd);
        return close < 0 ? -1 : close + tag.length();
    }

    /** The end (exclusive) of the (nested) block comment starting at {@code i}, or -1. */
    static int blockCommentEnd(String s, int i) {
        int depth = 0;
        int j = i;
        while (j + 1 < s.length()) {
            if (s.charAt(j) == '/' && s.charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else if (s.charAt(j) == '*' && s.charAt(j + 1) == '/') {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return -1;
    }
}

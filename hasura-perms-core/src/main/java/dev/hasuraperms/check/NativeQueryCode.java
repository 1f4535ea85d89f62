package dev.hasuraperms.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The code of a native query split into SQL text and {@code {{argument}}} placeholders, the way Hasura reads it
 * ({@code parseInterpolatedQuery} in {@code Hasura/NativeQuery/InterpolatedQuery.hs}): a placeholder opens with
 * <code>{{</code>, its name is every character up to the next <code>}</code>, which must be followed by a second one. Like
 * Hasura ({@code trimQueryEnd}), blanks and semicolons at the end are dropped and a newline is added, so that a line
 * comment at the end cannot swallow what the statement adds after the code.
 *
 * <p>Stricter than Hasura, so that an argument is always a bind parameter: a placeholder's name must be a GraphQL
 * name (Hasura leaves a native query with another argument name out of the schema), and a placeholder may not stand
 * inside a string literal, a quoted identifier or a comment (where Hasura's {@code $n} would be text, not a
 * parameter), and the code may not use a positional parameter ({@code $1}), which would read a parameter of the
 * enforced statement. The code must be one query that cannot escape the parentheses it is written in: its
 * parentheses (outside literals and comments) balance, and it has no {@code ;} but the trailing ones Hasura drops. Each text part is ready for a JDBC statement: a question mark outside literals and comments is written
 * twice ({@code ??}), as pgjdbc reads it as a literal question mark. Immutable.
 *
 * @param parts the text and placeholders in order
 */
public record NativeQueryCode(List<Part> parts) {

    private static final Pattern GRAPHQL_NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

    /** A part of the code. */
    public sealed interface Part permits Text, Placeholder {
    }

    /**
     * SQL text, with pgjdbc's question marks escaped.
     *
     * @param sql the text as written into a JDBC statement
     */
    public record Text(String sql) implements Part {
        /**
         * Text.
         *
         * @param sql the text as written into a JDBC statement
         */
        public Text {
            Objects.requireNonNull(sql, "sql");
        }
    }

    /**
     * A placeholder.
     *
     * @param argument the argument's name
     */
    public record Placeholder(String argument) implements Part {
        /**
         * A placeholder.
         *
         * @param argument the argument's name
         */
        public Placeholder {
            Objects.requireNonNull(argument, "argument");
        }
    }

    /**
     * The code's parts.
     *
     * @param parts the text and placeholders in order
     */
    public NativeQueryCode {
        parts = List.copyOf(parts);
    }

    /** The code cannot be read (see {@link NativeQueryCode}); the message says where and why. */
    public static final class InvalidCodeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidCodeException(String message) {
            super(message);
        }
    }

    /** {@return the names of the arguments the placeholders use, in order of first use} */
    public Set<String> arguments() {
        Set<String> out = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Placeholder ph) {
                out.add(ph.argument());
            }
        }
        return out;
    }

    private enum State { CODE, STRING, ESCAPE_STRING, QUOTED, LINE_COMMENT, BLOCK_COMMENT, DOLLAR }

    /**
     * Reads {@code code}.
     *
     * @param code a native query's {@code code}
     * @return its parts
     * @throws InvalidCodeException for a {@code {{} without a matching {@code }}}, a placeholder name that is not a
     *                              GraphQL name, a placeholder inside a literal, quoted identifier or comment, a
     *                              positional parameter, an unclosed literal or comment, unbalanced parentheses, or a
     *                              {@code ;} between statements
     */
    public static NativeQueryCode parse(String code) {
        String c = trimEnd(code);
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        State state = State.CODE;
        int depth = 0;
        int parens = 0;
        String dollarTag = "";
        int n = c.length();
        int i = 0;
        while (i < n) {
            char ch = c.charAt(i);
            if (ch == '{' && i + 1 < n && c.charAt(i + 1) == '{') {
                int close = c.indexOf('}', i + 2);
                if (close < 0 || close + 1 >= n || c.charAt(close + 1) != '}') {
                    throw new InvalidCodeException("found '{{' without a matching closing '}}' at offset " + i);
                }
                String name = c.substring(i + 2, close);
                if (!GRAPHQL_NAME.matcher(name).matches()) {
                    throw new InvalidCodeException("the placeholder {{" + shorten(name) + "}} at offset " + i
                            + " does not name an argument: an argument name is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)");
                }
                if (state != State.CODE) {
                    throw new InvalidCodeException("the placeholder {{" + name + "}} at offset " + i + " is inside "
                            + describe(state) + ", where it would not be a parameter");
                }
                if (!text.isEmpty()) {
                    parts.add(new Text(text.toString()));
                    text.setLength(0);
                }
                parts.add(new Placeholder(name));
                i = close + 2;
                continue;
            }
            switch (state) {
                case CODE -> {
                    if (ch == '\'') {
                        boolean escapes = i > 0 && (c.charAt(i - 1) == 'e' || c.charAt(i - 1) == 'E')
                                && (i < 2 || !identifierPart(c.charAt(i - 2)));
                        state = escapes ? State.ESCAPE_STRING : State.STRING;
                    } else if (ch == '"') {
                        state = State.QUOTED;
                    } else if (ch == '-' && i + 1 < n && c.charAt(i + 1) == '-') {
                        state = State.LINE_COMMENT;
                        text.append("--");
                        i += 2;
                        continue;
                    } else if (ch == '/' && i + 1 < n && c.charAt(i + 1) == '*') {
                        state = State.BLOCK_COMMENT;
                        depth = 1;
                        text.append("/*");
                        i += 2;
                        continue;
                    } else if (ch == '$' && (i == 0 || !identifierPart(c.charAt(i - 1)))) {
                        if (i + 1 < n && Character.isDigit(c.charAt(i + 1))) {
                            throw new InvalidCodeException("the positional parameter $" + c.charAt(i + 1)
                                    + "... at offset " + i + " would read a parameter of the enforced statement;"
                                    + " use a {{argument}} placeholder");
                        }
                        int j = dollarTagEnd(c, i);
                        if (j > 0) {
                            dollarTag = c.substring(i, j + 1);
                            state = State.DOLLAR;
                            text.append(dollarTag);
                            i = j + 1;
                            continue;
                        }
                    } else if (ch == '?') {
                        text.append("??");
                        i++;
                        continue;
                    } else if (ch == '(') {
                        parens++;
                    } else if (ch == ')') {
                        if (--parens < 0) {
                            throw new InvalidCodeException("the ')' at offset " + i + " closes no '(': the code would"
                                    + " end the derived table it is read from");
                        }
                    } else if (ch == ';') {
                        throw new InvalidCodeException("the ';' at offset " + i + " ends a statement: a native query's"
                                + " code is one query");
                    }
                    text.append(ch);
                    i++;
                }
                case STRING, ESCAPE_STRING -> {
                    if (state == State.ESCAPE_STRING && ch == '\\' && i + 1 < n) {
                        text.append(ch).append(c.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (ch == '\'') {
                        if (i + 1 < n && c.charAt(i + 1) == '\'') {
                            text.append("''");
                            i += 2;
                            continue;
                        }
                        state = State.CODE;
                    }
                    text.append(ch);
                    i++;
                }
                case QUOTED -> {
                    if (ch == '"') {
                        if (i + 1 < n && c.charAt(i + 1) == '"') {
                            text.append("\"\"");
                            i += 2;
                            continue;
                        }
                        state = State.CODE;
                    }
                    text.append(ch);
                    i++;
                }
                case LINE_COMMENT -> {
                    if (ch == '\n' || ch == '\r') {
                        state = State.CODE;
                    }
                    text.append(ch);
                    i++;
                }
                case BLOCK_COMMENT -> {
                    if (ch == '/' && i + 1 < n && c.charAt(i + 1) == '*') {
                        depth++;
                        text.append("/*");
                        i += 2;
                    } else if (ch == '*' && i + 1 < n && c.charAt(i + 1) == '/') {
                        if (--depth == 0) {
                            state = State.CODE;
                        }
                        text.append("*/");
                        i += 2;
                    } else {
                        text.append(ch);
                        i++;
                    }
                }
                case DOLLAR -> {
                    if (c.startsWith(dollarTag, i)) {
                        text.append(dollarTag);
                        i += dollarTag.length();
                        state = State.CODE;
                    } else {
                        text.append(ch);
                        i++;
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        if (state != State.CODE && state != State.LINE_COMMENT) {
            throw new InvalidCodeException(describe(state) + " is not closed");
        }
        if (parens > 0) {
            throw new InvalidCodeException(parens + " '(' not closed");
        }
        text.append('\n');
        parts.add(new Text(text.toString()));
        return new NativeQueryCode(parts);
    }

    /** Hasura's {@code trimQueryEnd}: blanks, then semicolons, dropped from the end. */
    private static String trimEnd(String code) {
        int end = code.length();
        while (end > 0 && (code.charAt(end - 1) == ' ' || code.charAt(end - 1) == '\t' || code.charAt(end - 1) == '\n'
                || code.charAt(end - 1) == '\r')) {
            end--;
        }
        while (end > 0 && code.charAt(end - 1) == ';') {
            end--;
        }
        return code.substring(0, end);
    }

    private static String describe(State s) {
        return switch (s) {
            case STRING, ESCAPE_STRING -> "a string literal";
            case QUOTED -> "a quoted identifier";
            case LINE_COMMENT, BLOCK_COMMENT -> "a comment";
            case DOLLAR -> "a dollar-quoted string";
            case CODE -> "code";
        };
    }

    /** The index of the closing {@code $} of a dollar-quote tag starting at {@code i}, or -1 ({@code $1}). */
    private static int dollarTagEnd(String c, int i) {
        int n = c.length();
        int j = i + 1;
        if (j < n && (Character.isLetter(c.charAt(j)) || c.charAt(j) == '_' || c.charAt(j) > 127)) {
            j++;
            while (j < n && (Character.isLetterOrDigit(c.charAt(j)) || c.charAt(j) == '_' || c.charAt(j) > 127)) {
                j++;
            }
        }
        return j < n && c.charAt(j) == '$' ? j : -1;
    }

    private static boolean identifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }

    private static String shorten(String s) {
        String t = s.replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r");
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }
}

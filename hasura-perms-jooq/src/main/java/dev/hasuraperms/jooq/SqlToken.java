package dev.hasuraperms.jooq;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lexical token of a PostgreSQL statement.
 *
 * @param kind  what it is
 * @param text  the token as written
 * @param value for words the name PostgreSQL sees (ASCII letters folded to lower case, truncated to 63 bytes); for
 *              quoted identifiers the name without quotes (truncated); for strings their content; else the text
 * @param start offset of the first character in the statement
 * @param end   offset after the last character
 */
record SqlToken(Kind kind, String text, String value, int start, int end) {

    /** Token kinds. */
    enum Kind {
        /** An unquoted identifier or key word. */
        WORD,
        /** A double-quoted identifier. */
        QUOTED,
        /** A string constant (standard, escape or dollar-quoted). */
        STRING,
        /** A numeric constant. */
        NUMBER,
        /** A positional parameter {@code $1}. */
        PARAM,
        /** One of {@code ( ) [ ] , ; . ::} or an operator. */
        SYMBOL
    }

    /** Whether this is the unquoted word {@code word} (lower case). */
    boolean isWord(String word) {
        return kind == Kind.WORD && value.equals(word);
    }

    /** Whether this is the symbol {@code symbol}. */
    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** Whether this is an identifier (quoted or not). */
    boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }

    /** Splits a statement into tokens, dropping comments. */
    static List<SqlToken> tokenize(String s) {
        List<SqlToken> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = SqlScripts.blockCommentEnd(s, i);
                i = end < 0 ? n : end;
            } else if (c == '\'') {
                int end = SqlScripts.stringEnd(s, i, false);
                end = end < 0 ? n : end;
                out.add(new SqlToken(Kind.STRING, s.substring(i, end), unquoteString(s.substring(i, end), false), i, end));
                i = end;
            } else if (c == '"') {
                int end = SqlScripts.quotedIdentifierEnd(s, i);
                end = end < 0 ? n : end;
                String raw = s.substring(i, end);
                String v = raw.length() >= 2 ? raw.substring(1, raw.length() - 1).replace("\"\"", "\"") : "";
                out.add(new SqlToken(Kind.QUOTED, raw, PgNames.truncate(v), i, end));
                i = end;
            } else if (c == '$' && SqlScripts.dollarTagEnd(s, i) > 0) {
                int tagEnd = SqlScripts.dollarTagEnd(s, i);
                int end = SqlScripts.dollarStringEnd(s, i);
                end = end < 0 ? n : end;
                int contentEnd = Math.max(tagEnd, end - (tagEnd - i));
                out.add(new SqlToken(Kind.STRING, s.substring(i, end), s.substring(tagEnd, contentEnd), i, end));
                i = end;
            } else if (c == '$' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                out.add(new SqlToken(Kind.PARAM, s.substring(i, j), s.substring(i, j), i, j));
                i = j;
            } else if (SqlScripts.isIdentifierStart(c)) {
                int j = i + 1;
                while (j < n && SqlScripts.isIdentifierPart(s.charAt(j))) {
                    j++;
                }
                String word = s.substring(i, j);
                if (j < n && s.charAt(j) == '\'' && word.equalsIgnoreCase("e")) {
                    int end = SqlScripts.stringEnd(s, j, true);
                    end = end < 0 ? n : end;
                    out.add(new SqlToken(Kind.STRING, s.substring(i, end), unquoteString(s.substring(j, end), true), i, end));
                    i = end;
                } else if (j < n && s.charAt(j) == '\'' && (word.equalsIgnoreCase("b") || word.equalsIgnoreCase("x")
                        || word.equalsIgnoreCase("n"))) {
                    int end = SqlScripts.stringEnd(s, j, false);
                    end = end < 0 ? n : end;
                    out.add(new SqlToken(Kind.STRING, s.substring(i, end), unquoteString(s.substring(j, end), false), i, end));
                    i = end;
                } else {
                    out.add(new SqlToken(Kind.WORD, word, PgNames.truncate(foldCase(word)), i, j));
                    i = j;
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_'
                        || ((s.charAt(j) == '+' || s.charAt(j) == '-') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) {
                    if (s.charAt(j) == '.' && j + 1 < n && s.charAt(j + 1) == '.') {
                        break;
                    }
                    j++;
                }
                out.add(new SqlToken(Kind.NUMBER, s.substring(i, j), s.substring(i, j), i, j));
                i = j;
            } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
                out.add(new SqlToken(Kind.SYMBOL, "::", "::", i, i + 2));
                i += 2;
            } else if ("()[],;.:".indexOf(c) >= 0) {
                out.add(new SqlToken(Kind.SYMBOL, String.valueOf(c), String.valueOf(c), i, i + 1));
                i++;
            } else if ("+-*/<>=~!@#%^&|`?".indexOf(c) >= 0) {
                int j = i + 1;
                while (j < n && "+-*/<>=~!@#%^&|`?".indexOf(s.charAt(j)) >= 0
                        && !(s.charAt(j) == '-' && j + 1 < n && s.charAt(j + 1) == '-')
                        && !(s.charAt(j) == '/' && j + 1 < n && s.charAt(j + 1) == '*')) {
                    j++;
                }
                out.add(new SqlToken(Kind.SYMBOL, s.substring(i, j), s.substring(i, j), i, j));
                i = j;
            } else {
                out.add(new SqlToken(Kind.SYMBOL, String.valueOf(c), String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return out;
    }

    /** PostgreSQL folds unquoted identifiers to lower case, ASCII letters only. */
    static String foldCase(String word) {
        StringBuilder sb = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    private static String unquoteString(String raw, boolean escapes) {
        if (raw.length() < 2) {
            return "";
        }
        String body = raw.substring(1, raw.endsWith("'") ? raw.length() - 1 : raw.length());
        if (!escapes) {
            return body.replace("''", "'");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case 'n':
                        sb.append('\n');
                        break;
                    case 't':
                        sb.append('\t');
                        break;
                    case 'r':
                        sb.append('\r');
                        break;
                    case 'b':
                        sb.append('\b');
                        break;
                    case 'f':
                        sb.append('\f');
                        break;
                    default:
                        sb.append(e);
                }
            } else if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                sb.append('\'');
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Upper-case text, for messages. */
    String upper() {
        return text.toUpperCase(Locale.ROOT);
    }
}

package dev.hasuraperms.jooq;

import java.util.ArrayList;
import java.util.List;

/** A position in the tokens of one statement, with the small parsing helpers the DDL reader needs. */
final class TokenCursor {

    /** The statement does not have the expected shape. */
    static final class ParseFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final List<SqlToken> tokens;
    private int pos;

    TokenCursor(List<SqlToken> tokens) {
        this.tokens = tokens;
    }

    /** A cursor over the tokens of {@code text}. */
    static TokenCursor of(String text) {
        return new TokenCursor(SqlToken.tokenize(text));
    }

    int position() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    /** The token {@code k} ahead, or null past the end. */
    SqlToken peek(int k) {
        int i = pos + k;
        return i < tokens.size() ? tokens.get(i) : null;
    }

    SqlToken peek() {
        return peek(0);
    }

    SqlToken next() {
        if (atEnd()) {
            throw new ParseFailure("unexpected end of statement");
        }
        return tokens.get(pos++);
    }

    /** Whether the next tokens are the words {@code words}. */
    boolean isWords(String... words) {
        for (int k = 0; k < words.length; k++) {
            SqlToken t = peek(k);
            if (t == null || !t.isWord(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** Consumes the words {@code words} if they come next. */
    boolean acceptWords(String... words) {
        if (isWords(words)) {
            pos += words.length;
            return true;
        }
        return false;
    }

    void expectWords(String... words) {
        if (!acceptWords(words)) {
            throw new ParseFailure("expected " + String.join(" ", words).toUpperCase(java.util.Locale.ROOT)
                    + " but found " + describeNext());
        }
    }

    boolean isSymbol(String symbol) {
        SqlToken t = peek();
        return t != null && t.isSymbol(symbol);
    }

    boolean acceptSymbol(String symbol) {
        if (isSymbol(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw new ParseFailure("expected '" + symbol + "' but found " + describeNext());
        }
    }

    /** The next token, quoted for a message. */
    String describeNext() {
        SqlToken t = peek();
        return t == null ? "the end of the statement" : "'" + t.text() + "'";
    }

    /** Consumes an identifier (quoted or not) and returns the name PostgreSQL sees. */
    String identifier() {
        SqlToken t = peek();
        if (t == null || !t.isIdentifier()) {
            throw new ParseFailure("expected a name but found " + describeNext());
        }
        pos++;
        return t.value();
    }

    /** Consumes {@code name(.name)*}. */
    List<String> qualifiedName() {
        List<String> parts = new ArrayList<>();
        parts.add(identifier());
        while (isSymbol(".") && peek(1) != null && peek(1).isIdentifier()) {
            pos++;
            parts.add(identifier());
        }
        return parts;
    }

    /** Consumes a parenthesised group (the cursor is at its opening parenthesis) and returns its inner tokens. */
    List<SqlToken> group() {
        expectSymbol("(");
        int depth = 1;
        int from = pos;
        while (!atEnd()) {
            SqlToken t = tokens.get(pos++);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return tokens.subList(from, pos - 1);
                }
            }
        }
        throw new ParseFailure("unbalanced parentheses");
    }

    /** Consumes {@code ( name, name, ... )}. */
    List<String> nameList() {
        expectSymbol("(");
        List<String> names = new ArrayList<>();
        if (acceptSymbol(")")) {
            return names;
        }
        do {
            names.add(identifier());
        } while (acceptSymbol(","));
        expectSymbol(")");
        return names;
    }

    /** Splits tokens at the commas at depth 0. */
    static List<List<SqlToken>> splitCommas(List<SqlToken> tokens) {
        List<List<SqlToken>> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.isSymbol("(") || t.isSymbol("[")) {
                depth++;
            } else if (t.isSymbol(")") || t.isSymbol("]")) {
                depth--;
            } else if (t.isSymbol(",") && depth == 0) {
                parts.add(tokens.subList(from, i));
                from = i + 1;
            }
        }
        if (from < tokens.size() || !parts.isEmpty()) {
            parts.add(tokens.subList(from, tokens.size()));
        }
        return parts;
    }

    /** Fails unless every token was consumed. */
    void expectEnd() {
        if (!atEnd()) {
            throw new ParseFailure("unexpected " + describeNext());
        }
    }
}

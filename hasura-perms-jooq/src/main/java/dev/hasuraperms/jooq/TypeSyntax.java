package dev.hasuraperms.jooq;

import dev.hasuraperms.jooq.TokenCursor.ParseFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A type name as written ({@code Typename} in PostgreSQL's grammar), not yet resolved against the schema.
 *
 * @param builtin   the internal name when the type is written with SQL's key words ({@code integer},
 *                  {@code character varying(20)}, {@code timestamp with time zone}, {@code serial}, ...),
 *                  {@link #COLUMN_TYPE} or {@link #ROW_TYPE} for {@code %TYPE} and {@code %ROWTYPE}, else null
 * @param name      the name parts as written for other types ({@code citext}, {@code public.mood}, {@code "char"})
 * @param modifiers the numbers in the type modifier ({@code (255)}), empty when there is none or it is not numeric
 * @param array     whether it is an array ({@code []}, {@code [3][3]}, {@code ARRAY})
 * @param serial    whether it is {@code serial}, {@code bigserial} or {@code smallserial}
 * @param text      the type as written, for messages
 */
record TypeSyntax(String builtin, List<String> name, List<Integer> modifiers, boolean array, boolean serial,
                  String text) {

    /** {@link #builtin} of {@code table.column%TYPE}: the type of that column. */
    static final String COLUMN_TYPE = "%TYPE";
    /** {@link #builtin} of {@code table%ROWTYPE}: the row type of that table. */
    static final String ROW_TYPE = "%ROWTYPE";

    /** The declared length of a {@code varchar(n)} or {@code char(n)}; {@code char} alone is {@code char(1)}. */
    Optional<Integer> length(String internal) {
        if (array || !(internal.equals("varchar") || internal.equals("bpchar"))) {
            return Optional.empty();
        }
        if (!modifiers.isEmpty()) {
            return Optional.of(modifiers.get(0));
        }
        return Optional.empty();
    }

    /** Parses a type at the cursor. {@code serial} types are only allowed where {@code allowSerial} is true. */
    static TypeSyntax parse(TokenCursor c, boolean allowSerial) {
        int startPos = c.position();
        SqlToken first = c.peek();
        if (first == null) {
            throw new ParseFailure("expected a type but found the end of the statement");
        }
        String builtin = null;
        List<String> name = List.of();
        List<Integer> modifiers = new ArrayList<>();
        boolean serial = false;
        if (first.kind() == SqlToken.Kind.WORD) {
            builtin = keywordType(c, modifiers, allowSerial);
            if (builtin != null && builtin.startsWith("serial:")) {
                builtin = builtin.substring("serial:".length());
                serial = true;
            }
        }
        if (builtin == null) {
            if (!first.isIdentifier()) {
                throw new ParseFailure("expected a type but found '" + first.text() + "'");
            }
            name = c.qualifiedName();
            if (c.isSymbol("%") && c.peek(1) != null && (c.peek(1).isWord("type") || c.peek(1).isWord("rowtype"))) {
                c.next();
                builtin = c.next().isWord("type") ? COLUMN_TYPE : ROW_TYPE;
            }
            if (c.isSymbol("(")) {
                modifiers(c, modifiers);
            }
        }
        boolean array = false;
        while (true) {
            if (c.acceptSymbol("[")) {
                if (c.peek() != null && c.peek().kind() == SqlToken.Kind.NUMBER) {
                    c.next();
                }
                c.expectSymbol("]");
                array = true;
            } else if (c.acceptWords("array")) {
                array = true;
                if (c.acceptSymbol("[")) {
                    if (c.peek() != null && c.peek().kind() == SqlToken.Kind.NUMBER) {
                        c.next();
                    }
                    c.expectSymbol("]");
                }
            } else {
                break;
            }
        }
        if (serial && array) {
            throw new ParseFailure("arrays of serial types do not exist");
        }
        StringBuilder text = new StringBuilder();
        int end = c.position();
        c.reset(startPos);
        while (c.position() < end) {
            SqlToken t = c.next();
            if (text.length() > 0 && !t.isSymbol("(") && !t.isSymbol(")") && !t.isSymbol("[") && !t.isSymbol("]")
                    && !t.isSymbol(",") && !t.isSymbol(".") && !text.toString().endsWith(".")
                    && !text.toString().endsWith("(")) {
                text.append(' ');
            }
            text.append(t.text());
        }
        return new TypeSyntax(builtin, name, List.copyOf(modifiers), array, serial, text.toString());
    }

    /** The internal name of a type written with key words, consuming it, or null (nothing consumed). */
    private static String keywordType(TokenCursor c, List<Integer> modifiers, boolean allowSerial) {
        String w = c.peek().value();
        if (c.peek(1) != null && c.peek(1).isSymbol(".")) {
            return null;
        }
        switch (w) {
            case "int":
            case "integer":
                c.next();
                return "int4";
            case "smallint":
                c.next();
                return "int2";
            case "bigint":
                c.next();
                return "int8";
            case "real":
                c.next();
                return "float4";
            case "boolean":
                c.next();
                return "bool";
            case "double":
                if (c.isWords("double", "precision")) {
                    c.acceptWords("double", "precision");
                    return "float8";
                }
                return null;
            case "float": {
                c.next();
                if (c.isSymbol("(")) {
                    modifiers(c, modifiers);
                    if (!modifiers.isEmpty() && modifiers.get(0) <= 24) {
                        modifiers.clear();
                        return "float4";
                    }
                    modifiers.clear();
                }
                return "float8";
            }
            case "decimal":
            case "dec":
            case "numeric":
                c.next();
                if (c.isSymbol("(")) {
                    modifiers(c, modifiers);
                }
                return "numeric";
            case "national":
                c.next();
                if (!c.acceptWords("character") && !c.acceptWords("char")) {
                    throw new ParseFailure("expected CHARACTER after NATIONAL");
                }
                return character(c, modifiers);
            case "character":
            case "char":
            case "nchar":
                c.next();
                return character(c, modifiers);
            case "varchar":
                c.next();
                if (c.isSymbol("(")) {
                    modifiers(c, modifiers);
                }
                return "varchar";
            case "bit":
                c.next();
                boolean varying = c.acceptWords("varying");
                if (c.isSymbol("(")) {
                    modifiers(c, modifiers);
                }
                modifiers.clear();
                return varying ? "varbit" : "bit";
            case "timestamp":
            case "time": {
                c.next();
                if (c.isSymbol("(")) {
                    modifiers(c, modifiers);
                    modifiers.clear();
                }
                if (c.acceptWords("with", "time", "zone")) {
                    return w.equals("timestamp") ? "timestamptz" : "timetz";
                }
                c.acceptWords("without", "time", "zone");
                return w;
            }
            case "interval":
                c.next();
                interval(c);
                return "interval";
            case "serial":
            case "serial4":
            case "bigserial":
            case "serial8":
            case "smallserial":
            case "serial2":
                if (!allowSerial) {
                    return null;
                }
                c.next();
                return "serial:" + (w.startsWith("big") || w.equals("serial8") ? "int8"
                        : w.startsWith("small") || w.equals("serial2") ? "int2" : "int4");
            default:
                return null;
        }
    }

    private static String character(TokenCursor c, List<Integer> modifiers) {
        boolean varying = c.acceptWords("varying");
        if (c.isSymbol("(")) {
            modifiers(c, modifiers);
        } else if (!varying) {
            modifiers.add(1);
        }
        return varying ? "varchar" : "bpchar";
    }

    private static void interval(TokenCursor c) {
        String[] fields = {"year", "month", "day", "hour", "minute", "second"};
        boolean any = true;
        while (any) {
            any = false;
            for (String f : fields) {
                if (c.acceptWords(f)) {
                    any = true;
                    if (f.equals("second") && c.isSymbol("(")) {
                        c.group();
                    }
                    c.acceptWords("to");
                }
            }
        }
        if (c.isSymbol("(")) {
            c.group();
        }
    }

    /** Consumes a type modifier {@code (n[, m])}, adding the numbers to {@code out}. */
    private static void modifiers(TokenCursor c, List<Integer> out) {
        for (SqlToken t : c.group()) {
            if (t.kind() == SqlToken.Kind.NUMBER) {
                try {
                    out.add(Integer.parseInt(t.text()));
                } catch (NumberFormatException e) {
                    throw new ParseFailure("invalid type modifier " + t.text());
                }
            }
        }
    }
}

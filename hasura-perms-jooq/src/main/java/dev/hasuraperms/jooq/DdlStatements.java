package dev.hasuraperms.jooq;

import dev.hasuraperms.jooq.TokenCursor.ParseFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The syntax of the parts of {@code CREATE TABLE} and {@code ALTER TABLE} the reader needs: column definitions and
 * table constraints (PostgreSQL's {@code columnDef}, {@code ColConstraint} and {@code TableConstraint}). What does not
 * matter to the schema model (check expressions, default expressions, storage options, referential actions) is
 * consumed and dropped.
 */
final class DdlStatements {

    private DdlStatements() {
    }

    /** Kinds of constraints. */
    enum Kind {
        PRIMARY_KEY, UNIQUE, FOREIGN_KEY, CHECK, NOT_NULL, EXCLUDE
    }

    /** A constraint, named or not. */
    static final class ConstraintDef {
        final Kind kind;
        /** The name written, or null (then PostgreSQL makes one up). */
        String name;
        /** The constrained columns (for a foreign key: the referencing columns). */
        List<String> columns = List.of();
        /** For PRIMARY KEY and UNIQUE: the INCLUDE columns (part of the name PostgreSQL makes up). */
        List<String> include = List.of();
        /** For a foreign key: the referenced table as written. */
        List<String> referencedTable = List.of();
        /** For a foreign key: the referenced columns, or null for the referenced table's primary key. */
        List<String> referencedColumns;
        /** For CHECK: the expression (the columns it names are part of the name PostgreSQL makes up). */
        List<SqlToken> expression = List.of();
        /** For {@code ... USING INDEX name}: the index. */
        String usingIndex;
        /** What makes two otherwise equal unique constraints different (INCLUDE, NULLS NOT DISTINCT, DEFERRABLE). */
        final StringBuilder options = new StringBuilder();

        ConstraintDef(Kind kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        boolean isIndex() {
            return kind == Kind.PRIMARY_KEY || kind == Kind.UNIQUE;
        }
    }

    /** A column definition. */
    static final class ColumnDef {
        String name;
        TypeSyntax type;
        boolean notNull;
        /** A DEFAULT whose expression is not the null constant. */
        boolean hasDefault;
        /** A DEFAULT NULL (which PostgreSQL does not store, except for columns of a domain type). */
        boolean nullDefault;
        boolean identity;
        boolean generated;
        /** The constraints written in the column definition (PRIMARY KEY, UNIQUE, REFERENCES, named CHECK). */
        final List<ConstraintDef> constraints = new ArrayList<>();
    }

    /**
     * The column a CHECK expression is about, for its name: the one column of {@code columns} it refers to, or null
     * when it refers to none or several ({@code AddRelationNewConstraints}). Names of functions, types and
     * qualifiers are not column references.
     */
    static String checkColumn(List<SqlToken> expression, Set<String> columns) {
        Set<String> found = new java.util.LinkedHashSet<>();
        for (int i = 0; i < expression.size(); i++) {
            SqlToken t = expression.get(i);
            if (!t.isIdentifier() || !columns.contains(t.value())) {
                continue;
            }
            SqlToken next = i + 1 < expression.size() ? expression.get(i + 1) : null;
            SqlToken prev = i > 0 ? expression.get(i - 1) : null;
            if (next != null && (next.isSymbol("(") || next.isSymbol(".") || next.kind() == SqlToken.Kind.STRING)) {
                continue; // a function, a qualifier, or the type of a literal (date '2020-01-01')
            }
            if (prev != null && (prev.isSymbol("::") || prev.isWord("as"))) {
                continue;
            }
            found.add(t.value());
        }
        return found.size() == 1 ? found.iterator().next() : null;
    }

    /** Words that end a DEFAULT expression when they follow a complete operand. */
    private static final Set<String> DEFAULT_END = Set.of("constraint", "not", "null", "check", "default",
            "generated", "unique", "primary", "references", "collate", "deferrable", "initially", "compression",
            "storage", "enforced", "options");

    /** Whether a table constraint (not a column definition) starts at the cursor. */
    static boolean isTableConstraint(TokenCursor c) {
        if (c.isWords("constraint") || c.isWords("check") || c.isWords("unique") || c.isWords("primary", "key")
                || c.isWords("foreign", "key") || c.isWords("not", "null")) {
            return true;
        }
        return c.isWords("exclude") && c.peek(1) != null && (c.peek(1).isSymbol("(") || c.peek(1).isWord("using"));
    }

    /** Parses a table constraint; {@code alter} allows {@code UNIQUE/PRIMARY KEY USING INDEX}. */
    static ConstraintDef tableConstraint(TokenCursor c, boolean alter) {
        String name = c.acceptWords("constraint") ? c.identifier() : null;
        ConstraintDef d;
        if (c.acceptWords("check")) {
            d = new ConstraintDef(Kind.CHECK, name);
            d.expression = c.group();
        } else if (c.acceptWords("unique") || c.isWords("primary", "key")) {
            boolean primary = c.acceptWords("primary", "key");
            d = new ConstraintDef(primary ? Kind.PRIMARY_KEY : Kind.UNIQUE, name);
            nullsDistinct(c, d);
            if (alter && c.acceptWords("using", "index")) {
                d.usingIndex = c.identifier();
            } else {
                d.columns = keyColumns(c);
                indexParameters(c, d);
            }
        } else if (c.acceptWords("foreign", "key")) {
            d = new ConstraintDef(Kind.FOREIGN_KEY, name);
            d.columns = keyColumns(c);
            c.expectWords("references");
            references(c, d);
        } else if (c.acceptWords("exclude")) {
            d = new ConstraintDef(Kind.EXCLUDE, name);
            while (!c.atEnd()) {
                c.next();
            }
            return d;
        } else if (c.acceptWords("not", "null")) {
            d = new ConstraintDef(Kind.NOT_NULL, name);
            d.columns = List.of(c.identifier());
            c.acceptWords("no", "inherit");
        } else {
            throw new ParseFailure("expected a constraint but found " + c.describeNext());
        }
        attributes(c, d);
        return d;
    }

    /** Parses a column definition. */
    static ColumnDef column(TokenCursor c, boolean allowSerial) {
        ColumnDef col = new ColumnDef();
        col.name = c.identifier();
        col.type = TypeSyntax.parse(c, allowSerial);
        ConstraintDef last = null;
        while (!c.atEnd()) {
            if (last != null && attribute(c, last)) {
                continue;
            }
            String name = c.acceptWords("constraint") ? c.identifier() : null;
            if (c.acceptWords("not", "null")) {
                col.notNull = true;
                c.acceptWords("no", "inherit");
                last = null;
            } else if (c.acceptWords("null")) {
                last = null;
            } else if (c.acceptWords("check")) {
                last = new ConstraintDef(Kind.CHECK, name);
                last.expression = c.group();
                c.acceptWords("no", "inherit");
                col.constraints.add(last);
            } else if (c.acceptWords("default")) {
                List<SqlToken> expr = defaultExpression(c);
                if (isNullConstant(expr)) {
                    col.nullDefault = true;
                    col.hasDefault = false;
                } else {
                    col.hasDefault = true;
                    col.nullDefault = false;
                }
                last = null;
            } else if (c.acceptWords("generated")) {
                if (!c.acceptWords("always")) {
                    c.expectWords("by", "default");
                }
                c.expectWords("as");
                if (c.acceptWords("identity")) {
                    col.identity = true;
                    if (c.isSymbol("(")) {
                        c.group();
                    }
                } else {
                    c.group();
                    if (!c.acceptWords("stored")) {
                        c.acceptWords("virtual");
                    }
                    col.generated = true;
                }
                last = null;
            } else if (c.acceptWords("unique")) {
                last = new ConstraintDef(Kind.UNIQUE, name);
                last.columns = List.of(col.name);
                nullsDistinct(c, last);
                indexParameters(c, last);
                col.constraints.add(last);
            } else if (c.acceptWords("primary", "key")) {
                last = new ConstraintDef(Kind.PRIMARY_KEY, name);
                last.columns = List.of(col.name);
                indexParameters(c, last);
                col.constraints.add(last);
            } else if (c.acceptWords("references")) {
                last = new ConstraintDef(Kind.FOREIGN_KEY, name);
                last.columns = List.of(col.name);
                references(c, last);
                col.constraints.add(last);
            } else if (name == null && c.acceptWords("collate")) {
                c.qualifiedName();
            } else if (name == null && (c.acceptWords("compression") || c.acceptWords("storage"))) {
                c.identifier();
            } else if (name == null && c.acceptWords("options")) {
                c.group();
            } else {
                throw new ParseFailure("unexpected " + c.describeNext() + " in the definition of column " + col.name);
            }
        }
        return col;
    }

    private static void references(TokenCursor c, ConstraintDef d) {
        d.referencedTable = c.qualifiedName();
        if (c.isSymbol("(")) {
            d.referencedColumns = keyColumns(c);
        }
        while (true) {
            if (c.acceptWords("match")) {
                c.identifier();
            } else if (c.acceptWords("on", "delete") || c.acceptWords("on", "update")) {
                if (!c.acceptWords("no", "action") && !c.acceptWords("restrict") && !c.acceptWords("cascade")) {
                    if (!c.acceptWords("set", "null")) {
                        c.expectWords("set", "default");
                    }
                    if (c.isSymbol("(")) {
                        c.group();
                    }
                }
            } else {
                return;
            }
        }
    }

    private static void nullsDistinct(TokenCursor c, ConstraintDef d) {
        if (c.acceptWords("nulls", "not", "distinct")) {
            d.options.append(" nulls not distinct");
        } else {
            c.acceptWords("nulls", "distinct");
        }
    }

    private static void indexParameters(TokenCursor c, ConstraintDef d) {
        while (true) {
            if (c.acceptWords("include")) {
                d.include = c.nameList();
                d.options.append(" include ").append(d.include);
            } else if (c.acceptWords("with")) {
                c.group();
            } else if (c.acceptWords("using", "index", "tablespace")) {
                c.identifier();
            } else {
                return;
            }
        }
    }

    private static void attributes(TokenCursor c, ConstraintDef d) {
        while (attribute(c, d)) {
            // consumed
        }
    }

    /** Consumes one constraint attribute (DEFERRABLE, NOT VALID, ...), if there is one. */
    private static boolean attribute(TokenCursor c, ConstraintDef d) {
        if (c.acceptWords("deferrable")) {
            d.options.append(" deferrable");
        } else if (c.acceptWords("initially", "deferred")) {
            d.options.append(" initially deferred");
        } else if (c.acceptWords("not", "deferrable") || c.acceptWords("initially", "immediate")
                || c.acceptWords("not", "valid") || c.acceptWords("no", "inherit") || c.acceptWords("enforced")
                || c.acceptWords("not", "enforced")) {
            return true;
        } else {
            return false;
        }
        return true;
    }

    /** {@code ( col [, ...] )} of a key, ignoring {@code WITHOUT OVERLAPS} and {@code PERIOD}. */
    static List<String> keyColumns(TokenCursor c) {
        List<String> names = new ArrayList<>();
        for (List<SqlToken> part : TokenCursor.splitCommas(c.group())) {
            TokenCursor p = new TokenCursor(part);
            if (p.isWords("period") && p.peek(1) != null && p.peek(1).isIdentifier()) {
                p.next();
            }
            names.add(p.identifier());
            p.acceptWords("without", "overlaps");
            p.expectEnd();
        }
        if (names.isEmpty()) {
            throw new ParseFailure("a key needs at least one column");
        }
        return names;
    }

    /** The tokens of a DEFAULT expression (the cursor is after DEFAULT). */
    static List<SqlToken> defaultExpression(TokenCursor c) {
        List<SqlToken> expr = new ArrayList<>();
        int depth = 0;
        while (!c.atEnd()) {
            SqlToken t = c.peek();
            if (depth == 0 && (t.isSymbol(",") || t.isSymbol(")"))) {
                break;
            }
            if (depth == 0 && !expr.isEmpty() && t.kind() == SqlToken.Kind.WORD && DEFAULT_END.contains(t.value())
                    && endsOperand(expr.get(expr.size() - 1))) {
                break;
            }
            if (t.isSymbol("(") || t.isSymbol("[")) {
                depth++;
            } else if (t.isSymbol(")") || t.isSymbol("]")) {
                depth--;
            }
            expr.add(c.next());
        }
        if (expr.isEmpty()) {
            throw new ParseFailure("DEFAULT without an expression");
        }
        return expr;
    }

    private static boolean endsOperand(SqlToken t) {
        switch (t.kind()) {
            case WORD:
                return !t.value().equals("is") && !t.value().equals("and") && !t.value().equals("or")
                        && !t.value().equals("not");
            case QUOTED:
            case STRING:
            case NUMBER:
            case PARAM:
                return true;
            default:
                return t.isSymbol(")") || t.isSymbol("]");
        }
    }

    /**
     * Whether a default expression is the null constant ({@code NULL}, {@code NULL::type}, {@code (NULL)},
     * {@code CAST(NULL AS type)}), which PostgreSQL does not store as a default.
     */
    static boolean isNullConstant(List<SqlToken> expr) {
        List<SqlToken> e = expr;
        while (e.size() >= 2 && e.get(0).isSymbol("(") && e.get(e.size() - 1).isSymbol(")")
                && matchingClose(e) == e.size() - 1) {
            e = e.subList(1, e.size() - 1);
        }
        if (e.isEmpty()) {
            return false;
        }
        if (e.size() >= 3 && e.get(0).isWord("cast") && e.get(1).isSymbol("(") && e.get(2).isWord("null")
                && e.size() >= 4 && e.get(3).isWord("as") && matchingClose(e.subList(1, e.size())) == e.size() - 2) {
            return true;
        }
        if (!e.get(0).isWord("null")) {
            return false;
        }
        return e.size() == 1 || e.get(1).isSymbol("::");
    }

    /** The index of the parenthesis closing the one at index 0, or -1. */
    private static int matchingClose(List<SqlToken> e) {
        int depth = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.get(i).isSymbol("(")) {
                depth++;
            } else if (e.get(i).isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.boolexp.AndExp;
import dev.hasuraperms.boolexp.BoolExp;
import dev.hasuraperms.boolexp.ExistsExp;
import dev.hasuraperms.boolexp.FieldExp;
import dev.hasuraperms.boolexp.NotExp;
import dev.hasuraperms.boolexp.ObjectExp;
import dev.hasuraperms.boolexp.OrExp;
import dev.hasuraperms.boolexp.Parsed;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.DeletePermission;
import dev.hasuraperms.metadata.InsertPermission;
import dev.hasuraperms.metadata.Permission;
import dev.hasuraperms.metadata.UpdatePermission;
import dev.hasuraperms.names.QualifiedName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hasura's "relevantly equal" for the boolean expressions of two parents' mutation permissions
 * ({@code OnlyRelevantEq} in {@code server/src-lib/Hasura/RQL/Types/Roles/Internal.hs}): the instance for
 * {@code GBoolExp} compares two {@code BoolAnd} (or two {@code BoolOr}) as sets of their operands
 * ({@code Set.fromList}), and everything below them with the derived structural {@code ==}; {@code Maybe} compares
 * {@code Just} with {@code Just} only. A permission's filter is a JSON object, which Hasura parses into a
 * {@code BoolAnd} of its keys' expressions, so only that top-level list is a set: {@code {"a": A, "b": B}} equals
 * {@code {"b": B, "a": A}}, but {@code {"_and": [A, B]}} differs from {@code {"_and": [B, A]}} (one top-level
 * operand each, compared structurally), {@code {}} ({@code BoolAnd []}) differs from {@code {"_and": []}}
 * ({@code BoolAnd [BoolAnd []]}), and an update's {@code check: {}} differs from no {@code check}.
 *
 * <p>The comparison is on the parsed expressions with the tables' columns and relationships resolved, as Hasura's
 * annotated expression is: a column's shorthand {@code {"a": 1}} is its {@code _eq}; the keys of a JSON object are in
 * key order whatever order they were written in (Hasura reads objects through an aeson {@code KeyMap}); operators
 * spelt {@code $eq} are {@code _eq}; session variables are case-insensitive; numbers compare by value; arrays keep
 * their order.
 */
final class RelevantEquality {

    /** The relevant parts of a mutation permission's expressions: the filter's and check's top-level operands. */
    record Shape(Optional<Set<String>> filter, Optional<Set<String>> check) {
    }

    private final Map<QualifiedName, ResolvedTable> tables;

    RelevantEquality(Map<QualifiedName, ResolvedTable> tables) {
        this.tables = tables;
    }

    /** The shape of an insert, update or delete permission on {@code table}. */
    Shape shape(Permission p, QualifiedName table) {
        ResolvedTable t = tables.get(table);
        if (p instanceof InsertPermission i) {
            return new Shape(Optional.empty(), Optional.of(topLevel(i.check(), t)));
        }
        if (p instanceof UpdatePermission u) {
            return new Shape(Optional.of(topLevel(u.filter(), t)), u.check().map(c -> topLevel(c, t)));
        }
        if (p instanceof DeletePermission d) {
            return new Shape(Optional.of(topLevel(d.filter(), t)), Optional.empty());
        }
        throw new IllegalArgumentException("not a mutation permission: " + p);
    }

    /** The top-level AND's operands, as a set (Hasura's {@code Set.fromList} of the {@code BoolAnd}). */
    Set<String> topLevel(BoolExp e, ResolvedTable t) {
        Set<String> out = new HashSet<>();
        if (e instanceof ObjectExp o) {
            o.terms().forEach(term -> out.add(canonical(term, t)));
        } else {
            out.add(canonical(e, t));
        }
        return out;
    }

    /** {@code e} as text that is equal for two expressions exactly when Hasura's structural {@code ==} holds. */
    String canonical(BoolExp e, ResolvedTable t) {
        if (e instanceof ObjectExp o) {
            List<String> terms = new ArrayList<>();
            o.terms().forEach(term -> terms.add(key(term) + "\u0000" + canonical(term, t)));
            terms.sort(null);
            StringBuilder b = new StringBuilder("AND{");
            for (String s : terms) {
                b.append(s.substring(s.indexOf('\u0000') + 1)).append(';');
            }
            return b.append('}').toString();
        }
        if (e instanceof AndExp a) {
            return list("AND[", a.operands(), t);
        }
        if (e instanceof OrExp o) {
            return list("OR[", o.operands(), t);
        }
        if (e instanceof NotExp n) {
            return "NOT(" + canonical(n.operand(), t) + ")";
        }
        if (e instanceof ExistsExp x) {
            return "EXISTS(" + x.table() + "," + canonical(x.where(), tables.get(x.table())) + ")";
        }
        FieldExp f = (FieldExp) e;
        String name = f.name();
        if (t != null && t.table().column(name).isPresent()) {
            return "COL(" + quote(name) + "," + columnConditions(f.value()) + ")";
        }
        Optional<ResolvedRelationship> rel = t == null ? Optional.empty() : t.relationship(name);
        if (rel.isPresent() && f.asNested() instanceof Parsed.Ok<BoolExp> ok) {
            return "REL(" + quote(name) + "," + canonical(ok.value(), tables.get(rel.get().target())) + ")";
        }
        return "FIELD(" + quote(name) + "," + json(f.value(), false) + ")";
    }

    private String list(String open, List<BoolExp> operands, ResolvedTable t) {
        StringBuilder b = new StringBuilder(open);
        operands.forEach(op -> b.append(canonical(op, t)).append(';'));
        return b.append(']').toString();
    }

    /** A column's operators: its shorthand value is {@code _eq}; {@code $op} is {@code _op}; in key order. */
    private static String columnConditions(JsonValue v) {
        if (!(v instanceof JsonObject o)) {
            return "{" + quote("_eq") + ":" + json(v, true) + "}";
        }
        List<String> ops = new ArrayList<>();
        for (String k : o.keyList()) {
            String op = k.startsWith("$") ? "_" + k.substring(1) : k;
            JsonValue operand = o.get(k).orElseThrow();
            ops.add(quote(op) + ":" + (op.equals("_cast") && operand instanceof JsonObject c ? cast(c) : json(operand, true)));
        }
        ops.sort(null);
        return "{" + String.join(",", ops) + "}";
    }

    private static String cast(JsonObject c) {
        List<String> types = new ArrayList<>();
        for (String k : c.keyList()) {
            types.add(quote(k.toLowerCase(Locale.ROOT)) + ":" + columnConditions(c.get(k).orElseThrow()));
        }
        types.sort(null);
        return "{" + String.join(",", types) + "}";
    }

    /**
     * A JSON value as text: object keys in order, numbers by value; with {@code operand}, a whole string naming a
     * session variable is lower-cased (Hasura's session variable names are case-insensitive).
     */
    private static String json(JsonValue v, boolean operand) {
        if (v instanceof JsonString s) {
            String text = s.value();
            if (operand && text.toLowerCase(Locale.ROOT).startsWith("x-hasura-")) {
                return "SV:" + quote(text.toLowerCase(Locale.ROOT));
            }
            return quote(text);
        }
        if (v instanceof JsonNumber n) {
            BigDecimal d = n.value();
            return "N:" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toString());
        }
        if (v instanceof JsonBoolean b) {
            return Boolean.toString(b.value());
        }
        if (v instanceof JsonNull) {
            return "null";
        }
        if (v instanceof JsonArray a) {
            StringBuilder b = new StringBuilder("[");
            a.elements().forEach(x -> b.append(json(x, false)).append(','));
            return b.append(']').toString();
        }
        JsonObject o = (JsonObject) v;
        List<String> members = new ArrayList<>();
        for (String k : o.keyList()) {
            members.add(quote(k) + ":" + json(o.get(k).orElseThrow(), false));
        }
        members.sort(null);
        return "{" + String.join(",", members) + "}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String key(BoolExp term) {
        if (term instanceof AndExp) {
            return "_and";
        } else if (term instanceof OrExp) {
            return "_or";
        } else if (term instanceof NotExp) {
            return "_not";
        } else if (term instanceof ExistsExp) {
            return "_exists";
        } else if (term instanceof FieldExp f) {
            return f.name();
        }
        return "";
    }
}

package dev.hasuraperms.boolexp;

import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@link BoolExp}s back as Hasura JSON, keeping their structure. */
final class BoolExpWriter {

    private BoolExpWriter() {
    }

    static JsonValue write(BoolExp e) {
        if (e instanceof ObjectExp o) {
            Map<String, JsonValue> members = new LinkedHashMap<>();
            List<BoolExp> overflow = new ArrayList<>();
            for (BoolExp t : o.terms()) {
                String key = key(t);
                if (members.containsKey(key)) {
                    String alt = key.startsWith("_") && !(t instanceof FieldExp) ? "$" + key.substring(1) : null;
                    if (alt != null && !members.containsKey(alt)) {
                        key = alt;
                    } else {
                        overflow.add(t);
                        continue;
                    }
                }
                members.put(key, termValue(t));
            }
            if (!overflow.isEmpty()) {
                List<JsonValue> extra = new ArrayList<>();
                overflow.forEach(t -> extra.add(write(new ObjectExp(List.of(t), t.origin()))));
                String k = members.containsKey("_and") ? "$and" : "_and";
                members.put(k, JsonArray.of(extra));
            }
            return new JsonObject(members, Map.of(), o.origin());
        }
        // A connective or field outside an object: wrap it in one.
        return write(new ObjectExp(List.of(e), e.origin()));
    }

    private static String key(BoolExp t) {
        if (t instanceof AndExp) {
            return "_and";
        } else if (t instanceof OrExp) {
            return "_or";
        } else if (t instanceof NotExp) {
            return "_not";
        } else if (t instanceof ExistsExp) {
            return "_exists";
        } else if (t instanceof FieldExp f) {
            return f.name();
        }
        throw new IllegalArgumentException("an object term cannot be an object: " + t);
    }

    private static JsonValue termValue(BoolExp t) {
        if (t instanceof AndExp a) {
            return list(a.operands());
        } else if (t instanceof OrExp o) {
            return list(o.operands());
        } else if (t instanceof NotExp n) {
            return write(n.operand());
        } else if (t instanceof ExistsExp x) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("_table", table(x.table()));
            m.put("_where", write(x.where()));
            return JsonObject.of(m);
        } else if (t instanceof FieldExp f) {
            return f.value();
        }
        return write(t);
    }

    private static JsonValue list(List<BoolExp> operands) {
        List<JsonValue> out = new ArrayList<>();
        operands.forEach(op -> out.add(write(op)));
        return JsonArray.of(out);
    }

    static JsonValue table(QualifiedName name) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("name", JsonString.of(name.name()));
        m.put("schema", JsonString.of(name.schema()));
        return JsonObject.of(m);
    }
}

package dev.hasuraperms.jdbc;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A minimal session for backend tests: a role and lower-cased variables, typed with PgValues. */
record MapSession(String role, Map<String, String> variables) implements SessionValues {

    static MapSession of(String role, Map<String, String> variables) {
        Map<String, String> m = new LinkedHashMap<>();
        variables.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
        m.put("x-hasura-role", role);
        return new MapSession(role, m);
    }

    @Override
    public Object value(SessionVariable variable, PgType type) {
        String text = variables.get(variable.name());
        if (text == null) {
            throw new HasuraPermsException(DiagnosticCode.NO_PERMISSION, "missing session variable: \"" + variable + "\"");
        }
        return PgValues.parseText(type, text);
    }

    @Override
    public JsonObject toJson() {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        variables.forEach((k, v) -> m.put(k, JsonString.of(v)));
        return JsonObject.of(m);
    }
}

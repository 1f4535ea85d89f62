package dev.hasuraperms.enforce;

import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgText;
import dev.hasuraperms.types.SqlNull;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hasura's input-validation webhook body ({@code validateMutation} in
 * {@code Hasura/Backends/Postgres/Execute/Mutation.hs}):
 * {@code {"version": 1, "session_variables": {...}, "role": "...", "data": {"input": [...]}}}.
 */
final class InputPayloads {

    /** {@code validateInputPayloadVersion} in Hasura. */
    static final int VERSION = 1;

    private InputPayloads() {
    }

    static JsonObject payload(SessionValues session, List<JsonValue> input) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("version", JsonNumber.of(VERSION));
        m.put("session_variables", session.toJson());
        m.put("role", JsonString.of(session.role()));
        m.put("data", JsonObject.of(Map.of("input", JsonArray.of(input))));
        return JsonObject.of(m);
    }

    /**
     * A column value (as {@link dev.hasuraperms.types.PgValues} represents it) as JSON, the way Hasura's
     * {@code pgScalarValueToJson} does: numbers and booleans as JSON numbers and booleans (NaN and infinities as
     * strings), json/jsonb as their JSON, arrays as JSON arrays, NULL as null, everything else as its PostgreSQL text output
     * ({@link PgText#output}: {@code 2024-05-01 10:00:00+00}, {@code 1 day 02:00:00}).
     */
    static JsonValue json(Object v) {
        if (v == null || v == SqlNull.INSTANCE) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonValue j) {
            return j;
        }
        if (v instanceof Boolean b) {
            return JsonBoolean.of(b);
        }
        if (v instanceof Short || v instanceof Integer || v instanceof Long) {
            return JsonNumber.of(((Number) v).longValue());
        }
        if (v instanceof BigDecimal d) {
            return JsonNumber.of(d);
        }
        if ((v instanceof Double d && Double.isFinite(d)) || (v instanceof Float f && Float.isFinite(f))) {
            return JsonNumber.of(new BigDecimal(v.toString()));
        }
        if (v instanceof List<?> l) {
            List<JsonValue> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(json(e)));
            return JsonArray.of(out);
        }
        return JsonString.of(PgText.output(v));
    }
}

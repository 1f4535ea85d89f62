package dev.hasuraperms.eval;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.types.SqlNull;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** A row over an immutable copy of a map; Java null is SQL NULL. */
final class MapRow implements Row {

    private final Map<String, Object> values;

    MapRow(Map<String, ?> values) {
        Map<String, Object> copy = new HashMap<>(values.size() * 2);
        values.forEach((k, v) -> copy.put(java.util.Objects.requireNonNull(k, "column name"), v == null ? SqlNull.INSTANCE : v));
        this.values = Collections.unmodifiableMap(copy);
    }

    static MapRow fromAnyMap(Map<?, ?> m) {
        Map<String, Object> copy = new HashMap<>();
        m.forEach((k, v) -> {
            if (!(k instanceof String s)) {
                throw EvaluationException.invalidValue("row keys must be column names (strings), found " + k);
            }
            copy.put(s, v);
        });
        return new MapRow(copy);
    }

    @Override
    public Object get(String column) {
        Object v = values.get(column);
        if (v == null) {
            throw new EvaluationException(DiagnosticCode.MISSING_ROW_COLUMN, "the row has no column " + column
                    + " (it has " + new TreeSet<>(values.keySet()) + ")");
        }
        return v;
    }

    @Override
    public String toString() {
        return new java.util.TreeMap<>(values).toString();
    }
}

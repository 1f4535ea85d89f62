package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Reads the members of one JSON object, remembering which keys were used, so unknown keys can be reported. */
final class Obj {

    private final JsonObject object;
    private final String what;
    private final Diagnostics diagnostics;
    /** Keys used so far, by their position in the object (objects with more than 64 keys use {@link #usedMany}). */
    private long used;
    private Set<String> usedMany;
    private final Predicate<JsonValue> placeholder;

    private Obj(JsonObject object, String what, Diagnostics diagnostics, Predicate<JsonValue> placeholder) {
        this.object = object;
        this.what = what;
        this.diagnostics = diagnostics;
        this.placeholder = placeholder;
        if (object.size() > 64) {
            usedMany = new HashSet<>();
        }
    }

    private void use(String key) {
        if (usedMany != null) {
            usedMany.add(key);
            return;
        }
        int i = object.keyIndex(key);
        if (i >= 0) {
            used |= 1L << i;
        }
    }

    private boolean isUsed(int i, String key) {
        return usedMany != null ? usedMany.contains(key) : (used & (1L << i)) != 0;
    }

    /**
     * The object, or a diagnostic saying {@code v} should have been one.
     *
     * @param placeholder tells values that stand in for content already reported as unreadable (a failed include)
     */
    static Optional<Obj> of(JsonValue v, String what, Diagnostics diagnostics, Predicate<JsonValue> placeholder) {
        if (v instanceof JsonObject o) {
            return Optional.of(new Obj(o, what, diagnostics, placeholder));
        }
        diagnostics.report(DiagnosticCode.INVALID_VALUE, v.origin(),
                "expected " + what + " (an object), found " + BoolExpParser.describe(v));
        return Optional.empty();
    }

    JsonObject json() {
        return object;
    }

    Origin origin() {
        return object.origin();
    }

    String what() {
        return what;
    }

    /** An optional member; JSON {@code null} counts as absent. */
    Optional<JsonValue> optional(String key) {
        use(key);
        return object.get(key).filter(v -> !v.isNull());
    }

    /** A required member, or a MISSING_KEY diagnostic. */
    Optional<JsonValue> required(String key) {
        use(key);
        if (object.get(key).filter(placeholder).isPresent()) {
            return Optional.empty();
        }
        Optional<JsonValue> v = object.get(key).filter(x -> !x.isNull());
        if (v.isEmpty()) {
            diagnostics.report(DiagnosticCode.MISSING_KEY, object.has(key) ? object.keyOrigin(key) : object.origin(),
                    what + " needs \"" + key + "\"");
        }
        return v;
    }

    /** A required non-empty string member. */
    Optional<String> requiredString(String key) {
        return required(key).flatMap(v -> string(v, key));
    }

    /** An optional string member. */
    Optional<String> optionalString(String key) {
        return optional(key).flatMap(v -> string(v, key));
    }

    /** An optional string member that may be empty (comments, descriptions). */
    Optional<String> optionalText(String key) {
        Optional<JsonValue> v = optional(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof JsonString s) {
            return Optional.of(s.value());
        }
        diagnostics.report(DiagnosticCode.INVALID_VALUE, v.get().origin(),
                "\"" + key + "\" of " + what + " must be a string, found " + BoolExpParser.describe(v.get()));
        return Optional.empty();
    }

    private Optional<String> string(JsonValue v, String key) {
        if (v instanceof JsonString s && !s.value().isEmpty()) {
            return Optional.of(s.value());
        }
        diagnostics.report(DiagnosticCode.INVALID_VALUE, v.origin(),
                "\"" + key + "\" of " + what + " must be a non-empty string, found " + BoolExpParser.describe(v));
        return Optional.empty();
    }

    /** An optional boolean member with a default. */
    boolean bool(String key, boolean defaultValue) {
        Optional<JsonValue> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        if (v.get() instanceof JsonBoolean b) {
            return b.value();
        }
        diagnostics.report(DiagnosticCode.INVALID_VALUE, v.get().origin(),
                "\"" + key + "\" of " + what + " must be true or false, found " + BoolExpParser.describe(v.get()));
        return defaultValue;
    }

    /** Marks keys as known and deliberately not kept. */
    void accept(String... keys) {
        for (String k : keys) {
            use(k);
        }
    }

    /** Marks every key as used (another reader reports on the same object). */
    void acceptAll() {
        for (String k : object.keys()) {
            use(k);
        }
    }

    /** Reports a deprecated key if present. */
    void deprecated(String key, String explanation) {
        use(key);
        if (object.has(key)) {
            diagnostics.report(DiagnosticCode.DEPRECATED_KEY, object.keyOrigin(key), "\"" + key + "\" " + explanation);
        }
    }

    /**
     * Reports the keys not used: {@code UNKNOWN_KEY} (an error) where Hasura rejects unknown keys, {@code
     * IGNORED_KEY} (a warning) where it ignores them.
     */
    void finish(boolean strict) {
        for (int i = 0; i < object.size(); i++) {
            String k = object.keyAt(i);
            if (!isUsed(i, k)) {
                if (strict) {
                    diagnostics.report(DiagnosticCode.UNKNOWN_KEY, object.keyOrigin(k),
                            "unknown key \"" + k + "\" in " + what);
                } else {
                    diagnostics.report(DiagnosticCode.IGNORED_KEY, Severity.WARNING, object.keyOrigin(k),
                            "unknown key \"" + k + "\" in " + what + " is ignored");
                }
            }
        }
    }
}

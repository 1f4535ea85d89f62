package dev.hasuraperms.json;

import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.internal.json.IncludeResolver;
import dev.hasuraperms.internal.json.TreeReaders;

/** Parses JSON and YAML text into {@link JsonValue}s, with the same limits and diagnostics as the loaders. */
public final class Json {

    private Json() {
    }

    /**
     * Parses JSON text with the default limits.
     *
     * @param json the JSON text; never null
     * @return the parsed value, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException listing what is wrong with the text
     */
    public static JsonValue parse(String json) {
        return parse(json, ReadLimits.DEFAULT);
    }

    /**
     * Parses JSON text.
     *
     * @param json the JSON text; never null
     * @param limits the limits on the document; never null
     * @return the parsed value, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException listing what is wrong with the text
     */
    public static JsonValue parse(String json, ReadLimits limits) {
        Diagnostics d = new Diagnostics();
        JsonValue v = TreeReaders.readJson(json, "", "$", limits, d).orElse(null);
        d.throwIfErrors("invalid JSON");
        return v;
    }

    /**
     * Parses YAML text (one document, safe types only) with the default limits.
     *
     * @param yaml the YAML text; never null
     * @return the parsed value, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException listing what is wrong with the text
     */
    public static JsonValue parseYaml(String yaml) {
        return parseYaml(yaml, ReadLimits.DEFAULT);
    }

    /**
     * Parses YAML text (one document, safe types only, no {@code !include}).
     *
     * @param yaml the YAML text; never null
     * @param limits the limits on the document; never null
     * @return the parsed value, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException listing what is wrong with the text
     */
    public static JsonValue parseYaml(String yaml, ReadLimits limits) {
        Diagnostics d = new Diagnostics();
        JsonValue v = TreeReaders.readYaml(yaml, "", "$", limits, IncludeResolver.NONE, d).orElse(null);
        d.throwIfErrors("invalid YAML");
        return v;
    }
}

package dev.hasuraperms.conformance;

import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The runner's corrections, read from {@code conformance/overlay.yaml} (test resources): which setup files each folder
 * applies, patches to stale setups, extra setup operations, and per-file exclusions or stricter expectations. The data
 * files themselves are never changed.
 */
final class Overlay {

    private final JsonObject root;

    private Overlay(JsonObject root) {
        this.root = root;
    }

    /** An overlay from its YAML text (tests of the runner). */
    static Overlay of(String yaml) {
        return new Overlay((JsonObject) Json.parseYaml(yaml));
    }

    static Overlay load() {
        try (InputStream in = Overlay.class.getResourceAsStream("/conformance/overlay.yaml")) {
            return new Overlay((JsonObject) Json.parseYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonObject folders() {
        return (JsonObject) root.get("folders").orElseThrow();
    }

    JsonObject folder(String folder) {
        return (JsonObject) folders().get(folder).orElseThrow(() -> new IllegalStateException("no overlay for " + folder));
    }

    static List<String> strings(JsonObject o, String key) {
        return o.get(key).map(v -> ((JsonArray) v).elements().stream().map(e -> ((JsonString) e).value()).toList())
                .orElse(List.of());
    }

    Optional<JsonObject> file(String path) {
        return root.get("files").flatMap(f -> ((JsonObject) f).get(path)).map(v -> (JsonObject) v);
    }

    Optional<String> exclusion(String path) {
        return file(path).flatMap(f -> f.get("exclude")).map(v -> ((JsonString) v).value());
    }

    /** {@code true}/{@code false} for a status-only file whose description says it must fail / succeed. */
    Optional<Boolean> expectError(String path) {
        return file(path).flatMap(f -> f.get("expectError")).map(v -> ((JsonBoolean) v).value());
    }

    /** The key of the expected response in a case file ({@code response}, unless the file misspells it). */
    String responseKey(String path) {
        return file(path).flatMap(f -> f.get("responseKey")).map(v -> ((JsonString) v).value()).orElse("response");
    }

    /** The patch of one setup file of a folder (skip operations on some tables, replace SQL text). */
    Patch patch(String folder, String setupFile) {
        return patch(folder, setupFile, false);
    }

    /**
     * The patch of one setup file of a folder, on the PostGIS server or not: without it, a folder's
     * {@code patchesWithoutPostgis} entry (dropping what needs PostGIS) replaces its {@code patches} entry.
     */
    Patch patch(String folder, String setupFile, boolean postgis) {
        Optional<JsonValue> without = postgis ? Optional.empty()
                : folder(folder).get("patchesWithoutPostgis").flatMap(p -> ((JsonObject) p).get(setupFile));
        return without.or(() -> folder(folder).get("patches").flatMap(p -> ((JsonObject) p).get(setupFile)))
                .map(v -> new Patch((JsonObject) v)).orElse(Patch.NONE);
    }

    /** Why a case file that needs PostGIS is not run. */
    static final String NO_POSTGIS = "skipped: needs PostGIS, and no PostGIS server is configured"
            + " (HASURA_PERMS_TEST_POSTGIS_JDBC_URL; bash .ci/run starts one)";

    /** Whether a folder's setup runs on the PostGIS server when there is one ({@code postgis: true}). */
    boolean postgis(String folder) {
        return folder(folder).get("postgis").map(v -> ((JsonBoolean) v).value()).orElse(false);
    }

    /** Whether a case file needs the PostGIS server ({@code requires: postgis}). */
    boolean requiresPostgis(String path) {
        return file(path).flatMap(f -> f.get("requires")).map(v -> ((JsonString) v).value().equals("postgis"))
                .orElse(false);
    }

    /** Every case file that needs the PostGIS server. */
    List<String> postgisFiles() {
        return root.get("files").map(f -> ((JsonObject) f).keys().stream().filter(this::requiresPostgis).toList())
                .orElse(List.of());
    }

    /** Keys that the actual response may have where the expected one has none ({@code ignoreKeys}). */
    List<String> ignoredKeys(String path) {
        return file(path).map(f -> strings(f, "ignoreKeys")).orElse(List.of());
    }

    static final class Patch {
        static final Patch NONE = new Patch(JsonObject.empty());
        private final List<String> skipTables;
        private final List<JsonObject> replace;

        Patch(JsonObject o) {
            skipTables = strings(o, "skipTables");
            replace = o.get("sqlReplace").map(v -> ((JsonArray) v).elements().stream().map(e -> (JsonObject) e).toList())
                    .orElse(List.of());
        }

        boolean skips(JsonValue args) {
            if (skipTables.isEmpty() || !(args instanceof JsonObject o)) {
                return false;
            }
            for (String key : List.of("table", "name")) {
                Optional<JsonValue> t = o.get(key);
                if (t.isPresent() && (t.get() instanceof JsonString || t.get() instanceof JsonObject)) {
                    try {
                        if (skipTables.contains(Setup.tableName(t.get()).name())) {
                            return true;
                        }
                    } catch (RuntimeException e) {
                        // not a table name
                    }
                }
            }
            return false;
        }

        String sql(String sql) {
            String out = sql;
            for (JsonObject r : replace) {
                String pattern = ((JsonString) r.get("pattern").orElseThrow()).value();
                String to = r.get("to").map(v -> ((JsonString) v).value()).orElse("");
                out = java.util.regex.Pattern.compile(pattern, java.util.regex.Pattern.DOTALL).matcher(out)
                        .replaceAll(java.util.regex.Matcher.quoteReplacement(to));
            }
            return out;
        }
    }
}

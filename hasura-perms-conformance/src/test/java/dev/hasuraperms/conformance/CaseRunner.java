package dev.hasuraperms.conformance;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.CheckViolationException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.JsonWriter;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Runs the case files of one folder against one database and reports a result per file. */
final class CaseRunner {

    enum Status { PASS, FAIL, EXCLUDED }

    /** The outcome of one case file, and how many of its cases ran, passed and were excluded. */
    record FileResult(String file, Status status, String note, int cases, int passed, int excluded) {
        FileResult(String file, Status status, String note) {
            this(file, status, note, 0, 0, 0);
        }
    }

    private final Path folderPath;
    private final String folder;
    private final Overlay overlay;
    private final Connection connection;
    private Setup setup;
    private CheckedPermissions checked;

    /** Whether the folder's database is on the PostGIS server (see {@link Overlay#postgis}). */
    private final boolean postgis;
    /** Keys of the expected response's objects that the current file's overlay ignores in the actual one. */
    private List<String> ignoredKeys = List.of();

    CaseRunner(Path queriesRoot, String folder, Overlay overlay, Connection connection) {
        this(queriesRoot, folder, overlay, connection, false);
    }

    CaseRunner(Path queriesRoot, String folder, Overlay overlay, Connection connection, boolean postgis) {
        this.folderPath = queriesRoot.resolve(folder);
        this.folder = folder;
        this.overlay = overlay;
        this.connection = connection;
        this.postgis = postgis;
    }

    /** Applies the folder's setup; returns a problem when it cannot be applied. */
    Optional<String> setUp() {
        setup = new Setup(connection);
        try {
            try (var st = connection.createStatement()) {
                st.execute("SET TIME ZONE 'UTC'");
            }
            for (String file : Overlay.strings(overlay.folder(folder), "setup")) {
                applyFile(file, true);
            }
            if (!setup.problems().isEmpty()) {
                return Optional.of("setup failed: " + setup.problems());
            }
            checked = setup.check();
            return Optional.empty();
        } catch (SQLException | IOException | RuntimeException e) {
            return Optional.of("setup failed: " + e);
        }
    }

    private void applyFile(String file, boolean withMetadata) throws SQLException, IOException {
        JsonValue doc;
        if (file.startsWith("overlay:")) {
            String key = file.substring("overlay:".length());
            doc = overlay.folder(folder).get("extra").flatMap(e -> ((JsonObject) e).get(key))
                    .orElseThrow(() -> new IllegalStateException("no overlay extra " + key));
        } else {
            doc = Json.parseYaml(Files.readString(folderPath.resolve(file), StandardCharsets.UTF_8));
        }
        if (!withMetadata) {
            List<JsonValue> dataOps = new ArrayList<>();
            for (JsonValue op : Setup.flatten(doc)) {
                String type = ((JsonObject) op).get("type").map(t -> ((JsonString) t).value()).orElse("");
                if (Setup.SQL_TYPES.contains(type) || type.equals("insert")) {
                    dataOps.add(op);
                }
            }
            doc = JsonArray.of(dataOps);
        }
        setup.apply(doc, overlay.patch(folder, file, postgis), folder + "/" + file);
    }

    List<String> caseFiles() throws IOException {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(folderPath)) {
            s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.contains("setup") && !n.contains("teardown"))
                    .sorted().forEach(out::add);
        }
        return out;
    }

    FileResult run(String file, Optional<String> setupProblem) {
        String path = folder + "/" + file;
        Optional<String> excluded = overlay.exclusion(path);
        if (excluded.isPresent()) {
            return new FileResult(path, Status.EXCLUDED, excluded.get());
        }
        if (overlay.requiresPostgis(path) && !postgis) {
            return new FileResult(path, Status.EXCLUDED, Overlay.NO_POSTGIS);
        }
        if (setupProblem.isPresent()) {
            return new FileResult(path, Status.FAIL, setupProblem.get());
        }
        ignoredKeys = overlay.ignoredKeys(path);
        try {
            for (String reset : Overlay.strings(overlay.folder(folder), "reset")) {
                applyFile(reset, false);
            }
            JsonValue doc = Json.parseYaml(Files.readString(folderPath.resolve(file), StandardCharsets.UTF_8));
            List<JsonValue> cases = doc instanceof JsonArray a ? a.elements() : List.of(doc);
            List<String> failures = new ArrayList<>();
            List<String> exclusions = new ArrayList<>();
            int passed = 0;
            for (int i = 0; i < cases.size(); i++) {
                String label = cases.size() > 1 ? "case " + (i + 1) + ": " : "";
                try {
                    Optional<String> f = runCase(path, (JsonObject) cases.get(i));
                    if (f.isPresent()) {
                        failures.add(label + f.get());
                    } else {
                        passed++;
                    }
                } catch (GraphqlExecutor.Unsupported u) {
                    exclusions.add(label + "needs " + u.getMessage());
                }
            }
            int excludedCases = exclusions.size();
            if (!failures.isEmpty()) {
                failures.addAll(exclusions.stream().map(e -> "excluded " + e).toList());
                return new FileResult(path, Status.FAIL, String.join("; ", failures), cases.size(), passed, excludedCases);
            }
            if (passed == 0) {
                return new FileResult(path, Status.EXCLUDED, String.join("; ", exclusions), cases.size(), 0, excludedCases);
            }
            String note = passed + (passed == 1 ? " case" : " cases");
            if (!ignoredKeys.isEmpty()) {
                note += " (stale expectation: keys " + ignoredKeys + " of the actual response not compared)";
            }
            if (!exclusions.isEmpty()) {
                note += "; excluded " + String.join("; ", exclusions);
            }
            return new FileResult(path, Status.PASS, note, cases.size(), passed, excludedCases);
        } catch (IOException | SQLException | RuntimeException e) {
            return new FileResult(path, Status.FAIL, "runner error: " + e, 0, 0, 0);
        }
    }

    /** Runs one case; empty when it matches the expected response. */
    private Optional<String> runCase(String path, JsonObject c) throws SQLException {
        String url = c.get("url").map(v -> ((JsonString) v).value()).orElse("/v1/graphql");
        JsonObject actual;
        if (url.equals("/v1/query")) {
            actual = metadataQuery((JsonObject) c.get("query").orElseThrow());
        } else {
            actual = graphql(c);
        }
        System.out.println("  " + path + " -> " + brief(actual));
        List<JsonValue> allowed = new ArrayList<>();
        c.get(overlay.responseKey(path)).ifPresent(allowed::add);
        c.get("allowed_responses").ifPresent(a -> ((JsonArray) a).elements()
                .forEach(r -> allowed.add(((JsonObject) r).get("response").orElseThrow())));
        if (allowed.isEmpty()) {
            Optional<Boolean> expectError = overlay.expectError(path).or(() -> c.get("status")
                    .filter(st -> st instanceof JsonNumber n && n.value().intValue() == 400).map(st -> true));
            boolean isError = actual.has("errors");
            if (expectError.isPresent() && expectError.get() != isError) {
                return Optional.of("expected " + (expectError.get() ? "an error" : "success") + ", got "
                        + brief(actual));
            }
            return Optional.empty();
        }
        for (JsonValue expected : allowed) {
            if (matches(expected, actual)) {
                return Optional.empty();
            }
        }
        return Optional.of("expected " + brief(allowed.get(0)) + ", got " + brief(actual));
    }

    private static String brief(JsonValue v) {
        String s = JsonWriter.compact(v);
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }

    private GraphqlExecutor lastExecutor;

    private JsonObject graphql(JsonObject c) throws SQLException {
        Map<String, String> headers = new LinkedHashMap<>();
        c.get("headers").ifPresent(h -> ((JsonObject) h).members().forEach((k, v) ->
                headers.put(k.toLowerCase(Locale.ROOT), v instanceof JsonString s ? s.value() : JsonWriter.compact(v))));
        JsonObject query = (JsonObject) c.get("query").orElseThrow();
        String text = ((JsonString) query.get("query").orElseThrow()).value();
        JsonObject variables = query.get("variables").filter(v -> v instanceof JsonObject).map(v -> (JsonObject) v)
                .orElse(JsonObject.empty());
        GraphqlExecutor executor = new GraphqlExecutor(connection, checked);
        lastExecutor = executor;
        try {
            Session session = session(headers);
            return executor.execute(session, text, variables);
        } catch (GraphqlExecutor.GraphqlError e) {
            return error(e.code, e.getMessage());
        } catch (GraphqlExecutor.Unsupported u) {
            throw u;
        } catch (HasuraPermsException e) {
            return error(code(e), e.getMessage());
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String code = state.startsWith("23") ? "constraint-violation" : state.startsWith("22") ? "data-exception"
                    : "unexpected";
            return error(code, e.getMessage());
        }
    }

    /** Hasura's error code for a library exception. */
    static String code(HasuraPermsException e) {
        if (e instanceof PermissionDeniedException) {
            return "validation-failed"; // the field does not exist in the role's schema
        }
        if (e instanceof CheckViolationException) {
            return "permission-error";
        }
        if (e instanceof CallerFilters.InvalidCallerFilterException) {
            return "validation-failed";
        }
        DiagnosticCode d = e.code();
        return switch (d) {
            case MISSING_SESSION_VARIABLE -> "not-found";
            case INVALID_SESSION_VARIABLE -> "data-exception";
            case COLUMN_NOT_ALLOWED, INVALID_COLUMN_VALUE, NO_PERMISSION -> "validation-failed";
            default -> "unexpected";
        };
    }

    private static final String BACKEND_ONLY = "x-hasura-use-backend-only-permissions";

    private static Session session(Map<String, String> headers) {
        Map<String, String> vars = new HashMap<>();
        String role = Setup.ADMIN;
        boolean backend = false;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String k = e.getKey();
            if (k.equals("x-hasura-role")) {
                role = e.getValue().equals("admin") ? Setup.ADMIN : e.getValue();
            } else if (k.equals(BACKEND_ONLY)) {
                String v = e.getValue().trim().toLowerCase(Locale.ROOT);
                if (List.of("true", "t", "yes", "y").contains(v)) {
                    backend = true;
                } else if (!List.of("false", "f", "no", "n").contains(v)) {
                    throw new GraphqlExecutor.GraphqlError("bad-request", BACKEND_ONLY + ": Not a valid boolean text");
                }
            } else if (k.startsWith("x-hasura-")) {
                vars.put(k, e.getValue());
            }
        }
        Session s = Session.of(role, vars);
        return backend ? s.withBackendOnlyPermissions() : s;
    }

    private static JsonObject error(String code, String message) {
        JsonObject err = JsonObject.of(Map.of("extensions", JsonObject.of(Map.of("code", JsonString.of(code))),
                "message", JsonString.of(message == null ? "" : message)));
        return JsonObject.of(Map.of("errors", JsonArray.of(List.of(err))));
    }

    /** A {@code /v1/query} metadata operation, applied to the folder's metadata through the library's loader. */
    private JsonObject metadataQuery(JsonObject op) {
        Metadata before = setup.metadata();
        LoadResult r = MetadataLoader.defaults().tryApplyOperations(before, JsonWriter.compact(op), "query");
        if (!r.isOk()) {
            DiagnosticCode d = r.errors().get(0).code();
            String code = switch (d) {
                case ADMIN_PERMISSION -> "constraint-violation";
                case DUPLICATE_PERMISSION, DUPLICATE_DEFINITION -> "already-exists";
                case PERMISSION_NOT_FOUND, OBJECT_NOT_FOUND -> "bad-request";
                default -> "validation-failed";
            };
            return JsonObject.of(Map.of("code", JsonString.of(code), "error", JsonString.of(r.errors().get(0).message())));
        }
        CheckResult check = PermissionChecker.check(r.metadata().orElseThrow(),
                JdbcSchemaReader.defaults().read(connection));
        if (!check.errors().isEmpty()) {
            return JsonObject.of(Map.of("code", JsonString.of("validation-failed"),
                    "error", JsonString.of(check.errors().get(0).message())));
        }
        setup.replaceMetadata(r.metadata().orElseThrow());
        return JsonObject.of(Map.of("message", JsonString.of("success")));
    }

    // --------------------------------------------------------------------------------------------- comparing

    /** Whether {@code actual} matches {@code expected}: data compared as JSON, errors by their code. */
    private boolean matches(JsonValue expectedValue, JsonObject actual) {
        if (!(expectedValue instanceof JsonObject expected)) {
            return false;
        }
        Optional<String> expectedCode = errorCode(expected);
        if (expectedCode.isPresent()) {
            return expectedCode.equals(errorCode(actual));
        }
        if (expected.has("message") && !expected.has("data")) {
            return JsonWriter.compact(expected).equals(JsonWriter.compact(actual));
        }
        if (!expected.has("data") || actual.has("errors")) {
            return false;
        }
        return same(expected.get("data").orElseThrow(), actual.get("data").orElseThrow(), "");
    }

    private static Optional<String> errorCode(JsonObject response) {
        Optional<JsonValue> errors = response.get("errors");
        if (errors.isPresent() && errors.get() instanceof JsonArray a && a.size() > 0) {
            JsonObject e = (JsonObject) a.get(0);
            return e.get("extensions").flatMap(x -> ((JsonObject) x).get("code")).or(() -> e.get("code"))
                    .map(v -> ((JsonString) v).value());
        }
        return response.get("code").map(v -> ((JsonString) v).value());
    }

    private boolean same(JsonValue expected, JsonValue actual, String path) {
        if (expected instanceof JsonObject e && actual instanceof JsonObject a) {
            if (!e.keys().equals(a.keys()) && !ignoredKeys.isEmpty()) {
                Map<String, JsonValue> kept = new LinkedHashMap<>();
                for (String k : a.keys()) {
                    if (e.has(k) || !ignoredKeys.contains(k)) {
                        kept.put(k, a.get(k).orElseThrow());
                    }
                }
                a = JsonObject.of(kept);
            }
            if (!e.keys().equals(a.keys())) {
                return false;
            }
            for (String k : e.keys()) {
                if (!same(e.get(k).orElseThrow(), a.get(k).orElseThrow(), path.isEmpty() ? k : path + "." + k)) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof JsonArray e && actual instanceof JsonArray a) {
            if (e.size() != a.size()) {
                return false;
            }
            boolean ordered = true;
            for (int i = 0; i < e.size(); i++) {
                if (!same(e.get(i), a.get(i), path)) {
                    ordered = false;
                    break;
                }
            }
            if (ordered) {
                return true;
            }
            if (lastExecutor == null || !lastExecutor.unordered.contains(path)) {
                return false;
            }
            List<JsonValue> left = new ArrayList<>(a.elements());
            for (JsonValue x : e.elements()) {
                int match = -1;
                for (int j = 0; j < left.size(); j++) {
                    if (same(x, left.get(j), path)) {
                        match = j;
                        break;
                    }
                }
                if (match < 0) {
                    return false;
                }
                left.remove(match);
            }
            return true;
        }
        if (expected instanceof JsonNumber e && actual instanceof JsonNumber a) {
            return e.value().compareTo(a.value()) == 0;
        }
        if (expected instanceof dev.hasuraperms.json.JsonBoolean e && actual instanceof dev.hasuraperms.json.JsonBoolean a) {
            return e.value() == a.value();
        }
        if (expected instanceof JsonNull && actual instanceof JsonNull) {
            return true;
        }
        return expected.equals(actual) || (expected instanceof JsonString es && actual instanceof JsonString as
                && es.value().equals(as.value()));
    }
}

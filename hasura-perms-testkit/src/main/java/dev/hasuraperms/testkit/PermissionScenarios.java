package dev.hasuraperms.testkit;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.migrations.MigrationSchemaReader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * A scenario file: fixture rows and permission cases in YAML (or JSON), run as JUnit 5 dynamic tests in memory or on
 * a database.
 *
 * <pre>{@code
 * class PermissionRulesTest {
 *     static final PermissionScenarios SCENARIOS = PermissionScenarios.from(Path.of("src/test/resources/permissions.yaml"));
 *
 *     @TestFactory
 *     Stream<DynamicNode> inMemory() {
 *         return SCENARIOS.tests(SCENARIOS.inMemory());
 *     }
 *
 *     @TestFactory
 *     Stream<DynamicNode> onPostgres() {
 *         return SCENARIOS.tests(SCENARIOS.onEmbeddedPostgres());
 *     }
 * }
 * }</pre>
 *
 * <p>The file (paths relative to it):
 *
 * <pre>
 * name: blog permissions                       # optional
 * metadata: ../hasura/metadata                 # optional: Hasura metadata (CLI directory, export JSON or YAML)
 * schema: db/schema.sql                        # optional: a schema snapshot (.json) or DDL (.sql)
 * sql: [db/schema.sql]                         # optional: scripts creating the schema on an embedded database
 *                                              #   (default: the schema when it is .sql)
 * fixtures:                                    # rows per table, parents first
 *   authors:
 *     - {id: 1, name: ada}
 *   articles:
 *     - {id: 10, author_id: 1, title: hello, is_published: true}
 * cases:
 *   - name: a user reads published articles     # optional; the default names the question
 *     role: user
 *     session: {X-Hasura-User-Id: 2}
 *     operation: select                         # select | insert | update | delete
 *     table: articles
 *     rows: [10]                                # ids, or maps of column values; "row:" for one
 *     expect: allow                             # allow | deny, for every row
 *   - role: user
 *     session: {X-Hasura-User-Id: 1}
 *     operation: select
 *     table: articles
 *     visible: [10, 11]                         # exactly the rows the role sees
 *   - role: user
 *     session: {X-Hasura-User-Id: 1}
 *     operation: update
 *     table: articles
 *     row: 10
 *     set: {title: ""}                          # the changes
 *     expect: deny
 *   - matrix:                                   # every role with every session
 *       roles: [anonymous, user]
 *       sessions: [{X-Hasura-User-Id: 1}, {X-Hasura-User-Id: 2}]
 *     operation: delete
 *     table: articles
 *     row: 10
 *     expect: deny
 * </pre>
 *
 * <p>{@code backend_only: true} asks in backend mode. Session values may be written as numbers or booleans; they are
 * read as their text. Keys other than these are refused, as are malformed values
 * ({@link IllegalArgumentException} naming the path).
 */
public final class PermissionScenarios {

    private final String name;
    private final Path baseDir;
    private final Optional<Path> metadata;
    private final Optional<Path> schema;
    private final List<Path> sql;
    private final FixtureRows fixtures;
    private final List<ScenarioCase> cases;
    private final CheckedPermissions checked;

    private PermissionScenarios(String name, Path baseDir, Optional<Path> metadata, Optional<Path> schema, List<Path> sql,
                                FixtureRows fixtures, List<ScenarioCase> cases, CheckedPermissions checked) {
        this.name = name;
        this.baseDir = baseDir;
        this.metadata = metadata;
        this.schema = schema;
        this.sql = List.copyOf(sql);
        this.fixtures = fixtures;
        this.cases = List.copyOf(cases);
        this.checked = checked;
    }

    /**
     * Reads a scenario file (YAML or JSON).
     *
     * @param file the scenario file; relative paths in it are resolved against its directory
     * @return the scenarios; never null
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when the file is not a valid scenario
     */
    public static PermissionScenarios from(Path file) {
        try {
            Path abs = file.toAbsolutePath().normalize();
            String name = abs.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
            return parse(Files.readString(abs), abs.getParent(), name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the scenario file " + file, e);
        }
    }

    /**
     * Parses scenario text; relative paths are resolved against {@code baseDir}.
     *
     * @param yaml the scenario text, YAML or JSON
     * @param baseDir the directory relative paths are resolved against
     * @param defaultName the scenario's name unless the text has {@code name:}
     * @return the scenarios; never null
     */
    public static PermissionScenarios parse(String yaml, Path baseDir, String defaultName) {
        JsonValue root = Json.parseYaml(yaml);
        JsonObject o = object(root, "$");
        allowKeys(o, "$", Set.of("name", "metadata", "schema", "sql", "fixtures", "cases"));
        String name = o.get("name").map(v -> string(v, "$.name")).orElse(defaultName);
        Optional<Path> metadata = o.get("metadata").map(v -> baseDir.resolve(string(v, "$.metadata")).normalize());
        Optional<Path> schema = o.get("schema").map(v -> baseDir.resolve(string(v, "$.schema")).normalize());
        List<Path> sql = new ArrayList<>();
        if (o.get("sql").isPresent()) {
            JsonValue v = o.get("sql").get();
            List<JsonValue> items = v instanceof JsonArray a ? a.elements() : List.of(v);
            for (int i = 0; i < items.size(); i++) {
                sql.add(baseDir.resolve(string(items.get(i), "$.sql[" + i + "]")).normalize());
            }
        } else if (schema.isPresent() && schema.get().toString().endsWith(".sql")) {
            sql.add(schema.get());
        }
        FixtureRows fixtures = FixtureRows.empty();
        if (o.get("fixtures").isPresent()) {
            JsonObject f = object(o.get("fixtures").get(), "$.fixtures");
            for (String table : f.keyList()) {
                JsonArray rows = array(f.get(table).get(), "$.fixtures." + table);
                List<Map<String, ?>> list = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    list.add(object(rows.get(i), "$.fixtures." + table + "[" + i + "]").members());
                }
                fixtures = fixtures.with(table, list);
            }
        }
        List<ScenarioCase> cases = new ArrayList<>();
        if (o.get("cases").isPresent()) {
            JsonArray a = array(o.get("cases").get(), "$.cases");
            for (int i = 0; i < a.size(); i++) {
                cases.addAll(parseCase(a.get(i), "$.cases[" + i + "]"));
            }
        }
        return new PermissionScenarios(name, baseDir, metadata, schema, sql, fixtures, cases, null);
    }

    private static final Set<String> CASE_KEYS = Set.of("name", "role", "session", "matrix", "backend_only", "operation",
            "table", "row", "rows", "set", "expect", "visible");

    private static List<ScenarioCase> parseCase(JsonValue v, String path) {
        JsonObject c = object(v, path);
        allowKeys(c, path, CASE_KEYS);
        List<String> roles = new ArrayList<>();
        List<Map<String, String>> sessions = new ArrayList<>();
        boolean matrix = c.has("matrix");
        if (matrix) {
            JsonObject m = object(c.get("matrix").get(), path + ".matrix");
            allowKeys(m, path + ".matrix", Set.of("roles", "sessions"));
            m.get("roles").ifPresent(r -> array(r, path + ".matrix.roles").elements()
                    .forEach(x -> roles.add(string(x, path + ".matrix.roles[]"))));
            m.get("sessions").ifPresent(r -> array(r, path + ".matrix.sessions").elements()
                    .forEach(x -> sessions.add(session(x, path + ".matrix.sessions[]"))));
        }
        if (c.has("role")) {
            if (!roles.isEmpty()) {
                throw bad(path, "give either role or matrix.roles");
            }
            roles.add(string(c.get("role").get(), path + ".role"));
        }
        if (c.has("session")) {
            if (!sessions.isEmpty()) {
                throw bad(path, "give either session or matrix.sessions");
            }
            sessions.add(session(c.get("session").get(), path + ".session"));
        }
        if (roles.isEmpty()) {
            throw bad(path, "a case needs a role (role: or matrix.roles:)");
        }
        if (sessions.isEmpty()) {
            sessions.add(Map.of());
        }
        boolean backendOnly = c.get("backend_only").map(x -> bool(x, path + ".backend_only")).orElse(false);
        String opText = c.get("operation").map(x -> string(x, path + ".operation"))
                .orElseThrow(() -> bad(path, "a case needs an operation (select, insert, update or delete)"));
        Operation op;
        try {
            op = Operation.valueOf(opText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(path + ".operation", "must be select, insert, update or delete, found " + opText);
        }
        String table = c.get("table").map(x -> string(x, path + ".table")).orElseThrow(() -> bad(path, "a case needs a table"));
        List<Object> rows = new ArrayList<>();
        if (c.has("row") && c.has("rows")) {
            throw bad(path, "give either row or rows");
        }
        c.get("row").ifPresent(rows::add);
        c.get("rows").ifPresent(r -> rows.addAll(array(r, path + ".rows").elements()));
        Map<String, Object> set = new LinkedHashMap<>();
        c.get("set").ifPresent(s -> set.putAll(object(s, path + ".set").members()));
        if (op == Operation.UPDATE && set.isEmpty()) {
            throw bad(path, "an update case needs set: (the changes)");
        }
        if (op != Operation.UPDATE && !set.isEmpty()) {
            throw bad(path + ".set", "only an update case has changes");
        }
        Optional<Boolean> expect = c.get("expect").map(x -> {
            String e = string(x, path + ".expect");
            if (e.equals("allow")) {
                return true;
            }
            if (e.equals("deny")) {
                return false;
            }
            throw bad(path + ".expect", "must be allow or deny, found " + e);
        });
        Optional<List<Object>> visible = c.get("visible").map(x -> new ArrayList<>(array(x, path + ".visible").elements()));
        if (visible.isPresent()) {
            if (op != Operation.SELECT || !rows.isEmpty() || expect.isPresent()) {
                throw bad(path, "visible: goes with operation select, without rows or expect");
            }
        } else {
            if (expect.isEmpty()) {
                throw bad(path, "a case needs expect: (allow or deny) or, for a select, visible:");
            }
            if (rows.isEmpty()) {
                throw bad(path, "a case with expect: needs row: or rows:");
            }
        }
        if (op == Operation.INSERT) {
            for (int i = 0; i < rows.size(); i++) {
                object((JsonValue) rows.get(i), path + ".rows[" + i + "] (an insert gives column values)");
            }
        }
        String base = c.get("name").map(x -> string(x, path + ".name"))
                .orElse(op.name().toLowerCase(Locale.ROOT) + " " + table + (rows.isEmpty() ? "" : " " + render(rows))
                        + (set.isEmpty() ? "" : " set " + render(set)));
        List<ScenarioCase> out = new ArrayList<>();
        for (String role : roles) {
            for (Map<String, String> s : sessions) {
                String display = base + " [" + role + (s.isEmpty() ? "" : " " + new TreeMap<>(s)) + (backendOnly ? " backend-only" : "") + "]";
                out.add(new ScenarioCase(display, role, s, backendOnly, op, table, rows, set, expect, visible));
            }
        }
        return out;
    }

    private static String render(Object o) {
        if (o instanceof JsonValue j) {
            return j.toJson();
        }
        if (o instanceof List<?> l) {
            return l.size() == 1 ? render(l.get(0)) : l.stream().map(PermissionScenarios::render).toList().toString();
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, String> r = new LinkedHashMap<>();
            m.forEach((k, v) -> r.put(String.valueOf(k), render(v)));
            return r.toString();
        }
        return String.valueOf(o);
    }

    private static Map<String, String> session(JsonValue v, String path) {
        JsonObject o = object(v, path);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : o.keyList()) {
            JsonValue x = o.get(k).get();
            String text;
            if (x instanceof JsonString s) {
                text = s.value();
            } else if (x instanceof JsonNumber n) {
                // Plain unless that would expand a huge exponent (1e100000000: 100 million digits); the scientific
                // form is what a numeric or float column reads back as the same value.
                java.math.BigDecimal d = n.value();
                text = (long) d.precision() - d.scale() <= 1000 && d.scale() <= 1000 ? d.toPlainString() : d.toString();
            } else if (x instanceof JsonBoolean b) {
                text = Boolean.toString(b.value());
            } else {
                throw bad(path + "." + k, "a session value is a string, number or boolean");
            }
            out.put(k, text);
        }
        return out;
    }

    private static void allowKeys(JsonObject o, String path, Set<String> allowed) {
        for (String k : o.keyList()) {
            if (!allowed.contains(k)) {
                throw bad(path + "." + k, "unknown key (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private static JsonObject object(JsonValue v, String path) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw bad(path, "expected an object, found " + v.typeName());
    }

    private static JsonArray array(JsonValue v, String path) {
        if (v instanceof JsonArray a) {
            return a;
        }
        throw bad(path, "expected a list, found " + v.typeName());
    }

    private static String string(JsonValue v, String path) {
        if (v instanceof JsonString s) {
            return s.value();
        }
        throw bad(path, "expected a string, found " + v.typeName());
    }

    private static boolean bool(JsonValue v, String path) {
        if (v instanceof JsonBoolean b) {
            return b.value();
        }
        throw bad(path, "expected true or false, found " + v.typeName());
    }

    private static IllegalArgumentException bad(String path, String message) {
        return new IllegalArgumentException("scenario " + path + ": " + message);
    }

    // -------------------------------------------------------------------------------------------------- API

    /**
     * The scenario's name (the file name without extension unless it has {@code name:}).
     *
     * @return the name; never null
     */
    public String name() {
        return name;
    }

    /**
     * The cases, matrices expanded.
     *
     * @return the cases, in file order; unmodifiable
     */
    public List<ScenarioCase> cases() {
        return cases;
    }

    /**
     * The fixture rows.
     *
     * @return the fixture rows; empty when the file has none
     */
    public FixtureRows fixtures() {
        return fixtures;
    }

    /** The scripts creating the schema on an embedded database ({@code sql}, else a {@code .sql} schema). */
    List<Path> sqlScripts() {
        return sql;
    }

    /**
     * These scenarios judged against {@code permissions} instead of the file's {@code metadata} and {@code schema}.
     *
     * @param permissions the checked permissions to judge against
     * @return new scenarios; these are unchanged
     */
    public PermissionScenarios using(CheckedPermissions permissions) {
        return new PermissionScenarios(name, baseDir, metadata, schema, sql, fixtures, cases, permissions);
    }

    /**
     * The permissions judged: those given with {@link #using}, else the file's {@code metadata} checked against its
     * {@code schema}.
     *
     * @return the checked permissions
     * @throws IllegalStateException when neither is given
     */
    public CheckedPermissions permissions() {
        if (checked != null) {
            return checked;
        }
        if (metadata.isEmpty() || schema.isEmpty()) {
            throw new IllegalStateException("scenario " + name + " names no metadata and schema: call using(permissions)");
        }
        Metadata m = MetadataLoader.defaults().load(metadata.get());
        return PermissionChecker.check(m, readSchema(schema.get())).orThrow();
    }

    /**
     * A schema from a snapshot ({@code .json}) or DDL ({@code .sql}: applied to a throwaway embedded PostgreSQL and
     * read from its catalog, the jOOQ interpreter only where no embedded PostgreSQL can start; see
     * {@link MigrationSchemaReader}).
     *
     * @param file a {@code .json} snapshot or a {@code .sql} script
     * @return the schema
     */
    public static DatabaseSchema readSchema(Path file) {
        if (file.toString().endsWith(".sql")) {
            return MigrationSchemaReader.readFiles(List.of(file)).orThrow();
        }
        return SchemaSnapshot.read(file);
    }

    /**
     * A tester of the permissions over the fixture rows, in memory.
     *
     * @return the in-memory tester
     */
    public PermissionTester inMemory() {
        return PermissionTester.of(permissions()).withFixtures(fixtures);
    }

    /**
     * A tester on {@code dataSource} (which has the schema), after replacing the fixture tables' rows by the fixtures.
     *
     * @param dataSource connections to the database (committed: the fixture tables are rewritten)
     * @return the database tester
     */
    public PermissionTester onDatabase(DataSource dataSource) {
        return PermissionTester.of(permissions()).withFixtures(fixtures).onDatabaseWithFixtures(dataSource);
    }

    /**
     * A tester on a new embedded database ({@link EmbeddedDatabase}) created with the file's {@code sql} scripts and
     * loaded with the fixtures. The database lives until the JVM exits.
     *
     * @return the database tester
     */
    public PermissionTester onEmbeddedPostgres() {
        if (sql.isEmpty()) {
            throw new IllegalStateException("scenario " + name + " names no sql: scripts (or .sql schema) to create the schema");
        }
        EmbeddedDatabase db = EmbeddedDatabase.create();
        sql.forEach(db::runScript);
        return onDatabase(db.dataSource());
    }

    /**
     * One dynamic test per case (in a container named after the scenario and the tester's mode), then one that prints
     * the {@link Coverage#report() coverage} of the cases to standard output.
     *
     * @param tester the tester that answers
     * @return the dynamic tests, for a {@code @TestFactory}
     */
    public Stream<DynamicNode> tests(PermissionTester tester) {
        List<DynamicNode> nodes = new ArrayList<>();
        for (ScenarioCase c : cases) {
            nodes.add(DynamicTest.dynamicTest(c.name(), () -> check(tester, c)));
        }
        nodes.add(DynamicTest.dynamicTest("coverage", () -> System.out.println(
                "Scenario " + name + " (" + tester.mode() + ")\n" + tester.coverage().report())));
        return Stream.of(DynamicContainer.dynamicContainer(name + " (" + tester.mode() + ")", nodes));
    }

    /**
     * Runs every case; the first that fails throws its {@link PermissionAssertionError}.
     *
     * @param tester the tester that answers
     * @throws PermissionAssertionError for the first case whose answer is not the one expected
     */
    public void run(PermissionTester tester) {
        for (ScenarioCase c : cases) {
            check(tester, c);
        }
    }

    /**
     * Checks one case.
     *
     * @param tester the tester that answers
     * @param c      the case
     * @throws PermissionAssertionError when the answer is not the one expected
     */
    public static void check(PermissionTester tester, ScenarioCase c) {
        SessionTester s = session(tester, c);
        if (c.visible().isPresent()) {
            s.seesExactly(c.table(), c.visible().get().toArray());
            return;
        }
        boolean allow = c.expectAllow().orElseThrow();
        for (Object row : c.rows()) {
            switch (c.operation()) {
                case SELECT -> {
                    if (allow) {
                        s.canSelect(c.table(), row);
                    } else {
                        s.cannotSelect(c.table(), row);
                    }
                }
                case INSERT -> {
                    Map<String, ?> r = ((JsonObject) row).members();
                    if (allow) {
                        s.canInsert(c.table(), r);
                    } else {
                        s.cannotInsert(c.table(), r);
                    }
                }
                case UPDATE -> {
                    if (allow) {
                        s.canUpdate(c.table(), row, c.set());
                    } else {
                        s.cannotUpdate(c.table(), row, c.set());
                    }
                }
                case DELETE -> {
                    if (allow) {
                        s.canDelete(c.table(), row);
                    } else {
                        s.cannotDelete(c.table(), row);
                    }
                }
            }
        }
    }

    /**
     * The answer to one case, whatever it expects: {@code allow}/{@code deny} per row, or the visible ids. Two testers
     * agree on a case when their answers are equal.
     *
     * @param tester the tester that answers
     * @param c the case
     * @return the answer, as text
     */
    public static String answer(PermissionTester tester, ScenarioCase c) {
        SessionTester s = session(tester, c);
        if (c.visible().isPresent()) {
            return "visible " + s.visibleIds(c.table());
        }
        List<String> out = new ArrayList<>();
        for (Object row : c.rows()) {
            Verdict v = switch (c.operation()) {
                case SELECT -> s.select(c.table(), row);
                case INSERT -> s.insert(c.table(), ((JsonObject) row).members());
                case UPDATE -> s.update(c.table(), row, c.set());
                case DELETE -> s.delete(c.table(), row);
            };
            out.add(v.allowed() ? "allow" : "deny");
        }
        return String.join(" ", out);
    }

    private static SessionTester session(PermissionTester tester, ScenarioCase c) {
        SessionTester s = tester.as(c.role()).with(c.session());
        return c.backendOnly() ? s.backendOnly() : s;
    }

    @Override
    public String toString() {
        return "PermissionScenarios[" + name + ", " + cases.size() + " cases, " + fixtures + "]";
    }
}

package dev.hasuraperms.testkit;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.MetadataLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link HasuraPermsTest}: before the test class it builds a {@link PermissionTester}
 * (in memory, or on a new embedded PostgreSQL database), resolves it (and {@link Coverage},
 * {@link PermissionScenarios}, {@link EmbeddedDatabase}) as parameters, and after the class writes the coverage report
 * and closes the tester and drops its database.
 *
 * <p>Declaratively, {@code @HasuraPermsTest(...)} registers it and configures it. Programmatically, configure an
 * instance and register it on a static field:
 *
 * <pre>{@code
 * class PermissionRulesTest {
 *     @RegisterExtension
 *     static final HasuraPermsExtension PERMS = HasuraPermsExtension.forScenarios("permissions/scenarios.yaml")
 *             .onEmbeddedPostgres()
 *             .coverageReport("target/permission-coverage.txt");
 *
 *     @Test
 *     void adaReadsHerTodos(PermissionTester tester) {
 *         tester.as("user").with("X-Hasura-User-Id", "1").canSelect("todos", 1);
 *     }
 * }
 * }</pre>
 *
 * <p>Immutable: the configuring methods return a new extension. Errors in the configuration (a missing resource, metadata
 * that does not type-check) fail the class's tests with the cause.
 */
public final class HasuraPermsExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** The default of {@link HasuraPermsTest#coverageReport()}: {@value}. */
    public static final String DEFAULT_COVERAGE_REPORT = "target/hasura-perms-coverage/{class}.txt";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HasuraPermsExtension.class);
    private static final String KEY = "tester";

    /** What to build; null for the extension registered by {@link HasuraPermsTest}, which reads the annotation. */
    private final Config config;

    private record Config(String scenarios, String metadata, String schema, List<String> sql, HasuraPermsTest.Mode mode,
                          String coverageReport) {
        Config {
            Objects.requireNonNull(scenarios, "scenarios");
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(schema, "schema");
            sql = List.copyOf(sql);
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(coverageReport, "coverageReport");
        }

        static Config of(HasuraPermsTest a) {
            return new Config(a.scenarios(), a.metadata(), a.schema(), Arrays.asList(a.sql()), a.mode(), a.coverageReport());
        }
    }

    /** What one test class uses, owned by the context ({@code owner}: its unique id) that built it. */
    private record Built(String owner, PermissionTester tester, Optional<PermissionScenarios> scenarios,
                         Optional<EmbeddedDatabase> database, Optional<Path> coverageReport) {
    }

    /** The extension {@link HasuraPermsTest} registers: configured by the annotation on the test class. */
    public HasuraPermsExtension() {
        this.config = null;
    }

    private HasuraPermsExtension(Config config) {
        this.config = config;
    }

    /**
     * An extension whose tester uses the scenario file's permissions and fixture rows, in memory.
     *
     * @param scenarios the scenario file: a classpath resource, or {@code file:path}
     * @return the extension
     */
    public static HasuraPermsExtension forScenarios(String scenarios) {
        return new HasuraPermsExtension(new Config(requireLocation(scenarios, "scenarios"), "", "", List.of(),
                HasuraPermsTest.Mode.IN_MEMORY, DEFAULT_COVERAGE_REPORT));
    }

    /**
     * An extension whose tester uses {@code metadata} checked against {@code schema}, in memory, without rows.
     *
     * @param metadata the Hasura metadata: a classpath resource, or {@code file:path}
     * @param schema   the schema ({@code .json} snapshot or {@code .sql} DDL): a classpath resource, or {@code file:path}
     * @return the extension
     */
    public static HasuraPermsExtension forMetadata(String metadata, String schema) {
        return new HasuraPermsExtension(new Config("", requireLocation(metadata, "metadata"),
                requireLocation(schema, "schema"), List.of(), HasuraPermsTest.Mode.IN_MEMORY, DEFAULT_COVERAGE_REPORT));
    }

    /**
     * This extension on a new embedded PostgreSQL database per test class ({@link HasuraPermsTest.Mode#EMBEDDED_POSTGRES}).
     *
     * @return the extension
     */
    public HasuraPermsExtension onEmbeddedPostgres() {
        Config c = requireConfig();
        return new HasuraPermsExtension(new Config(c.scenarios(), c.metadata(), c.schema(), c.sql(),
                HasuraPermsTest.Mode.EMBEDDED_POSTGRES, c.coverageReport()));
    }

    /**
     * This extension with these SQL scripts creating the schema on the embedded database (see
     * {@link HasuraPermsTest#sql()}).
     *
     * @param scripts the scripts: classpath resources, or {@code file:path}s
     * @return the extension
     */
    public HasuraPermsExtension sql(String... scripts) {
        Config c = requireConfig();
        List<String> list = new ArrayList<>();
        for (String s : scripts) {
            list.add(requireLocation(s, "sql"));
        }
        return new HasuraPermsExtension(new Config(c.scenarios(), c.metadata(), c.schema(), list, c.mode(), c.coverageReport()));
    }

    /**
     * This extension writing the coverage report to {@code path} (see {@link HasuraPermsTest#coverageReport()}; empty:
     * no file).
     *
     * @param path the report's path, {@code {class}} standing for the test class's name
     * @return the extension
     */
    public HasuraPermsExtension coverageReport(String path) {
        Config c = requireConfig();
        return new HasuraPermsExtension(new Config(c.scenarios(), c.metadata(), c.schema(), c.sql(), c.mode(),
                Objects.requireNonNull(path, "path")));
    }

    private Config requireConfig() {
        if (config == null) {
            throw new IllegalStateException("configure the extension with @HasuraPermsTest, or start from forScenarios/forMetadata");
        }
        return config;
    }

    private static String requireLocation(String location, String what) {
        if (Objects.requireNonNull(location, what).isBlank()) {
            throw new IllegalArgumentException(what + " must name a classpath resource or file:path");
        }
        return location;
    }

    // ------------------------------------------------------------------------------------------------ callbacks

    /**
     * Builds the tester of the test class (unless it is a {@code @Nested} class without its own configuration, which
     * shares its enclosing class's).
     *
     * @param context the class's context
     * @throws ExtensionConfigurationException when the configuration is missing or invalid
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<HasuraPermsTest> annotation = AnnotationSupport.findAnnotation(testClass, HasuraPermsTest.class);
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Built existing = store.get(KEY, Built.class);
        if (existing != null && (existing.owner().equals(context.getUniqueId()) || annotation.isEmpty())) {
            return; // built already (a constructor parameter), or a @Nested class: the enclosing class's tester
        }
        Config c = config != null ? config : annotation.map(Config::of).orElseThrow(() -> new ExtensionConfigurationException(
                testClass.getName() + " registers HasuraPermsExtension without @HasuraPermsTest: annotate the class,"
                        + " or register HasuraPermsExtension.forScenarios(...) with @RegisterExtension"));
        store.put(KEY, build(c, context.getUniqueId(), testClass));
    }

    private static Built build(Config c, String owner, Class<?> testClass) {
        ClassLoader loader = testClass.getClassLoader();
        if (c.scenarios().isEmpty() && (c.metadata().isEmpty() || c.schema().isEmpty())) {
            throw new ExtensionConfigurationException("@HasuraPermsTest on " + testClass.getName()
                    + " needs scenarios, or metadata and schema");
        }
        if (c.metadata().isEmpty() != c.schema().isEmpty()) {
            throw new ExtensionConfigurationException("@HasuraPermsTest on " + testClass.getName()
                    + " gives " + (c.metadata().isEmpty() ? "schema without metadata" : "metadata without schema"));
        }
        Optional<PermissionScenarios> scenarios = c.scenarios().isEmpty() ? Optional.empty()
                : Optional.of(PermissionScenarios.from(TestResources.path(c.scenarios(), loader)));
        Optional<Path> schema = c.schema().isEmpty() ? Optional.empty() : Optional.of(TestResources.path(c.schema(), loader));
        if (!c.metadata().isEmpty()) {
            CheckedPermissions checked = PermissionChecker.check(
                    MetadataLoader.defaults().load(TestResources.path(c.metadata(), loader)),
                    PermissionScenarios.readSchema(schema.orElseThrow())).orThrow();
            scenarios = scenarios.map(s -> s.using(checked));
            return finish(c, owner, testClass, scenarios, PermissionTester.of(checked)
                    .withFixtures(scenarios.map(PermissionScenarios::fixtures).orElse(FixtureRows.empty())), schema, loader);
        }
        PermissionScenarios s = scenarios.orElseThrow();
        return finish(c, owner, testClass, scenarios, PermissionTester.of(s.permissions()).withFixtures(s.fixtures()),
                schema, loader);
    }

    private static Built finish(Config c, String owner, Class<?> testClass, Optional<PermissionScenarios> scenarios,
                                PermissionTester inMemory, Optional<Path> schema, ClassLoader loader) {
        Optional<Path> report = c.coverageReport().isEmpty() ? Optional.empty()
                : Optional.of(Path.of(c.coverageReport().replace("{class}", testClass.getName())).toAbsolutePath());
        if (c.mode() == HasuraPermsTest.Mode.IN_MEMORY) {
            return new Built(owner, inMemory, scenarios, Optional.empty(), report);
        }
        List<Path> scripts = new ArrayList<>();
        c.sql().forEach(s -> scripts.add(TestResources.path(s, loader)));
        if (scripts.isEmpty() && scenarios.isPresent() && schema.isEmpty()) {
            scripts.addAll(scenarios.get().sqlScripts());
        }
        if (scripts.isEmpty() && schema.isPresent() && schema.get().toString().endsWith(".sql")) {
            scripts.add(schema.get());
        }
        if (scripts.isEmpty()) {
            throw new ExtensionConfigurationException("@HasuraPermsTest on " + testClass.getName()
                    + " in EMBEDDED_POSTGRES mode names no SQL scripts (sql, the scenario file's sql, or a .sql schema)");
        }
        EmbeddedDatabase db = EmbeddedDatabase.create();
        try {
            scripts.forEach(db::runScript);
            return new Built(owner, inMemory.onDatabaseWithFixtures(db.dataSource()), scenarios, Optional.of(db), report);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Writes the coverage report, then closes the tester and drops its embedded database (for the class that built
     * them).
     *
     * @param context the class's context
     * @throws UncheckedIOException when the report cannot be written (the tester is closed first)
     */
    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Built built = store.get(KEY, Built.class);
        if (built == null || !built.owner().equals(context.getUniqueId())) {
            return;
        }
        store.remove(KEY);
        try {
            if (built.coverageReport().isPresent()) {
                Path file = built.coverageReport().get();
                Path parent = file.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(file, "Test class " + context.getRequiredTestClass().getName() + " ("
                        + built.tester().mode() + ")\n" + built.tester().coverage().report());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the permission coverage report: " + e.getMessage(), e);
        } finally {
            try {
                built.tester().close();
            } finally {
                built.database().ifPresent(EmbeddedDatabase::close);
            }
        }
    }

    /**
     * Whether the parameter is one this extension provides: {@link PermissionTester}, {@link Coverage},
     * {@link PermissionScenarios} (with a scenario file), {@link EmbeddedDatabase} (in embedded mode) or a
     * {@link SessionTester} annotated with {@link AsRole}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context it is resolved in
     * @return whether it is resolved here
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == PermissionTester.class || type == Coverage.class) {
            return true;
        }
        if (type == SessionTester.class) {
            return parameterContext.isAnnotated(AsRole.class);
        }
        Built built = extensionContext.getStore(NAMESPACE).get(KEY, Built.class);
        return type == PermissionScenarios.class && (built == null || built.scenarios().isPresent())
                || type == EmbeddedDatabase.class && (built == null || built.database().isPresent());
    }

    /**
     * The test class's tester, its coverage, scenario file or embedded database, or the tester as an {@link AsRole}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context it is resolved in
     * @return the value
     * @throws org.junit.jupiter.api.extension.ParameterResolutionException when the tester could not be built
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Built built = extensionContext.getStore(NAMESPACE).get(KEY, Built.class);
        if (built == null && extensionContext.getTestMethod().isEmpty()) {
            beforeAll(extensionContext); // a constructor parameter with @TestInstance(PER_CLASS): before beforeAll
            built = extensionContext.getStore(NAMESPACE).get(KEY, Built.class);
        }
        if (built == null) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException(
                    "no permission tester for " + parameterContext.getParameter() + ": it was not built (see the class's failure)");
        }
        Class<?> type = parameterContext.getParameter().getType();
        if (type == PermissionTester.class) {
            return built.tester();
        }
        if (type == Coverage.class) {
            return built.tester().coverage();
        }
        if (type == SessionTester.class) {
            AsRole as = parameterContext.findAnnotation(AsRole.class).orElseThrow();
            SessionTester s = built.tester().as(as.value());
            for (String v : as.session()) {
                int eq = v.indexOf('=');
                if (eq <= 0) {
                    throw new org.junit.jupiter.api.extension.ParameterResolutionException("@AsRole session variable \""
                            + v + "\" of " + parameterContext.getParameter() + " is not name=value");
                }
                s = s.with(v.substring(0, eq).trim(), v.substring(eq + 1));
            }
            return as.backendOnly() ? s.backendOnly() : s;
        }
        if (type == PermissionScenarios.class) {
            return built.scenarios().orElseThrow();
        }
        return built.database().orElseThrow();
    }
}

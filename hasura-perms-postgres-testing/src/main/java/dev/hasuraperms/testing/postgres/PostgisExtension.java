package dev.hasuraperms.testing.postgres;

import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link PostgisTest}: skips each test (a failed assumption, with the reason, which Surefire
 * reports as a skipped test) when there is no PostGIS server, and otherwise gives it a fresh database on that server, dropped after the class.
 */
public final class PostgisExtension implements ExecutionCondition, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgisExtension.class);

    /** Creates the extension (JUnit instantiates it through {@link PostgisTest}). */
    public PostgisExtension() {
    }

    /**
     * Disables the whole class (and each test) when there is no PostGIS server, with the reason, before any instance,
     * {@code @BeforeAll} method or parameter needs the database; Surefire reports the tests as skipped.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return PostgresServer.postgis().isPresent() ? ConditionEvaluationResult.enabled("a PostGIS server is given")
                : ConditionEvaluationResult.disabled(PostgresServer.POSTGIS_ABSENT);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(PostgresServer.postgis().isPresent(), PostgresServer.POSTGIS_ABSENT);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestDatabase.class || type == DataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        TestDatabase db = database(extensionContext);
        return parameterContext.getParameter().getType() == DataSource.class ? db.dataSource() : db;
    }

    /**
     * The PostGIS database of the test class that {@code context} belongs to, created on first use.
     *
     * @param context a context of the test class or of one of its tests
     * @return the class's database
     */
    public static TestDatabase database(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        ExtensionContext classContext = c;
        PostgresServer server = PostgresServer.postgis().orElseThrow(() -> new ParameterResolutionException(
                PostgresServer.POSTGIS_ABSENT));
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Holder.class,
                k -> new Holder(server.createDatabase(classContext.getRequiredTestClass().getSimpleName())),
                Holder.class).database;
    }

    @SuppressWarnings("deprecation") // CloseableResource: kept for JUnit 5.10+ compatibility across versions.
    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final TestDatabase database;

        Holder(TestDatabase database) {
            this.database = database;
        }

        @Override
        public void close() {
            database.close();
        }
    }
}

package dev.hasuraperms.testing.postgres;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test class a fresh database on the shared {@link PostgresServer}. Test
 * methods, constructors and lifecycle methods can declare a {@link TestDatabase} or {@link DataSource} parameter.
 * The database lives as long as the test class and is dropped afterwards.
 *
 * <p>Use it through {@link PostgresTest}.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

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

    /** The database of the test class that {@code context} belongs to, created on first use. */
    public static TestDatabase database(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Holder holder = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
                Holder.class, k -> new Holder(PostgresServer.shared().createDatabase(
                        classContext.getRequiredTestClass().getSimpleName())), Holder.class);
        return holder.database;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
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

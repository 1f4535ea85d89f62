package dev.hasuraperms.jdbc;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Setup shared by the tests of {@link SecureJdbc}. */
final class SecureTesting {

    static final QualifiedName ARTICLES = QualifiedName.of("articles");
    static final QualifiedName AUTHORS = QualifiedName.of("authors");
    static final QualifiedName EVENTS = QualifiedName.of("events");
    static final QualifiedName USERS = QualifiedName.of("users");
    static final Session EDITOR = Session.of("editor", Map.of());
    static final Session SERVICE = Session.of("service", Map.of());

    private SecureTesting() {
    }

    /** Session of role user with {@code X-Hasura-User-Id}. */
    static Session user(int id) {
        return Session.of("user", Map.of("X-Hasura-User-Id", Integer.toString(id)));
    }

    /** Creates the enforcement fixture's schema (not its data) and the engine over its metadata. */
    static SecureJdbc enforcementFixture(TestDatabase db) {
        db.execute(Fixtures.read("enforcement/schema.sql"));
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        CheckedPermissions p = PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")), schema).orThrow();
        return SecureJdbc.of(p);
    }

    /** Permissions from YAML metadata, checked against the database's schema as it is now. */
    static CheckedPermissions checked(TestDatabase db, String yaml) {
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        return PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(yaml).toJson()), schema).orThrow();
    }

    /** (Re)loads the enforcement fixture's data: it truncates first and restarts the ids. */
    static void resetData(TestDatabase db) {
        db.execute(Fixtures.read("enforcement/data.sql"));
    }

    static int count(TestDatabase db, String table) {
        return ((Number) db.query("SELECT count(*) AS n FROM " + table).get(0).get("n")).intValue();
    }

    /** A connection on which any use fails the test: for what must be refused before any SQL. */
    static Connection noSql() {
        return (Connection) Proxy.newProxyInstance(SecureTesting.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "no-sql connection";
                    }
                    throw new AssertionError("the connection was used (" + method.getName() + ") by a request that"
                            + " should have been refused before any SQL");
                });
    }

    /** A connection that records the SQL of every statement it prepares. */
    static final class Recording {
        final List<String> sql = Collections.synchronizedList(new ArrayList<>());
        final Connection connection;

        Recording(Connection target) {
            connection = (Connection) Proxy.newProxyInstance(SecureTesting.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String s) {
                            sql.add(s);
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}

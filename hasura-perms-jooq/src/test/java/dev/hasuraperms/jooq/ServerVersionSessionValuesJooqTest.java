package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jOOQ backend binds session values with the schema's server version (issue 18, item 4): {@code 0x2} is the
 * integer 2 on the embedded PostgreSQL 18, and invalid input for a schema recorded from a PostgreSQL 15 or of unknown
 * version (the oldest supported major), in permission conditions.
 */
@PostgresTest
class ServerVersionSessionValuesJooqTest {

    private static final String METADATA = """
            version: 3
            sources:
              - name: default
                tables:
                  - table: docs
                    select_permissions:
                      - role: user
                        permission:
                          columns: "*"
                          filter: {owner_id: {_eq: X-Hasura-User-Id}}
            """;
    private static final Session HEX = Session.of("user", Map.of("X-Hasura-User-Id", "0x2"));
    private static final Session UNDERSCORE = Session.of("user", Map.of("X-Hasura-User-Id", "0_2"));

    private static Connection connection;
    private static DatabaseSchema live;

    @BeforeAll
    static void seed(TestDatabase db) throws Exception {
        db.execute("""
                CREATE TABLE docs (id int PRIMARY KEY, owner_id int NOT NULL);
                INSERT INTO docs VALUES (1, 2), (2, 3), (3, 2);
                """);
        connection = db.connection();
        live = JdbcSchemaReader.defaults().read(connection);
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static JooqPermissions permissions(DatabaseSchema schema) {
        CheckedPermissions checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(
                Json.parseYaml(METADATA).toJson()), schema).orThrow();
        return JooqPermissions.of(checked);
    }

    private static List<Integer> ids(JooqPermissions p, Session s) {
        DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
        Table<?> d = table(name("public", "docs")).as("d");
        return dsl.select(field(name("d", "id"), Integer.class)).from(d).where(p.selectCondition(d, s))
                .orderBy(field(name("d", "id"))).fetch().getValues(0, Integer.class);
    }

    @Test
    void theLiveServerReadsTheSixteenForms() {
        assertThat(live.serverMajorVersion()).isGreaterThanOrEqualTo(16);
        JooqPermissions p = permissions(live);
        assertThat(ids(p, HEX)).containsExactly(1, 3);
        assertThat(ids(p, UNDERSCORE)).containsExactly(1, 3);
    }

    @Test
    void anOlderOrUnknownServerRefusesThem() {
        for (DatabaseSchema old : List.of(live.withServerVersionNum(150008),
                new DatabaseSchema(live.tables(), live.functions()))) {
            JooqPermissions p = permissions(old);
            Table<?> d = table(name("public", "docs")).as("d");
            assertThatThrownBy(() -> p.selectCondition(d, HEX)).isInstanceOf(InvalidSessionVariableException.class)
                    .hasMessageContaining("invalid input syntax for type integer");
            assertThatThrownBy(() -> p.selectCondition(d, UNDERSCORE)).isInstanceOf(InvalidSessionVariableException.class);
            assertThat(ids(p, Session.of("user", Map.of("X-Hasura-User-Id", "2")))).containsExactly(1, 3);
        }
    }
}

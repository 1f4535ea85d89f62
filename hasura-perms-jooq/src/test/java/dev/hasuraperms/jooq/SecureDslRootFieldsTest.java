package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code query_root_fields} enforced by {@link SecureDsl} (list reads and {@link SecureDsl#selectByPk}) and by the
 * drop-in {@link PermissionListener}, on fixtures/root-fields.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureDslRootFieldsTest {

    private static final Table<?> AUTHORS = table(name("public", "rf_authors"));
    private static final Table<?> ARTICLES = table(name("public", "rf_articles"));
    private static final Table<?> LOG = table(name("public", "rf_log"));
    private static final Field<Integer> ID = field(name("id"), Integer.class);
    private static final Session USER = Session.of("user", Map.of());
    private static final Session PKUSER = Session.of("pkuser", Map.of());
    private static final Session BOTH = Session.of("both", Map.of());

    private TestDatabase db;
    private JooqPermissions permissions;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("root-fields/schema.sql"));
        db.execute(Fixtures.read("root-fields/data.sql"));
        try (Connection c = db.connection()) {
            CheckedPermissions checked = PermissionChecker.check(
                    MetadataLoader.defaults().load(Fixtures.path("root-fields/metadata.yaml")),
                    JdbcSchemaReader.defaults().read(c)).orThrow();
            permissions = JooqPermissions.of(checked);
        }
    }

    @Test
    void listAndByPkReadsFollowTheQueryRootFields() throws Exception {
        try (Connection c = db.connection()) {
            SecureDsl secure = SecureDsl.of(DSL.using(c, SQLDialect.POSTGRES), permissions);
            assertThatThrownBy(() -> secure.select(USER, AUTHORS).query())
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("readable only through relationships");
            assertThatThrownBy(() -> secure.selectByPk(USER, AUTHORS, Map.of("id", 1)).query())
                    .isInstanceOf(PermissionDeniedException.class);
            assertThat(secure.select(USER, ARTICLES).fields(ID).fetch().getValues(ID)).containsExactly(10);

            assertThat(secure.selectByPk(PKUSER, AUTHORS, Map.of("id", 1)).fetchOptional().map(Record::intoMap))
                    .contains(Map.of("id", 1, "name", "ann"));
            assertThat(secure.selectByPk(PKUSER, AUTHORS.as("a"), Map.of("id", 2)).fetchOptional()).isEmpty();
            assertThatThrownBy(() -> secure.select(PKUSER, AUTHORS).query())
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("exposed: [select_by_pk]");
            assertThatThrownBy(() -> secure.selectByPk(USER, LOG, Map.of("msg", "hello")).query())
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("the table has none");
            assertThat(secure.selectByPk(BOTH, AUTHORS, Map.of("id", 2)).fetchOptional().map(Record::intoMap))
                    .contains(Map.of("id", 2, "name", "bob"));
        }
    }

    @Test
    void theListenerRefusesATableWithoutTheSelectRootField() throws Exception {
        try (Connection c = db.connection()) {
            DSLContext listened = PermissionListener.secure(DSL.using(c, SQLDialect.POSTGRES), permissions, () -> USER);
            assertThatThrownBy(() -> listened.selectFrom(AUTHORS).fetch())
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("query_root_fields");
            assertThat(listened.select(ID).from(ARTICLES).fetch().getValues(ID)).containsExactly(10);
        }
    }
}

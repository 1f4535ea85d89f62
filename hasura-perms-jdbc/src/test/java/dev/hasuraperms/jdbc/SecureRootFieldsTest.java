package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.InvalidColumnValueException;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.RootField;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code query_root_fields} enforced by {@link SecureJdbc}: list reads ({@code select}) and reads by primary key
 * ({@code select_by_pk}), on fixtures/root-fields.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureRootFieldsTest {

    private static final QualifiedName AUTHORS = QualifiedName.of("rf_authors");
    private static final QualifiedName ARTICLES = QualifiedName.of("rf_articles");
    private static final QualifiedName LOG = QualifiedName.of("rf_log");
    private static final QualifiedName PAIRS = QualifiedName.of("rf_pairs");
    private static final Session USER = Session.of("user", Map.of());
    private static final Session PKUSER = Session.of("pkuser", Map.of());
    private static final Session NOPK = Session.of("nopk", Map.of());
    private static final Session BOTH = Session.of("both", Map.of());

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("root-fields/schema.sql"));
        db.execute(Fixtures.read("root-fields/data.sql"));
        secure = SecureJdbc.of(PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("root-fields/metadata.yaml")),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow());
    }

    @Test
    void aTableWithoutQueryRootFieldsIsReadableOnlyThroughRelationships() throws Exception {
        assertThatThrownBy(() -> secure.select(noSql(), USER, AUTHORS).statement())
                .isInstanceOf(PermissionDeniedException.class)
                .satisfies(e -> assertThat(((PermissionDeniedException) e).code()).isEqualTo(DiagnosticCode.NO_PERMISSION))
                .hasMessageContaining("readable only through relationships");
        assertThatThrownBy(() -> secure.selectByPk(noSql(), USER, AUTHORS, Map.of("id", 1)).statement())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("select_by_pk");
        try (Connection c = db.connection()) {
            // The articles' filter goes through rf_authors, whose own select filter still applies.
            assertThat(secure.select(c, USER, ARTICLES).columns("id").fetchMaps()).containsExactly(Map.of("id", 10));
        }
    }

    @Test
    void selectByPkReadsOneRowUnderTheFilterAndColumns() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.selectByPk(c, PKUSER, AUTHORS, Map.of("id", 1)).fetchOptional())
                    .contains(Map.of("id", 1, "name", "ann"));
            // bob is outside pkuser's filter; 99 does not exist.
            assertThat(secure.selectByPk(c, PKUSER, AUTHORS, Map.of("id", 2)).fetchOptional()).isEmpty();
            assertThat(secure.selectByPk(c, PKUSER, AUTHORS, Map.of("id", "99")).fetchOptional()).isEmpty();
            assertThat(secure.selectByPk(c, PKUSER, AUTHORS, Map.of("id", 1)).columns("name").fetchOptional())
                    .contains(Map.of("name", "ann"));
            assertThat(secure.selectByPk(c, PKUSER, PAIRS, Map.of("a", 1, "b", "y")).fetchOptional())
                    .contains(Map.of("a", 1, "b", "y", "note", "one y"));
        }
        SqlStatement st = secure.selectByPk(noSql(), PKUSER, AUTHORS, Map.of("id", 1)).statement();
        assertThat(st.sql()).contains("\"rf_authors\".\"id\" = ?::int4").doesNotContain("= 1");
        assertThatThrownBy(() -> secure.select(noSql(), PKUSER, AUTHORS).statement())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("exposed: [select_by_pk]");
    }

    @Test
    void selectByPkIsRefusedWithoutAReadablePrimaryKey() {
        assertThatThrownBy(() -> secure.selectByPk(noSql(), NOPK, AUTHORS, Map.of("id", 1)).statement())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("id is not in the permission's columns");
        assertThat(secure.select(noSql(), NOPK, AUTHORS).statement().sql()).contains("\"rf_authors\".\"name\"");
        assertThatThrownBy(() -> secure.selectByPk(noSql(), USER, LOG, Map.of("msg", "hello")).statement())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("the table has none");
    }

    @Test
    void theKeyMustNameExactlyThePrimaryKeyWithValidValues() {
        assertThatThrownBy(() -> secure.selectByPk(noSql(), PKUSER, PAIRS, Map.of("a", 1)).statement())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a, b]");
        assertThatThrownBy(() -> secure.selectByPk(noSql(), PKUSER, AUTHORS, Map.of("id", 1, "name", "ann")).statement())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> secure.selectByPk(noSql(), PKUSER, AUTHORS, Map.of("id", "one")).statement())
                .isInstanceOf(InvalidColumnValueException.class);
    }

    @Test
    void anInheritedRoleHasTheUnionOfItsParentsRootFields() throws Exception {
        assertThat(secure.permissions().permissions().select(AUTHORS, "both").orElseThrow().queryRootFields())
                .containsExactly(RootField.SELECT_BY_PK);
        try (Connection c = db.connection()) {
            // The union of the parents' filters (user: every row) applies.
            assertThat(secure.selectByPk(c, BOTH, AUTHORS, Map.of("id", 2)).fetchOptional())
                    .contains(Map.of("id", 2, "name", "bob"));
        }
        assertThatThrownBy(() -> secure.select(noSql(), BOTH, AUTHORS).statement())
                .isInstanceOf(PermissionDeniedException.class);
    }
}

package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.noSql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.InvalidComputedFieldArgumentException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Scalar and table computed fields read through {@link SecureSelect} (fixtures/computed-fields). */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureComputedFieldsTest {

    static final QualifiedName AUTHORS = QualifiedName.of("authors");
    static final QualifiedName ARTICLES = QualifiedName.of("articles");

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        db.execute(Fixtures.read("computed-fields/schema.sql"));
        db.execute(Fixtures.read("computed-fields/data.sql"));
        secure = SecureJdbc.of(PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("computed-fields/metadata.json")),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow());
    }

    static Session user(int id) {
        return Session.of("user", Map.of("X-Hasura-User-Id", Integer.toString(id)));
    }

    static Session anonymous() {
        return Session.of("anonymous", Map.of());
    }

    @Test
    void scalarComputedFieldsAreReadLikeColumns() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.select(c, user(2), AUTHORS).columns("id", "name_len", "yearly_salary")
                    .fetchMaps();
            assertThat(rows).containsExactly(Map.of("id", 2, "name_len", 11, "yearly_salary", 24000));
        }
    }

    @Test
    void theSessionArgumentGetsTheSessionAsJson() throws Exception {
        try (Connection c = db.connection()) {
            assertThat(secure.select(c, user(3), AUTHORS).columns("id", "is_me").fetchMaps())
                    .containsExactly(Map.of("id", 3, "is_me", true));
            SqlStatement st = secure.select(noSql(), user(3), AUTHORS).columns("is_me").statement();
            assertThat(st.sql()).contains("\"public\".\"is_me\"(\"authors\".*, ?::json) AS \"is_me\"");
            assertThat(st.values().get(0).toString()).contains("\"x-hasura-user-id\":\"3\"").contains("\"x-hasura-role\":\"user\"");
        }
    }

    @Test
    void inputArgumentsAreBoundByNameAndDefaultsApply() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.select(c, anonymous(), AUTHORS).columns("id", "name_with")
                    .arguments("name_with", Map.of("prefix", "Dr. "))
                    .orderBy(OrderBy.asc("id")).limit(2).fetchMaps();
            assertThat(rows).extracting(r -> r.get("name_with")).containsExactly("Dr. Ann!", "Dr. Bartholomew!");
            rows = secure.select(c, anonymous(), AUTHORS).columns("name_with")
                    .arguments("name_with", Map.of("prefix", "'; DROP TABLE authors; --", "suffix", "?"))
                    .orderBy(OrderBy.asc("id")).limit(1).fetchMaps();
            assertThat(rows).extracting(r -> r.get("name_with")).containsExactly("'; DROP TABLE authors; --Ann?");
            Map<String, Object> nulls = new HashMap<>();
            nulls.put("prefix", null);
            rows = secure.select(c, anonymous(), AUTHORS).columns("name_with").arguments("name_with", nulls)
                    .orderBy(OrderBy.asc("id")).limit(1).fetchMaps();
            assertThat(rows.get(0).get("name_with")).isNull();
        }
        SqlStatement st = secure.select(noSql(), anonymous(), AUTHORS).columns("name_with")
                .arguments("name_with", Map.of("prefix", "x")).statement();
        assertThat(st.sql()).contains("\"public\".\"name_with\"(\"a\" => \"authors\".*, \"prefix\" => ?::text)");
    }

    @Test
    void aMissingArgumentWithoutDefaultIsATypedRefusalBeforeAnySql() {
        assertThatThrownBy(() -> secure.select(noSql(), anonymous(), AUTHORS).columns("name_with").statement())
                .isInstanceOf(InvalidComputedFieldArgumentException.class)
                .hasMessageContaining("the argument prefix (text) is missing and has no default")
                .extracting(e -> ((HasuraPermsException) e).code()).isEqualTo(DiagnosticCode.INVALID_COMPUTED_FIELD_ARGUMENT);
        assertThatThrownBy(() -> secure.select(noSql(), anonymous(), AUTHORS).columns("name_with")
                .arguments("name_with", Map.of("prefix", "x", "a", 1)).statement())
                .isInstanceOf(InvalidComputedFieldArgumentException.class).hasMessageContaining("no input argument named \"a\"");
        assertThatThrownBy(() -> secure.select(noSql(), user(1), AUTHORS).columns("name_len")
                .arguments("name_len", Map.of("x", 1)).statement())
                .isInstanceOf(InvalidComputedFieldArgumentException.class).hasMessageContaining("(it takes none)");
        assertThatThrownBy(() -> secure.select(noSql(), user(1), AUTHORS).columns("id")
                .arguments("id", Map.of("x", 1)).statement())
                .isInstanceOf(InvalidComputedFieldArgumentException.class).hasMessageContaining("for a column");
    }

    @Test
    void aValueOfTheWrongTypeIsATypedRefusal() {
        assertThatThrownBy(() -> secure.selectComputed(noSql(), anonymous(), AUTHORS, "articles",
                Map.of("search", List.of(1, 2))).columns("id").statement())
                .isInstanceOf(InvalidComputedFieldArgumentException.class)
                .hasMessageContaining("the value given for argument search is not a valid text");
    }

    @Test
    void computedFieldsOutsideThePermissionAreRefusedWithTheReason() {
        assertThatThrownBy(() -> secure.select(noSql(), anonymous(), AUTHORS).columns("id", "yearly_salary").statement())
                .isInstanceOf(ColumnNotAllowedException.class)
                .hasMessageContaining("computed field yearly_salary is not in the select permission's computed_fields");
        assertThatThrownBy(() -> secure.select(noSql(), anonymous(), AUTHORS).columns("nope").statement())
                .isInstanceOf(ColumnNotAllowedException.class)
                .hasMessageContaining("the table has no such column or computed field");
        assertThatThrownBy(() -> secure.select(noSql(), anonymous(), AUTHORS).columns("articles").statement())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("read it as a relationship");
        assertThatThrownBy(() -> secure.select(noSql(), anonymous(), AUTHORS).orderBy(OrderBy.asc("yearly_salary"))
                .statement()).isInstanceOf(ColumnNotAllowedException.class);
    }

    @Test
    void orderingAndTheCallersWhereReadComputedFields() throws Exception {
        try (Connection c = db.connection()) {
            List<Map<String, Object>> rows = secure.select(c, anonymous(), AUTHORS).alias("x").columns("id")
                    .orderBy(OrderBy.desc("name_len"), OrderBy.asc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(2, 4, 1, 3);
            SqlCondition where = secure.permissions().callerFilter(AUTHORS, "x", anonymous(),
                    Json.parse("{\"name_len\": {\"_lte\": 3}}"));
            rows = secure.select(c, anonymous(), AUTHORS).alias("x").columns("id", "name_len").where(where)
                    .orderBy(OrderBy.asc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(1, 3);
        }
        assertThatThrownBy(() -> CallerFilters.compile(secure.enforcement().permissions(), AUTHORS, "anonymous",
                Json.parse("{\"yearly_salary\": {\"_gt\": 1}}")))
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class)
                .extracting(e -> ((HasuraPermsException) e).code()).isEqualTo(DiagnosticCode.COLUMN_NOT_ALLOWED);
    }

    @Test
    void inheritedRolesRedactComputedFieldsLikeColumns() throws Exception {
        try (Connection c = db.connection()) {
            Session s = Session.of("user_anon", Map.of("X-Hasura-User-Id", "2"));
            List<Map<String, Object>> rows = secure.select(c, s, AUTHORS).columns("id", "salary", "yearly_salary", "name_len")
                    .orderBy(OrderBy.desc("yearly_salary").nullsLast(), OrderBy.asc("id")).fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(2, 1, 3, 4);
            assertThat(rows).extracting(r -> r.get("yearly_salary")).containsExactly(24000, null, null, null);
            assertThat(rows).extracting(r -> r.get("salary")).containsExactly(2000, null, null, null);
            assertThat(rows).extracting(r -> r.get("name_len")).containsExactly(11, 3, 2, 4);
        }
    }

    @Test
    void tableComputedFieldsReadTheTargetRowsUnderTheTargetsPermission() throws Exception {
        try (Connection c = db.connection()) {
            // anonymous: published articles only, of any author
            List<Map<String, Object>> rows = secure.selectComputed(c, anonymous(), AUTHORS, "articles", Map.of())
                    .alias("r").parentAlias("p").parentWhere(SqlCondition.of("p.id = ?", 1)).columns("id", "title")
                    .orderBy(OrderBy.asc("id")).fetchMaps();
            assertThat(rows).containsExactly(Map.of("id", 1, "title", "Ann one"));
            // user 1: only its own author row is readable; its unpublished article too
            rows = secure.selectComputed(c, user(1), AUTHORS, "articles", Map.of("search", "two")).alias("r")
                    .columns("id").fetchMaps();
            assertThat(rows).extracting(r -> r.get("id")).containsExactly(2);
            // user 2 cannot read author 1, so not its articles either
            rows = secure.selectComputed(c, user(2), AUTHORS, "articles", Map.of()).alias("r").parentAlias("p")
                    .parentWhere(SqlCondition.of("p.id = ?", 1)).columns("id").fetchMaps();
            assertThat(rows).isEmpty();
        }
        assertThatThrownBy(() -> secure.selectComputed(noSql(), anonymous(), AUTHORS, "articles", Map.of())
                .columns("author_id").statement()).isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.selectComputed(noSql(), anonymous(), AUTHORS, "name_len", Map.of()))
                .isInstanceOf(ColumnNotAllowedException.class);
    }
}

package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.jooq.ThreeWaySelect.Query;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgText;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.ValueParseException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * numeric {@code NaN}, {@code Infinity} and {@code -Infinity} session values (issue 18, item 4): parsed as the
 * embedded server's {@code numeric_in} reads them, compared with PostgreSQL's numeric order (NaN = NaN, NaN above
 * Infinity), and the rows a permission {@code {"score": {"_gt": "X-Hasura-Min"}}} lets through are the same on the
 * JDBC and jOOQ backends, in the in-memory evaluator, and in the server's own comparison with the session text cast.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonFiniteNumericTest {

    private static final List<String> INPUTS = List.of("NaN", "nan", "NAN", " NaN ", "+nan", "-nan", "nana",
            "Infinity", "infinity", "INFINITY", "+Infinity", "-Infinity", "inf", "Inf", "+inf", "-inf", "-INF",
            " inf ", "infinit", "infinityx", "in f", "- inf", "1", "-1.50", "1e1000");
    private static final String METADATA = """
            version: 3
            sources:
              - name: default
                tables:
                  - table: scores
                    select_permissions:
                      - role: user
                        permission:
                          columns: "*"
                          filter: {score: {_gt: X-Hasura-Min}}
                      - role: exact
                        permission:
                          columns: "*"
                          filter: {score: {_eq: X-Hasura-Min}}
                      - role: upto
                        permission:
                          columns: "*"
                          filter: {score: {_lte: X-Hasura-Min}}
            """;
    private static final List<String> SESSION_VALUES = List.of("NaN", "Infinity", "-Infinity", "inf", "-inf", "nan",
            "0", "1e1000", "-1e1000");

    private TestDatabase db;
    private DatabaseSchema schema;
    private int major;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        db.execute("""
                CREATE TABLE scores (id int PRIMARY KEY, score numeric);
                INSERT INTO scores VALUES (1, '-Infinity'), (2, -1e1000), (3, -1), (4, 0), (5, 1.5), (6, 1e1000),
                  (7, 'Infinity'), (8, 'NaN'), (9, NULL), (10, 'NaN'), (11, 'Infinity');
                """);
        try (Connection c = db.connection()) {
            schema = JdbcSchemaReader.defaults().read(c);
        }
        major = schema.serverMajorVersion();
    }

    @Test
    void parsingMatchesTheServersCast() throws Exception {
        assertThat(major).as("the embedded server takes numeric Infinity").isGreaterThanOrEqualTo(14);
        try (Connection c = db.connection()) {
            for (String input : INPUTS) {
                assertThat(ours(input, major)).as("(%s::text)::numeric", input).isEqualTo(server(c, input));
            }
        }
    }

    /** NaN on every version; Infinity from PostgreSQL 14 (13: invalid input, as its numeric_in says). */
    @Test
    void infinityIsRefusedBeforeFourteenAndNaNIsNot() {
        PgType numeric = PgType.builtin("numeric");
        assertThat(PgValues.parseText(numeric, "NaN", 13)).isEqualTo(Double.NaN);
        for (String inf : List.of("Infinity", "-Infinity", "inf", "+inf", "-inf")) {
            assertThatThrownBy(() -> PgValues.parseText(numeric, inf, 13)).as(inf)
                    .isInstanceOf(ValueParseException.class).hasMessageContaining("invalid input syntax for type numeric");
            assertThat(PgValues.parseText(numeric, inf, 14)).as(inf).isIn(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        }
        JdbcPermissions thirteen = JdbcPermissions.of(checked(schema.withServerVersionNum(130011)));
        assertThatThrownBy(() -> thirteen.selectFilter(QualifiedName.of("scores"), "t",
                Session.of("user", Map.of("X-Hasura-Min", "Infinity"))))
                .isInstanceOf(InvalidSessionVariableException.class);
        JdbcPermissions unknown = JdbcPermissions.of(checked(new DatabaseSchema(schema.tables(), schema.functions())));
        assertThatThrownBy(() -> unknown.selectFilter(QualifiedName.of("scores"), "t",
                Session.of("user", Map.of("X-Hasura-Min", "-inf"))))
                .as("an unknown version reads as PostgreSQL 13").isInstanceOf(InvalidSessionVariableException.class);
        SqlPredicate nan = unknown.selectFilter(QualifiedName.of("scores"), "t",
                Session.of("user", Map.of("X-Hasura-Min", "NaN")));
        SqlPredicate finite = unknown.selectFilter(QualifiedName.of("scores"), "t",
                Session.of("user", Map.of("X-Hasura-Min", "2")));
        assertThat(nan.sql()).as("the same SQL text for finite and non-finite values").isEqualTo(finite.sql());
    }

    /** The server's numeric order, which the evaluator's comparison follows. */
    @Test
    void theServersNumericOrderIsTheOneAssumed() throws Exception {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT 'NaN'::numeric = 'NaN'::numeric,"
                     + " 'NaN'::numeric > 'Infinity'::numeric, 'Infinity'::numeric > 1e1000::numeric,"
                     + " '-Infinity'::numeric < -1e1000::numeric, 'NaN'::numeric > 1e1000::numeric");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            for (int i = 1; i <= 5; i++) {
                assertThat(rs.getBoolean(i)).as("column %d", i).isTrue();
            }
        }
    }

    @Test
    void rowsAgreeOnBothBackendsTheEvaluatorAndTheServer() throws Exception {
        ThreeWaySelect three = new ThreeWaySelect(db, checked(schema));
        Map<String, String> ops = Map.of("user", ">", "exact", "=", "upto", "<=");
        for (String role : List.of("user", "exact", "upto")) {
            for (String value : SESSION_VALUES) {
                Session s = Session.of(role, Map.of("X-Hasura-Min", value));
                // only id is read back: pgjdbc's getBigDecimal (which jOOQ uses for numeric) cannot read a stored NaN
                List<Object> ids = new ArrayList<>(three.column(Query.of(s, QualifiedName.of("scores")).columns("id"),
                        "id"));
                ids.sort(null);
                assertThat(ids).as("%s %s", role, value).isEqualTo(serverIds(ops.get(role), value));
            }
        }
        // a spot check that the comparison is not vacuous
        assertThat(serverIds(">", "Infinity")).containsExactly(8L, 10L);
        assertThat(serverIds("=", "nan")).containsExactly(8L, 10L);
        assertThat(serverIds("<=", "-Infinity")).containsExactly(1L);
    }

    private List<Object> serverIds(String op, String value) throws SQLException {
        List<Object> ids = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT id FROM scores WHERE score " + op
                     + " (?::text)::numeric ORDER BY id")) {
            st.setString(1, value);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static CheckedPermissions checked(DatabaseSchema s) {
        return PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(METADATA).toJson()), s)
                .orThrow();
    }

    /** Our value as comparable text: a finite value stripped of trailing zeros, else PostgreSQL's spelling. */
    private static Optional<String> ours(String input, int major) {
        try {
            return Optional.of(canonical(PgText.of(PgValues.parseText(PgType.builtin("numeric"), input, major))));
        } catch (ValueParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> server(Connection c, String input) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement st = c.prepareStatement("SELECT ((?::text)::numeric)::text")) {
            st.setString(1, input);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return Optional.of(canonical(rs.getString(1)));
            }
        } catch (SQLException e) {
            if (e.getSQLState().startsWith("22")) {
                return Optional.empty();
            }
            throw e;
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static String canonical(String text) {
        return switch (text) {
            case "NaN", "Infinity", "-Infinity" -> text;
            default -> new BigDecimal(text).stripTrailingZeros().toString();
        };
    }
}

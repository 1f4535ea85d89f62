package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.ValueParseException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Session values are parsed as the connected server reads them (issue 18, item 4): the schema read from the database
 * knows the server's version, and the {@code 0x}/{@code 0o}/{@code 0b}/{@code 1_000} integer forms are valid from
 * PostgreSQL 16 on only. The parse is compared with the embedded server's own cast over a list of inputs.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerVersionSessionValuesTest {

    private static final List<String> INPUTS = List.of("42", " 42 ", "+7", "-7", "0x1F", "0X1f", "-0o17", "0b101",
            "1_000", "0x_1F", "1__0", "_1", "1_", "0x", "0b2", "017", "1e3", "1.5", "9223372036854775807",
            "9223372036854775808", "0x7FFFFFFFFFFFFFFF", "0x8000000000000000", "-0x8000000000000000", "1_000.5",
            "0x1F.5", "", " ", "abc");
    private static final List<String> TYPES = List.of("int2", "int4", "int8", "numeric");

    private TestDatabase db;
    private DatabaseSchema schema;
    private int liveVersionNum;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("check/schema.sql"));
        try (Connection c = db.connection()) {
            schema = JdbcSchemaReader.defaults().read(c);
            try (PreparedStatement st = c.prepareStatement("SELECT current_setting('server_version_num')::int4");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                liveVersionNum = rs.getInt(1);
            }
        }
    }

    @Test
    void theSchemaReadFromTheDatabaseKnowsTheServerVersionAndTheSnapshotKeepsIt() {
        assertThat(schema.serverVersionNum()).hasValue(liveVersionNum);
        assertThat(schema.serverMajorVersion()).isEqualTo(liveVersionNum / 10000);
        DatabaseSchema back = SchemaSnapshot.read(SchemaSnapshot.write(schema));
        assertThat(back.serverVersionNum()).hasValue(liveVersionNum);
        assertThat(back).isEqualTo(schema);
        DatabaseSchema unknown = new DatabaseSchema(schema.tables(), schema.functions());
        assertThat(unknown.serverVersionNum()).isEmpty();
        assertThat(unknown.serverMajorVersion()).isEqualTo(PgValues.OLDEST_SUPPORTED_MAJOR);
        assertThat(SchemaSnapshot.write(unknown)).doesNotContain("server_version_num");
    }

    /**
     * Our parse for the live server's major equals the live server's cast: accepted with the same value (compared
     * numerically), or refused.
     */
    @Test
    void parsingForTheLiveServerMatchesItsCast() throws Exception {
        int major = liveVersionNum / 10000;
        try (Connection c = db.connection()) {
            for (String type : TYPES) {
                for (String input : INPUTS) {
                    Optional<BigDecimal> server = cast(c, input, type);
                    Optional<BigDecimal> ours = ours(input, type, major);
                    assertThat(ours).as("%s::%s on PostgreSQL %d", input, type, major).isEqualTo(server);
                }
            }
        }
    }

    /**
     * Before PostgreSQL 16 the non-decimal and underscore forms are invalid input; every other input reads as on the
     * live server (only PostgreSQL 18 binaries are available, so the older rule is asserted as the documented
     * difference: pg_strtoint and numeric_in of 15 read decimal digits only).
     */
    @Test
    void beforeSixteenTheNonDecimalAndUnderscoreFormsAreRefused() throws Exception {
        try (Connection c = db.connection()) {
            for (String type : TYPES) {
                for (String input : INPUTS) {
                    Optional<BigDecimal> live = cast(c, input, type);
                    boolean sixteenForm = input.contains("_") || input.toLowerCase().matches("\\s*[+-]?0[xob].*");
                    Optional<BigDecimal> expected = sixteenForm ? Optional.empty() : live;
                    for (int major : List.of(13, 14, 15)) {
                        assertThat(ours(input, type, major)).as("%s::%s on PostgreSQL %d", input, type, major)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    /** The JDBC backend binds with the schema's version: {@code 0x2} is 2 on the live server, refused on a 15. */
    @Test
    void theJdbcBackendBindsWithTheSchemasServerVersion() throws Exception {
        String yaml = """
                version: 3
                sources:
                  - name: default
                    tables:
                      - table: authors
                        select_permissions:
                          - role: r
                            permission:
                              columns: "*"
                              filter: {id: {_eq: X-Hasura-User-Id}}
                """;
        Session hex = Session.of("r", Map.of("X-Hasura-User-Id", "0x2"));
        JdbcPermissions live = permissions(yaml, schema);
        SqlPredicate p = live.selectFilter(QualifiedName.of("authors"), "t", hex);
        assertThat(p.values()).containsExactly(2);

        JdbcPermissions fifteen = permissions(yaml, schema.withServerVersionNum(150008));
        assertThatThrownBy(() -> fifteen.selectFilter(QualifiedName.of("authors"), "t", hex))
                .isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("invalid input syntax for type integer");
        assertThat(fifteen.selectFilter(QualifiedName.of("authors"), "t",
                Session.of("r", Map.of("X-Hasura-User-Id", "2"))).values()).containsExactly(2);

        JdbcPermissions unknown = permissions(yaml, new DatabaseSchema(schema.tables(), schema.functions()));
        assertThatThrownBy(() -> unknown.selectFilter(QualifiedName.of("authors"), "t", hex))
                .as("an unknown server version reads as the oldest supported major")
                .isInstanceOf(InvalidSessionVariableException.class);
    }

    /** Month-name dates: PostgreSQL reads them the same under any DateStyle, and so do we. */
    private static final List<String> MONTH_NAME_DATES = List.of("January 2, 2025", "January 2, 2025 00:00 UTC",
            "Jan 2 2025", "jan 2, 2025 13:45:10.5", "2 January 2025", "02-Jan-2025", "Jan-02-2025", "2025-Jan-02",
            "Sept 30, 2024 23:59:59+02", "December 31 2024 12:00:00Z", "February 29, 2024", "Feb 3, 2025 01:02 +05:30");
    /** DateStyle-dependent (day and month order, two-digit years): refused, as documented. */
    private static final List<String> AMBIGUOUS_DATES = List.of("01/02/2025", "01-02-2025", "1/2/25", "01.02.2025",
            "Jan 2 25", "2/1/2025 00:00");
    /** Invalid dates, non-months and ISO forms: our answer (refused or the value) is the server's. */
    private static final List<String> OTHER_FORMS = List.of("February 30, 2025", "Janu 2, 2025", "Foo 2, 2025",
            "January 32, 2025", "Feb. 3, 2025", "2025-02-02 00:00:00+00", "2025-01-02T03:04:05Z");

    @Test
    void monthNameDatesReadAsTheServerReadsThemAndAmbiguousOnesAreRefused() throws Exception {
        try (Connection c = db.connection()) {
            try (PreparedStatement st = c.prepareStatement("SET TimeZone = 'UTC'")) {
                st.execute();
            }
            for (String type : List.of("date", "timestamp", "timestamptz")) {
                for (String input : MONTH_NAME_DATES) {
                    if (type.equals("date") && input.contains(":")) {
                        // date_in also reads (and drops) a time of day; we read dates without one only.
                        assertThat(oursText(input, type)).as("%s::date", input).isEmpty();
                        continue;
                    }
                    Optional<String> server = castText(c, input, type);
                    assertThat(server).as("the server reads %s::%s", input, type).isPresent();
                    assertThat(oursText(input, type)).as("%s::%s", input, type).isEqualTo(server);
                }
                for (String input : OTHER_FORMS) {
                    if (type.equals("date") && input.contains(":")) {
                        continue;
                    }
                    assertThat(oursText(input, type)).as("%s::%s", input, type).isEqualTo(castText(c, input, type));
                }
                for (String input : AMBIGUOUS_DATES) {
                    assertThat(castText(c, input, type)).as("the server reads %s::%s under its DateStyle", input, type)
                            .isPresent();
                    assertThat(oursText(input, type)).as("%s::%s is ambiguous", input, type).isEmpty();
                }
            }
        }
    }

    /** Our value printed as PostgreSQL prints it (ISO DateStyle, UTC), or empty when refused. */
    private static Optional<String> oursText(String input, String type) {
        Object v;
        try {
            v = PgValues.parseText(PgType.builtin(type), input);
        } catch (ValueParseException e) {
            return Optional.empty();
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return Optional.of(o.toLocalDateTime().toString());
        }
        return Optional.of(v.toString());
    }

    private static Optional<String> castText(Connection c, String input, String type) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement st = c.prepareStatement("SELECT (?::text)::" + type)) {
            st.setString(1, input);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Object o = switch (type) {
                    case "date" -> rs.getObject(1, java.time.LocalDate.class);
                    case "timestamp" -> rs.getObject(1, java.time.LocalDateTime.class);
                    default -> rs.getObject(1, java.time.OffsetDateTime.class)
                            .withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
                };
                return Optional.of(o.toString());
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

    private static JdbcPermissions permissions(String yaml, DatabaseSchema s) {
        CheckedPermissions perms = PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(yaml).toJson()),
                s).orThrow();
        return JdbcPermissions.of(perms);
    }

    private static Optional<BigDecimal> ours(String input, String type, int major) {
        try {
            return Optional.of(new BigDecimal(PgValues.parseText(PgType.builtin(type), input, major).toString())
                    .stripTrailingZeros());
        } catch (ValueParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<BigDecimal> cast(Connection c, String input, String type) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement st = c.prepareStatement("SELECT (?::text)::" + type + "::text")) {
            st.setString(1, input);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return Optional.of(new BigDecimal(rs.getString(1)).stripTrailingZeros());
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
}

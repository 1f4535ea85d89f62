package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.session.InvalidSessionVariableException;
import dev.hasuraperms.session.MissingSessionVariableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Hostile session values never change the SQL text: they bind as values, or fail as invalid before any SQL runs. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSessionValuesTest {

    private static final List<String> HOSTILE = List.of("'", "''", "' OR '1'='1", "1; DROP TABLE authors; --", "--",
            "/* */", "\\", "\\'", "\"", "$$", "$1", "?", "??", "\u00e9\u4e2d\ud83d\ude00", "\u202e", "a\u0000b", "\n\r\t",
            "x".repeat(1024 * 1024), "%", "_", "{}", "{1,2}", "NULL", "null", " ", "");

    private static final String NO_DOC = "{\"nope\": true}";

    private DatabaseSchema schema;
    private TestDatabase db;
    private JdbcPermissions jdbc;

    @BeforeAll
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(Fixtures.read("check/schema.sql"));
        db.execute(Fixtures.read("operators/data.sql"));
        try (Connection c = db.connection()) {
            schema = JdbcSchemaReader.defaults().read(c);
        }
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
                              filter:
                                _or:
                                  - name: {_eq: X-Hasura-Name}
                                  - email: {_like: X-Hasura-Name}
                                  - id: {_in: X-Hasura-Ids}
                                  - settings: {_contains: X-Hasura-Doc}
                """;
        CheckedPermissions perms = PermissionChecker.check(MetadataLoader.defaults().loadJson(Json.parseYaml(yaml).toJson()),
                schema).orThrow();
        jdbc = JdbcPermissions.of(perms);
    }

    @Test
    void textValuesBindAndNeverChangeTheSql() throws Exception {
        String sql = jdbc.selectFilter(QualifiedName.of("authors"), "t", session("Ann", "{}", NO_DOC)).sql();
        for (String v : HOSTILE) {
            if (v.indexOf('\0') >= 0 || v.equals("\\")) {
                continue;
            }
            SqlPredicate p = jdbc.selectFilter(QualifiedName.of("authors"), "t", session(v, "{}", NO_DOC));
            assertThat(p.sql()).isEqualTo(sql);
            assertThat(p.values().get(0)).isEqualTo(v);
            if (v.equals("%")) {
                assertThat(run(p)).as("%% is a LIKE pattern: every non-null email").containsExactly(1, 3, 4);
            } else {
                assertThat(run(p)).as("value %s matches nothing", abbreviate(v)).isEmpty();
            }
        }
        assertThat(run(jdbc.selectFilter(QualifiedName.of("authors"), "t", session("Ann", "{}", NO_DOC)))).containsExactly(1);
    }

    @Test
    void valuesThatAreNotValidForTheirTypeFailBeforeAnySql() {
        for (String v : HOSTILE) {
            if (v.equals("{}") || v.equals("{1,2}")) {
                continue;
            }
            assertThatThrownBy(() -> jdbc.selectFilter(QualifiedName.of("authors"), "t", session("x", v, NO_DOC)))
                    .as("ids %s", abbreviate(v)).isInstanceOf(InvalidSessionVariableException.class);
        }
        for (String v : List.of("'", "1; DROP TABLE authors; --", "{\"a\": 1", "\\", "x".repeat(1024 * 1024))) {
            assertThatThrownBy(() -> jdbc.selectFilter(QualifiedName.of("authors"), "t", session("x", "{}", v)))
                    .as("doc %s", abbreviate(v)).isInstanceOf(InvalidSessionVariableException.class)
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
        }
        assertThatThrownBy(() -> jdbc.selectFilter(QualifiedName.of("authors"), "t", session("a\u0000b", "{}", NO_DOC)))
                .as("NUL cannot be stored by PostgreSQL").isInstanceOf(InvalidSessionVariableException.class);
        assertThatThrownBy(() -> jdbc.selectFilter(QualifiedName.of("authors"), "t",
                Session.of("r", Map.of("x-hasura-ids", "{}", "x-hasura-doc", NO_DOC))))
                .isInstanceOf(MissingSessionVariableException.class)
                .hasMessage("missing session variable: \"x-hasura-name\"");
    }

    @Test
    void anInvalidLikePatternIsRefusedBeforeAnySql() {
        assertThatThrownBy(() -> jdbc.selectFilter(QualifiedName.of("authors"), "t", session("\\", "{}", NO_DOC)))
                .isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("x-hasura-name").hasMessageContaining("must not end with escape character");
    }

    @Test
    void theDatabaseIsIntact() {
        assertThat(db.query("SELECT count(*)::int AS n FROM authors").get(0).get("n")).isEqualTo(4);
    }

    private static Session session(String name, String ids, String doc) {
        return Session.of("r", Map.of("X-Hasura-Name", name, "X-Hasura-Ids", ids, "X-Hasura-Doc", doc));
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "...(" + v.length() + ")" : v;
    }

    private List<Integer> run(SqlPredicate p) throws Exception {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT t.id FROM public.authors AS t WHERE " + p.sql() + " ORDER BY t.id")) {
            p.bind(ps, 1);
            List<Integer> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
            return out;
        }
    }
}

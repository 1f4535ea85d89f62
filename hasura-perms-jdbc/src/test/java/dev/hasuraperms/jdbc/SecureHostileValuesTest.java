package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.ARTICLES;
import static dev.hasuraperms.jdbc.SecureTesting.count;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Hostile values in written text columns are stored verbatim and never change the SQL text. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureHostileValuesTest {

    private static final List<String> HOSTILE = List.of("'", "''", "' OR '1'='1", "1; DROP TABLE authors; --", "--",
            "/* */", "/*", "\\", "\\'", "\"", "$$", "$1", "?", "??", ":: text", "\u00e9\u4e2d\ud83d\ude00", "\u202e",
            "\n\r\t", "x".repeat(1024 * 1024), "%", "_", "{}", "{1,2}", "NULL", "null", " ", "", "DEFAULT", ")", "(");

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        secure = SecureTesting.enforcementFixture(db);
        SecureTesting.resetData(db);
    }

    @Test
    void insertedAndUpdatedTextIsStoredVerbatimAndTheSqlTextNeverChanges() throws Exception {
        Set<String> inserts = new HashSet<>();
        Set<String> updates = new HashSet<>();
        try (Connection c = db.connection()) {
            SecureTesting.Recording recording = new SecureTesting.Recording(c);
            for (int i = 0; i < HOSTILE.size(); i++) {
                String v = HOSTILE.get(i);
                recording.sql.clear();
                WriteResult r = secure.insert(recording.connection, user(1), ARTICLES)
                        .values(Map.of("author_id", 1, "title", "t" + i, "body", v)).returning("id").execute();
                inserts.addAll(recording.sql);
                int id = (Integer) r.returning().get(0).get("id");
                assertThat(read(c, id)).as("inserted %s", abbreviate(v)).isEqualTo(v);

                recording.sql.clear();
                assertThat(secure.update(recording.connection, user(1), ARTICLES).set("body", v + v)
                        .where(SqlCondition.of("articles.id = ?", id)).execute().affectedRows()).isEqualTo(1);
                updates.addAll(recording.sql);
                assertThat(read(c, id)).as("updated %s", abbreviate(v)).isEqualTo(v + v);
            }
        }
        assertThat(inserts).hasSize(1);
        assertThat(updates).hasSize(1);
        assertThat(count(db, "authors")).isEqualTo(4);
        assertThat(count(db, "articles")).isEqualTo(5 + HOSTILE.size());
    }

    @Test
    void hostileCallerValuesBindAndMatchLiterally() throws Exception {
        try (Connection c = db.connection()) {
            for (String v : HOSTILE) {
                assertThat(secure.select(c, user(1), ARTICLES).alias("a").where(SqlCondition.of("a.title = ?", v)).fetchMaps())
                        .as("title %s", abbreviate(v)).isEmpty();
            }
        }
    }

    private static String read(Connection c, int id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM articles WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "...(" + v.length() + ")" : v;
    }
}

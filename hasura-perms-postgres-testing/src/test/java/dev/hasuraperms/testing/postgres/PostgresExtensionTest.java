package dev.hasuraperms.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresExtensionTest {

    @BeforeAll
    void createTable(TestDatabase db) {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    }

    @Test
    void theClassDatabaseIsSharedBetweenMethodsAndIsARealPostgres(TestDatabase db) {
        List<Map<String, Object>> rows = db.query("SELECT count(*)::int AS n, current_setting('server_version_num')::int AS v FROM t");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("n")).isEqualTo(2);
        assertThat((Integer) rows.get(0).get("v")).isGreaterThanOrEqualTo(150000);
    }

    @Test
    void dataSourceParameterPointsAtTheSameDatabase(DataSource ds, TestDatabase db) throws Exception {
        try (var c = ds.getConnection(); var rs = c.createStatement().executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.name());
        }
    }

    @Test
    void replacesTheDatabaseInJdbcUrls() {
        assertThat(PostgresServer.replaceDatabase("jdbc:postgresql://h:5432/postgres?user=u", "x"))
                .isEqualTo("jdbc:postgresql://h:5432/x?user=u");
        assertThat(PostgresServer.replaceDatabase("jdbc:postgresql://h1,h2/db", "x")).isEqualTo("jdbc:postgresql://h1,h2/x");
        assertThat(PostgresServer.replaceDatabase("jdbc:postgresql://h", "x")).isEqualTo("jdbc:postgresql://h/x");
        assertThat(PostgresServer.replaceDatabase("jdbc:postgresql:db", "x")).isEqualTo("jdbc:postgresql:x");
    }
}

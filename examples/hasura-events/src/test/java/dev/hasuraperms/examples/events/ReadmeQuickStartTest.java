package dev.hasuraperms.examples.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionDeniedException;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.jooq.SecureDsl;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's quick starts, compiled and run on the hasura-events app. The code between the {@code README}
 * markers is the README's code, line for line ({@link #readmeShowsThisCode()} checks it).
 */
@PostgresTest
class ReadmeQuickStartTest {

    private static final Path ROOT = Path.of(System.getProperty("hasuraperms.project.root", "../.."));
    private static final Path THIS_FILE =
            ROOT.resolve("examples/hasura-events/src/test/java/dev/hasuraperms/examples/events/ReadmeQuickStartTest.java");

    @BeforeAll
    static void app(TestDatabase db) {
        Path app = Walkthrough.appDirectory();
        Walkthrough.migrations(app).forEach(db::executeScript);
        Walkthrough.seeds(app).forEach(db::executeScript);
    }

    private static CheckedPermissions load(DataSource dataSource) {
        Path metadataDir = Walkthrough.appDirectory().resolve("metadata");
        // README:load
        // At start-up: load the metadata and type-check it against the live schema.
        Metadata metadata = MetadataLoader.defaults().load(metadataDir);   // CLI directory, metadata.json or API calls
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(dataSource);
        CheckedPermissions checked = PermissionChecker.check(metadata, schema).orThrow();  // DiagnosticException
        // Per request: the session (also from headers or JWT claims: Session.fromHeaders, Session.fromJwtClaims).
        Session session = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
        // README:end
        assertThat(session.role()).isEqualTo("user");
        return checked;
    }

    @Test
    void jooq(TestDatabase db) {
        CheckedPermissions checked = load(db.dataSource());
        Session session = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        // README:jooq
        JooqPermissions permissions = JooqPermissions.of(checked);
        Table<?> e = DSL.table(DSL.name("public", "events")).as("e");   // or a jOOQ-generated table
        Field<Integer> id = DSL.field(DSL.name("e", "id"), Integer.class);
        Field<String> type = DSL.field(DSL.name("e", "type"), String.class);

        // Your own query, with the role's select filter as a Condition (user_id = 2, as a bind value).
        Result<Record2<Integer, String>> golf = dsl.select(id, type).from(e)
                .where(permissions.selectCondition(e, session).and(type.eq("Golf")))
                .orderBy(id.desc()).limit(5).fetch();

        // Or enforced operations: columns, limit, presets and checks of the permission applied for you.
        SecureDsl secure = SecureDsl.of(dsl, permissions);
        Result<Record> newest = secure.select(session, e).fields(id, type).orderBy(id.desc()).limit(50).fetch();
        secure.insertInto(session, e)                                    // user_id is preset from the session
                .values(Map.of("type", "Golf", "data", Map.of("strokes", 68)))
                .execute();
        try {
            secure.deleteFrom(session, e).where(id.eq(1)).execute();
        } catch (PermissionDeniedException refused) {                   // NO_PERMISSION, before any SQL
            System.out.println(refused.code() + ": " + refused.getMessage());
        }
        // README:end
        assertThat(golf).hasSize(5);
        assertThat(db.query("SELECT count(*) AS n FROM public.events WHERE user_id <> 2 AND id IN ("
                + golf.getValues(id).stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow() + ")"))
                .containsExactly(Map.of("n", 0L));
        assertThat(newest).hasSize(10);
        assertThat(db.query("SELECT user_id, type FROM public.events ORDER BY id DESC LIMIT 1"))
                .containsExactly(Map.of("user_id", 2, "type", "Golf"));
        assertThat(db.query("SELECT count(*) AS n FROM public.events WHERE id = 1")).containsExactly(Map.of("n", 1L));
        assertThatThrownBy(() -> secure.deleteFrom(session, e).where(id.eq(1)).execute())
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("no delete permission");
    }

    @Test
    void jdbc(TestDatabase db) throws Exception {
        CheckedPermissions checked = load(db.dataSource());
        Session session = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
        try (Connection connection = db.connection()) {
            // README:jdbc
            JdbcPermissions permissions = JdbcPermissions.of(checked);

            // Your own SQL, with the role's select filter as a predicate: SQL text with ? and its values.
            SqlPredicate mine = permissions.selectFilter(QualifiedName.of("events"), "e", session);
            List<Integer> golf = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT e.id FROM public.events e WHERE "
                    + mine.sql() + " AND e.type = ? ORDER BY e.id DESC LIMIT 5")) {
                int next = mine.bind(ps, 1);                   // the predicate's values first
                ps.setString(next, "Golf");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        golf.add(rs.getInt(1));
                    }
                }
            }

            // Or enforced operations (SecureJdbc): columns, limit, presets and checks applied for you.
            SecureJdbc secure = SecureJdbc.of(permissions);
            List<Map<String, Object>> newest = secure.select(connection, session, QualifiedName.of("events"))
                    .columns("id", "type").orderBy(OrderBy.desc("id")).limit(50).fetchMaps();   // 10 rows: the limit
            int renamed = secure.update(connection, session, QualifiedName.of("users"))
                    .set("username", "Ace").where(SqlCondition.of("users.id = ?", 3))
                    .execute().affectedRows();                  // 0: user 3 is outside the update filter
            // README:end
            assertThat(golf).hasSize(5);
            assertThat(db.query("SELECT count(*) AS n FROM public.events WHERE user_id <> 2 AND type = 'Golf' AND id IN ("
                    + golf.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow() + ")"))
                    .containsExactly(Map.of("n", 0L));
            assertThat(newest).hasSize(10);
            assertThat(renamed).isZero();
            assertThat(db.query("SELECT username FROM public.users WHERE id = 3"))
                    .containsExactly(Map.of("username", "DefensiveDribbler"));
        }
    }

    /** Every {@code README:x} block of this file appears in README.md, as a ```java block, line for line. */
    @Test
    void readmeShowsThisCode() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> readmeBlocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            readmeBlocks.add(normalize(m.group(1)));
        }
        String source = Files.readString(THIS_FILE);
        Matcher b = Pattern.compile("// README:(\\w+)\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(source);
        List<String> names = new ArrayList<>();
        while (b.find()) {
            names.add(b.group(1));
            String block = normalize(b.group(2));
            assertThat(readmeBlocks.stream().anyMatch(r -> r.contains(block)))
                    .as("README.md shows the code of block README:%s:%n%s", b.group(1), block).isTrue();
        }
        assertThat(names).containsExactly("load", "jooq", "jdbc");
    }

    /** Lines without their indentation, blank lines dropped. */
    private static String normalize(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, c) -> a + "\n" + c).orElse("");
    }
}

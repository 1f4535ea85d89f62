package dev.hasuraperms.examples.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.RelationshipModel.FieldPair;
import dev.hasuraperms.check.RelationshipModel.RelationshipField;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the relationship-export example on a fresh database and checks the two relationships it prints. */
@PostgresTest
class RelationshipsExportTest {

    private static final Path ROOT = Path.of(System.getProperty("hasuraperms.project.root", "../.."));

    @Test
    void exportsEventsUserAndUsersEventsWithTheirFieldPairs(TestDatabase db) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RelationshipsExport.Export e;
        try (Connection c = db.connection(); PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            e = RelationshipsExport.run(c, out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        RelationshipField user = e.model().type("events").orElseThrow().relationships().get(0);
        assertThat(e.model().type("events").orElseThrow().relationships()).hasSize(1);
        assertThat(user.name()).isEqualTo("user");
        assertThat(user.array()).isFalse();
        assertThat(user.target()).isEqualTo(QualifiedName.of("public", "users"));
        assertThat(user.targetType()).isEqualTo("users");
        assertThat(user.mapping()).containsExactly(new FieldPair("user_id", "id", "user_id", "id"));
        assertThat(user.foreignKey()).isPresent();

        RelationshipField events = e.model().type("users").orElseThrow().relationships().get(0);
        assertThat(e.model().type("users").orElseThrow().relationships()).hasSize(1);
        assertThat(events.name()).isEqualTo("events");
        assertThat(events.array()).isTrue();
        assertThat(events.target()).isEqualTo(QualifiedName.of("public", "events"));
        assertThat(events.mapping()).containsExactly(new FieldPair("id", "user_id", "id", "user_id"));
        assertThat(events.foreignKey()).isEqualTo(user.foreignKey());

        // Both formats are printed, and they are what the model writes.
        assertThat(printed).contains("== relationships --format json\n" + e.json(),
                "== relationships --format urql\n" + e.urql());
        for (String text : List.of(e.json(), e.urql())) {
            assertThat(text).contains("\"user\"", "\"events\"", "\"user_id\"");
        }
        assertThat(e.json()).doesNotContain("\"relationships\": []");
        assertThat(user.foreignKey()).contains("events_user_id_fkey");

        // The README's excerpt of users.events is the example's output, character for character.
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String marker = "`users.events` in `--format json`";
        assertThat(readme).contains(marker, "$ mvn -q -B -pl examples/hasura-events -am compile -Prelationships");
        String after = readme.substring(readme.indexOf(marker));
        int start = after.indexOf("```json\n") + "```json\n".length();
        String excerpt = after.substring(start, after.indexOf("```\n", start));
        assertThat(excerpt).contains("\"name\": \"events\"", "\"localField\": \"id\"");
        assertThat(e.json()).contains(excerpt);
    }
}

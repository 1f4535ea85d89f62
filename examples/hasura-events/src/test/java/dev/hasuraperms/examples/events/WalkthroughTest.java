package dev.hasuraperms.examples.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the demo's walkthrough on a fresh database and checks what it showed. */
@PostgresTest
class WalkthroughTest {

    @Test
    void roleUserCanAndCannot(TestDatabase db) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Walkthrough.Outcome o;
        try (Connection c = db.connection(); PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            o = Walkthrough.run(c, out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        // The seed: 5 users, 30,000 events (plus the one the walkthrough inserts).
        assertThat(printed).contains("5 users and 30000 events").contains("errors: 0, warnings: 1", "[DEPRECATED_KEY] \"allow_upsert\" has no effect");
        assertThat(db.query("SELECT count(*) AS n FROM public.events")).containsExactly(Map.of("n", 30_001L));

        // 1. Own newest 10: asked for 50, capped at the permission's 10; only user 2's rows; the newest ones.
        assertThat(o.newestEvents()).hasSize(10).allSatisfy(r -> assertThat(r.get("user_id")).isEqualTo(2));
        assertThat(o.newestEvents().stream().map(r -> r.get("id")).toList()).isEqualTo(List.copyOf(o.expectedNewest()));
        assertThat(o.jooqNewestIds()).isEqualTo(o.expectedNewest());
        assertThat(printed).contains("LIMIT ?\n   binds [2, 10]");

        // 2. Insert: user_id comes from the session; giving it is refused before SQL.
        assertThat(o.inserted()).containsEntry("user_id", 2).containsEntry("type", "Golf");
        assertThat(db.query("SELECT user_id, type FROM public.events WHERE id = " + o.inserted().get("id")))
                .containsExactly(Map.of("user_id", 2, "type", "Golf"));
        assertThat(o.presetRefusal()).isEqualTo(DiagnosticCode.COLUMN_NOT_ALLOWED);

        // 3. Rename self; 4. the rename of user 3 updates nothing.
        assertThat(o.renamedSelf()).isEqualTo(1);
        assertThat(o.ownName()).isEqualTo("ScoringStrikerPro");
        assertThat(o.renamedOther()).isZero();
        assertThat(o.otherName()).isEqualTo("DefensiveDribbler");
        assertThat(db.query("SELECT id, username FROM public.users ORDER BY id").stream().map(r -> r.get("username")))
                .containsExactly("HappyGoalie", "ScoringStrikerPro", "DefensiveDribbler", "JollyKeeper", "DashingDefender");

        // 5. Delete: NO_PERMISSION, no statement ran (nor for the refused insert), the event is still there.
        assertThat(o.deleteRefusal()).isEqualTo(DiagnosticCode.NO_PERMISSION);
        assertThat(o.deleteStatements()).isZero();
        assertThat(db.query("SELECT count(*) AS n FROM public.events WHERE id = " + o.inserted().get("id")))
                .containsExactly(Map.of("n", 1L));

        // Every enforced statement is printed with its binds, none is an unparameterised value.
        assertThat(printed).contains("SQL   SELECT \"events\".\"id\"", "SQL   INSERT INTO \"public\".\"events\"",
                "SQL   UPDATE \"public\".\"users\"", "NO_PERMISSION: role user has no delete permission on public.events");
        assertThat(printed).doesNotContain("'Hacked'");
    }
}

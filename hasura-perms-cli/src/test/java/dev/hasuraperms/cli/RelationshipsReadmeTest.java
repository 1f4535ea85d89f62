package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README's "Relationships for a client cache" example: the command it shows prints the output it shows. */
class RelationshipsReadmeTest {

    @Test
    void theReadmeShowsWhatTheCommandPrintsForHasuraEvents() throws IOException {
        Cli r = Cli.run("relationships", "--metadata", Fixtures.path("hasura-events/metadata").toString(),
                "--migrations", Fixtures.path("hasura-events/migrations").toString(), "--format", "json");
        assertThat(r.code()).as(r.toString()).isZero();
        String readme = Files.readString(Fixtures.projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("```json\n" + r.out() + "```\n");
    }
}

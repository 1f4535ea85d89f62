package dev.hasuraperms.examples.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example's copy of the app is the project's fixture {@code fixtures/hasura-events/}, byte for byte. */
class AppResourcesTest {

    private static final Path ROOT = Path.of(System.getProperty("hasuraperms.project.root", "../.."));
    private static final Path FIXTURE = ROOT.resolve("fixtures/hasura-events");
    private static final Path APP = ROOT.resolve("examples/hasura-events/src/main/resources/hasura-events");

    @Test
    void metadataAndMigrationsAreTheFixtures() throws IOException {
        for (String dir : List.of("metadata", "migrations")) {
            List<Path> fixture = files(FIXTURE.resolve(dir));
            assertThat(files(APP.resolve(dir))).isEqualTo(fixture).isNotEmpty();
            for (Path f : fixture) {
                assertThat(Files.readString(APP.resolve(dir).resolve(f))).as(dir + "/" + f)
                        .isEqualTo(Files.readString(FIXTURE.resolve(dir).resolve(f)));
            }
        }
    }

    @Test
    void seedIsTheFixture() throws IOException {
        assertThat(Files.readString(APP.resolve("seeds/default/1700000000001_hasura_events.sql")))
                .isEqualTo(Files.readString(FIXTURE.resolve("sql/seed.sql")));
    }

    @Test
    void walkthroughFindsTheApp() {
        Path app = Walkthrough.appDirectory();
        assertThat(Walkthrough.migrations(app)).hasSize(1);
        assertThat(Walkthrough.seeds(app)).hasSize(1);
        assertThat(app.resolve("metadata/databases/databases.yaml")).exists();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }
}

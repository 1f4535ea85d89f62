package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Comparing what the reader read with the committed snapshot fixtures. */
final class SchemaFixtures {

    private SchemaFixtures() {
    }

    /**
     * Asserts that {@code actual} equals the snapshot {@code fixtures/<fixture>}. The snapshot of {@code actual} is
     * first written to {@code target/schema-snapshots/}, to diff against the fixture when they differ (and to
     * produce a new fixture, to be reviewed before it is committed).
     */
    static void assertMatchesSnapshot(DatabaseSchema actual, String fixture) {
        Path out = Paths.get("target", "schema-snapshots", fixture.replace('/', '_'));
        try {
            Files.createDirectories(out.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SchemaSnapshot.write(actual, out);
        DatabaseSchema expected = SchemaSnapshot.read(Fixtures.path(fixture));
        assertThat(actual)
                .withFailMessage(() -> "the schema read differs from fixtures/" + fixture + "; what was read is in "
                        + out.toAbsolutePath() + "\nexpected tables: " + expected.tables() + "\nactual tables:   "
                        + actual.tables() + "\nexpected functions: " + expected.functions()
                        + "\nactual functions:   " + actual.functions())
                .isEqualTo(expected);
    }

    /** Asserts that writing {@code schema} as a snapshot and reading it back gives an equal schema. */
    static void assertSnapshotRoundTrip(DatabaseSchema schema) {
        String json = SchemaSnapshot.write(schema);
        DatabaseSchema back = SchemaSnapshot.read(json);
        assertThat(back.tables()).isEqualTo(schema.tables());
        assertThat(back.functions()).isEqualTo(schema.functions());
        assertThat(back).isEqualTo(schema);
        assertThat(SchemaSnapshot.write(back)).isEqualTo(json);
    }
}

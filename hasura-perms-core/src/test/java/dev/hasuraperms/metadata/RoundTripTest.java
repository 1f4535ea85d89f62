package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loadable fixture, written back in Hasura's exported-JSON shape and loaded again, gives an equal model. */
class RoundTripTest {

    static Stream<String> fixtures() {
        return Stream.of(
                "hasura-events/export/metadata.json",
                "hasura-events/metadata",
                "hasura-events/api/operations.json",
                "relationships/metadata",
                "logical-models/api/bulk_atomic.json",
                "logical-models/metadata",
                "inherited-roles/metadata.json",
                "metadata-versions/v1.json",
                "metadata-versions/v2.json",
                "metadata-versions/v2-directory",
                "operators/metadata.yaml");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void writtenBackAndReloadedIsEqual(String fixture) {
        MetadataLoader loader = MetadataLoader.defaults();
        Metadata original = loader.load(Fixtures.path(fixture));
        String json = MetadataWriter.toJsonText(original);
        Metadata reloaded = loader.loadJson(json);
        assertThat(reloaded).isEqualTo(original);
        // And the written form is stable.
        assertThat(MetadataWriter.toJsonText(reloaded)).isEqualTo(json);
    }
}

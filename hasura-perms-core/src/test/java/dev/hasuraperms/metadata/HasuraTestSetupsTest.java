package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every setup file of Hasura's own permission tests (fixtures/hasura-tests, a copy of server/tests-py/queries) loads
 * as metadata-API operations: {@code bulk}, legacy names ({@code track_table}, {@code create_select_permission}, ...)
 * and {@code pg_} forms, {@code $}-spelt operators. {@code run_sql} and {@code insert} do not change permission metadata:
 * they are reported as warnings and skipped (the conformance runner applies them to the database itself); so is the
 * legacy {@code allow_upsert} key.
 */
class HasuraTestSetupsTest {

    static Stream<Path> setupFiles() throws Exception {
        Path root = Fixtures.path("hasura-tests/server/tests-py/queries");
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> list = files.filter(p -> p.getFileName().toString().matches(".*setup.*\\.yaml"))
                    .filter(p -> !p.toString().contains("boolexp/jsonb")) // run_sql only
                    .sorted().toList();
            assertThat(list).hasSizeGreaterThan(15);
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("setupFiles")
    void loadsWithOnlyWarningsForDataOperations(Path file) {
        LoadResult r = MetadataLoader.defaults().tryApplyOperations(Metadata.empty(), file);
        assertThat(r.errors()).as(file.toString()).isEmpty();
        for (Diagnostic w : r.warnings()) {
            if (w.code() == DiagnosticCode.DEPRECATED_KEY) {
                assertThat(w.message()).as("the legacy setup.yaml files").contains("allow_upsert");
                continue;
            }
            assertThat(w.code()).as(w.toString()).isEqualTo(DiagnosticCode.UNKNOWN_OPERATION);
            assertThat(w.message()).containsAnyOf("run_sql", "insert");
        }
    }
}

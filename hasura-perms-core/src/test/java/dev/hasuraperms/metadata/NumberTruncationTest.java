package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole numbers from untrusted documents are compared before conversion: never truncated to an int. */
class NumberTruncationTest {

    @TempDir
    Path tmp;

    @Test
    void cliConfigVersionIsNotTruncated() throws IOException {
        // 4294967298 = 2^32 + 2: intValue() would read it as 2.
        for (String version : new String[] {"4294967298", "4294967299", "2.5", "1e100000000", "-4294967294"}) {
            Path dir = Files.createDirectories(tmp.resolve("v" + Math.abs(version.hashCode())));
            Files.writeString(dir.resolve("version.yaml"), "version: " + version + "\n");
            Files.writeString(dir.resolve("tables.yaml"), "[]\n");
            LoadResult r = MetadataLoader.defaults().tryLoad(dir);
            assertThat(r.isOk()).as(version).isFalse();
            assertThat(r.errors()).as(version).extracting(d -> d.code()).containsExactly(DiagnosticCode.UNSUPPORTED_VERSION);
        }
    }

    private static String snapshot(String maxLength) {
        return "{\"format\": \"hasura-perms-schema\", \"version\": 1, \"tables\": [{\"schema\": \"public\", "
                + "\"name\": \"t\", \"kind\": \"table\", \"columns\": [{\"name\": \"c\", \"type\": \"pg_catalog.varchar\", "
                + "\"max_length\": " + maxLength + "}]}]}";
    }

    @Test
    void snapshotMaxLengthOutOfRangeIsADiagnosticNotATruncation() {
        for (String bad : new String[] {"4294967298", "0", "-1", "2.5", "1e100000000", "\"10\""}) {
            DiagnosticException e = catchThrowableOfType(DiagnosticException.class,
                    () -> SchemaSnapshot.read(snapshot(bad)));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.errors()).as(bad).extracting(d -> d.code()).containsExactly(DiagnosticCode.INVALID_VALUE);
            assertThat(e.errors().get(0).message()).as(bad).contains("max_length").hasSizeLessThan(200);
        }
        assertThat(SchemaSnapshot.read(snapshot("2147483647")).table(QualifiedName.of("public", "t")).orElseThrow()
                .column("c").orElseThrow().maxLength()).isEqualTo(Optional.of(Integer.MAX_VALUE));
        assertThat(SchemaSnapshot.read(snapshot("null")).table(QualifiedName.of("public", "t")).orElseThrow()
                .column("c").orElseThrow().maxLength()).isEmpty();
    }
}

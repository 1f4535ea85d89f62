package dev.hasuraperms.benchmarks;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hasura-events seed (fixtures packaged into the benchmark jar). */
final class Seed {

    private Seed() {
    }

    static String resource(String path) {
        try (InputStream in = Seed.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource fixtures/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CheckedPermissions permissions() {
        Metadata m = MetadataLoader.defaults().loadJson(resource("hasura-events/export/metadata.json"));
        DatabaseSchema s = SchemaSnapshot.read(resource("hasura-events/schema.json"));
        return PermissionChecker.check(m, s).orThrow();
    }
}

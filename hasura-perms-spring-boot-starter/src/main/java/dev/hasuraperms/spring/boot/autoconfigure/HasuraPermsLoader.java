package dev.hasuraperms.spring.boot.autoconfigure;

import dev.hasuraperms.check.CheckOptions;
import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import org.springframework.core.io.Resource;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Loads Hasura metadata from a Spring {@link Resource} and type-checks it against the database of a
 * {@link DataSource}, the way the auto-configuration does at start-up.
 */
public final class HasuraPermsLoader {

    private HasuraPermsLoader() {
    }

    /**
     * The checked permissions of the metadata at {@code metadata} (an exported JSON file, or a CLI metadata
     * directory on the file system) against the live schema of {@code dataSource}.
     *
     * @param metadata the metadata resource: an exported metadata JSON file or a CLI metadata directory
     * @param dataSource the database whose live schema the metadata is type-checked against
     * @param schemas the schemas to read (empty: all but the system schemas)
     * @return the checked permissions, never null
     * @throws DiagnosticException with every error (loading or type-checking) when the metadata is not usable
     */
    public static CheckedPermissions load(Resource metadata, DataSource dataSource, List<String> schemas) {
        return load(metadata, dataSource, schemas, CheckOptions.DEFAULT);
    }

    /**
     * As {@link #load(Resource, DataSource, List)}, checked with {@code options} (for example
     * {@link CheckOptions#withInputValidator}: permissions with {@code validate_input} are then accepted).
     *
     * @param metadata the metadata resource: an exported metadata JSON file or a CLI metadata directory
     * @param dataSource the database whose live schema the metadata is type-checked against
     * @param schemas the schemas to read (empty: all but the system schemas)
     * @param options the type-check options
     * @return the checked permissions, never null
     * @throws DiagnosticException with every error (loading or type-checking) when the metadata is not usable
     * @throws NullPointerException when {@code metadata}, {@code dataSource} or {@code options} is null
     */
    public static CheckedPermissions load(Resource metadata, DataSource dataSource, List<String> schemas,
                                          CheckOptions options) {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(dataSource, "dataSource");
        LoadResult loaded = read(metadata);
        if (!loaded.isOk()) {
            throw new DiagnosticException("the Hasura metadata at " + metadata.getDescription() + " cannot be loaded",
                    loaded.errors());
        }
        JdbcSchemaReader reader = JdbcSchemaReader.defaults();
        if (!schemas.isEmpty()) {
            reader = reader.withSchemas(new LinkedHashSet<>(schemas));
        }
        DatabaseSchema schema = reader.read(dataSource);
        CheckResult result = PermissionChecker.check(loaded.metadata().orElseThrow(), schema, options);
        if (!result.isOk()) {
            List<Diagnostic> errors = new ArrayList<>(result.errors());
            throw new DiagnosticException("the Hasura metadata at " + metadata.getDescription()
                    + " does not type-check against the database", errors);
        }
        return result.orThrow();
    }

    private static LoadResult read(Resource metadata) {
        MetadataLoader loader = MetadataLoader.defaults();
        try {
            if (metadata.isFile()) {
                File f = metadata.getFile();
                if (f.isDirectory()) {
                    return loader.tryLoadCliDirectory(f.toPath());
                }
                return loader.tryLoad(f.toPath());
            }
            if (!metadata.exists()) {
                throw new IllegalStateException("hasura.perms.metadata: " + metadata.getDescription() + " does not exist");
            }
            try (InputStream in = metadata.getInputStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String name = metadata.getFilename() != null ? metadata.getFilename() : "metadata.json";
                return loader.tryLoadJson(json, name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Hasura metadata at " + metadata.getDescription(), e);
        }
    }
}

package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import dev.hasuraperms.internal.json.IncludeResolver;
import dev.hasuraperms.internal.json.TreeReaders;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads Hasura metadata in any of its three forms into one {@link Metadata} model:
 * <ol>
 *   <li>a Hasura CLI metadata directory (config v3, or v2), with {@code !include} resolved;</li>
 *   <li>exported metadata JSON (versions 1, 2 and 3);</li>
 *   <li>metadata-API operations (one operation, {@code bulk}/{@code bulk_atomic}, or a JSON array of operations),
 *       applied in order to a base model.</li>
 * </ol>
 * Every problem is collected; the {@code load*} methods throw one {@link dev.hasuraperms.diagnostic.DiagnosticException}
 * listing all of them, the {@code tryLoad*} methods return a {@link LoadResult}. Warnings never fail loading.
 *
 * <p>Thread-safe: each call has its own state.
 */
public final class MetadataLoader {

    private static final MetadataLoader DEFAULT = new MetadataLoader(LoadOptions.DEFAULT);

    private final LoadOptions options;
    private final BoolExpParser parser;

    private MetadataLoader(LoadOptions options) {
        this.options = options;
        this.parser = new BoolExpParser(options.maxFilterDepth());
    }

    /** {@return a loader with the default options} */
    public static MetadataLoader defaults() {
        return DEFAULT;
    }

    /**
     * {@return a loader with the given options}
     *
     * @param options the limits and choices to load with; never null
     */
    public static MetadataLoader withOptions(LoadOptions options) {
        return new MetadataLoader(Objects.requireNonNull(options, "options"));
    }

    /** {@return this loader's options} */
    public LoadOptions options() {
        return options;
    }

    // ------------------------------------------------------------------------------------------------- throwing

    /**
     * Loads a metadata directory, an exported metadata file or a file of metadata-API operations (applied to empty
     * metadata), telling them apart by what the path is and what the file holds.
     *
     * @param path a metadata directory, an exported metadata file (JSON or YAML) or a file of metadata-API operations;
     *     never null
     * @return the loaded metadata, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException when loading reports an error (listing every diagnostic)
     */
    public Metadata load(Path path) {
        return tryLoad(path).orThrow();
    }

    /**
     * Loads exported metadata or metadata-API operations (applied to empty metadata) from JSON text.
     *
     * @param json the JSON text; never null
     * @return the loaded metadata, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException when loading reports an error (listing every diagnostic)
     */
    public Metadata loadJson(String json) {
        return tryLoadJson(json, "").orThrow();
    }

    /**
     * Loads a Hasura CLI metadata directory.
     *
     * @param directory the CLI project's {@code metadata} directory; never null
     * @return the loaded metadata, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException when loading reports an error (listing every diagnostic)
     */
    public Metadata loadCliDirectory(Path directory) {
        return tryLoadCliDirectory(directory).orThrow();
    }

    /**
     * Applies the metadata-API operations in {@code file} to {@code base}.
     *
     * @param base the metadata the operations apply to; never null (not modified)
     * @param file a JSON or YAML file of metadata-API operations; never null
     * @return new metadata with the operations applied, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException when reading or applying reports an error (listing every
     *     diagnostic)
     */
    public Metadata applyOperations(Metadata base, Path file) {
        return tryApplyOperations(base, file).orThrow();
    }

    /**
     * Applies the metadata-API operations in {@code json} to {@code base}.
     *
     * @param base the metadata the operations apply to; never null (not modified)
     * @param json JSON text of metadata-API operations; never null
     * @return new metadata with the operations applied, never null
     * @throws dev.hasuraperms.diagnostic.DiagnosticException when reading or applying reports an error (listing every
     *     diagnostic)
     */
    public Metadata applyOperations(Metadata base, String json) {
        return tryApplyOperations(base, json, "").orThrow();
    }

    // ---------------------------------------------------------------------------------------------- collecting

    /**
     * Like {@link #load(Path)}, returning every diagnostic instead of throwing.
     *
     * @param path as for {@link #load(Path)}; never null
     * @return the metadata (when there is no error) and every diagnostic, never null
     */
    public LoadResult tryLoad(Path path) {
        if (Files.isDirectory(path)) {
            return tryLoadCliDirectory(path);
        }
        Diagnostics d = new Diagnostics(options.maxDiagnostics());
        MetadataReader reader = new MetadataReader(d, parser);
        Optional<JsonValue> doc = readAhead(hook -> readFile(path, hook == null ? new Diagnostics() : d, hook), reader);
        Metadata m = doc.map(v -> interpret(v, Metadata.empty(), reader)).orElse(null);
        return result(m, d);
    }

    /**
     * Reads a document that may be exported metadata, turning its tables into the model while it is parsed. Should
     * it be something else after all (metadata-API operations), it is read again plainly.
     */
    private static Optional<JsonValue> readAhead(java.util.function.Function<TreeReaders.TableHook, Optional<JsonValue>> read,
                                                 MetadataReader reader) {
        Optional<JsonValue> doc = read.apply(reader.readAheadHook());
        if (doc.isPresent() && reader.hasReadAhead() && !isExportedMetadata(doc.get())) {
            reader.discardReadAhead();
            doc = read.apply(null);
        }
        return doc;
    }

    private static boolean isExportedMetadata(JsonValue doc) {
        return doc instanceof JsonObject o && !isOperation(o)
                && (o.has("sources") || o.has("version") || o.has("tables") || o.isEmpty());
    }

    private static boolean isOperation(JsonObject o) {
        return o.has("type") && (o.has("args") || o.size() == 1);
    }

    /**
     * Like {@link #loadJson}, returning every diagnostic instead of throwing.
     *
     * @param json the JSON text; never null
     * @param fileName the name diagnostics give as the file; never null
     * @return the metadata (when there is no error) and every diagnostic, never null
     */
    public LoadResult tryLoadJson(String json, String fileName) {
        Diagnostics d = new Diagnostics(options.maxDiagnostics());
        MetadataReader reader = new MetadataReader(d, parser);
        Optional<JsonValue> doc = readAhead(hook -> TreeReaders.readJson(json, fileName, "$", options.readLimits(),
                hook == null ? new Diagnostics() : d, hook), reader);
        Metadata m = doc.map(v -> interpret(v, Metadata.empty(), reader)).orElse(null);
        return result(m, d);
    }

    /**
     * Like {@link #loadCliDirectory}, returning every diagnostic instead of throwing.
     *
     * @param directory the CLI project's {@code metadata} directory; never null
     * @return the metadata (when there is no error) and every diagnostic, never null
     */
    public LoadResult tryLoadCliDirectory(Path directory) {
        Diagnostics d = new Diagnostics(options.maxDiagnostics());
        MetadataReader reader = new MetadataReader(d, parser);
        Optional<JsonValue> doc = CliDirectoryReader.assemble(directory, options.readLimits(), d, reader);
        Metadata m = doc.map(reader::readDocument).orElse(null);
        return result(m, d);
    }

    /**
     * Like {@link #applyOperations(Metadata, Path)}, returning every diagnostic instead of throwing.
     *
     * @param base the metadata the operations apply to; never null (not modified)
     * @param file a JSON or YAML file of metadata-API operations; never null
     * @return the resulting metadata (when there is no error) and every diagnostic, never null
     */
    public LoadResult tryApplyOperations(Metadata base, Path file) {
        Diagnostics d = new Diagnostics(options.maxDiagnostics());
        MetadataReader reader = new MetadataReader(d, parser);
        Optional<JsonValue> doc = readFile(file, d);
        Metadata m = doc.map(v -> new MetadataApiApplier(reader, base).apply(v)).orElse(null);
        return result(m, d);
    }

    /**
     * Like {@link #applyOperations(Metadata, String)}, returning every diagnostic instead of throwing.
     *
     * @param base the metadata the operations apply to; never null (not modified)
     * @param json JSON text of metadata-API operations; never null
     * @param fileName the name diagnostics give as the file; never null
     * @return the resulting metadata (when there is no error) and every diagnostic, never null
     */
    public LoadResult tryApplyOperations(Metadata base, String json, String fileName) {
        Diagnostics d = new Diagnostics(options.maxDiagnostics());
        MetadataReader reader = new MetadataReader(d, parser);
        Optional<JsonValue> doc = TreeReaders.readJson(json, fileName, "$", options.readLimits(), d);
        Metadata m = doc.map(v -> new MetadataApiApplier(reader, base).apply(v)).orElse(null);
        return result(m, d);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static LoadResult result(Metadata m, Diagnostics d) {
        return new LoadResult(d.hasErrors() || m == null ? Optional.empty() : Optional.of(m), d.all());
    }

    /** Reads a JSON file (or a YAML file, by its extension), with the size limit checked before reading. */
    private Optional<JsonValue> readFile(Path file, Diagnostics d) {
        return readFile(file, d, null);
    }

    /** Like {@link #readFile(Path, Diagnostics)}; a JSON file's tables go to {@code hook} (a fresh read reports to nobody). */
    private Optional<JsonValue> readFile(Path file, Diagnostics given, TreeReaders.TableHook hook) {
        Diagnostics d = given;
        String display = file.toString();
        Origin origin = Origin.of("$", new SourceLocation(display, 0, 0));
        String text;
        try {
            if (!Files.exists(file)) {
                d.report(DiagnosticCode.UNREADABLE_FILE, origin, "no such file: " + display);
                return Optional.empty();
            }
            if (!Files.isRegularFile(file)) {
                // A FIFO would block the reader, a device never end: only regular files are read.
                d.report(DiagnosticCode.UNREADABLE_FILE, origin, "not a regular file (a directory, FIFO, device or "
                        + "socket): " + display);
                return Optional.empty();
            }
            long size = Files.size(file);
            if (size > options.readLimits().maxDocumentSize()) {
                d.report(DiagnosticCode.DOCUMENT_TOO_LARGE, origin, "file has " + size + " bytes; the limit is "
                        + options.readLimits().maxDocumentSize() + " bytes");
                return Optional.empty();
            }
            Optional<String> read = CliDirectoryReader.readBounded(file, options.readLimits().maxDocumentSize(), origin,
                    d, false);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            text = read.get();
        } catch (IOException | java.nio.file.InvalidPathException | SecurityException e) {
            d.report(DiagnosticCode.UNREADABLE_FILE, origin, "cannot read " + display + ": " + e.getMessage());
            return Optional.empty();
        }
        String lower = display.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return TreeReaders.readYaml(text, display, "$", options.readLimits(), IncludeResolver.NONE, d);
        }
        return TreeReaders.readJson(text, display, "$", options.readLimits(), d, hook);
    }

    /** Exported metadata, one operation, or a list of operations: decided by the document's shape. */
    private static Metadata interpret(JsonValue doc, Metadata base, MetadataReader reader) {
        if (doc instanceof JsonArray) {
            return new MetadataApiApplier(reader, base).apply(doc);
        }
        if (doc instanceof JsonObject o) {
            // The answer of export_metadata with {"version": 2} (and of the CLI's metadata export through it):
            // {"resource_version": N, "metadata": {...}}. The metadata is inside; the resource version is not.
            if (o.size() == 2 && o.has("resource_version") && o.get("metadata").orElse(null) instanceof JsonObject inner) {
                return interpret(inner, base, reader);
            }
            if (isOperation(o)) {
                return new MetadataApiApplier(reader, base).apply(doc);
            }
            if (isExportedMetadata(o)) {
                return reader.readDocument(doc);
            }
        }
        reader.diagnostics().report(DiagnosticCode.UNKNOWN_FORMAT, doc.origin(), "expected exported metadata "
                + "({\"version\": 3, \"sources\": [...]}) or metadata-API operations ({\"type\": ..., \"args\": ...})");
        return Metadata.empty();
    }
}

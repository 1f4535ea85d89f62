package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import dev.hasuraperms.internal.json.IncludeResolver;
import dev.hasuraperms.internal.json.TreeReaders;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.ReadLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles a Hasura CLI metadata directory (config v3, and the older v2 layout) into one JSON document of the
 * exported shape, resolving {@code !include} relative to the including file, recursively, and never outside the
 * metadata directory.
 */
final class CliDirectoryReader {

    private final Path root;
    private final Path realRoot;
    private final String displayRoot;
    private final ReadLimits limits;
    private final Diagnostics diagnostics;
    private final MetadataReader reader;
    private final Deque<Path> includeStack = new ArrayDeque<>();

    private CliDirectoryReader(Path root, Path realRoot, ReadLimits limits, Diagnostics diagnostics, MetadataReader reader) {
        this.root = root;
        this.realRoot = realRoot;
        this.displayRoot = root.toString();
        this.limits = limits;
        this.diagnostics = diagnostics;
        this.reader = reader;
    }

    /** Assembles the directory; empty when it cannot be read at all. */
    static Optional<JsonValue> assemble(Path root, ReadLimits limits, Diagnostics diagnostics, MetadataReader reader) {
        Origin rootOrigin = Origin.of("$", new SourceLocation(root.toString(), 0, 0));
        if (!Files.isDirectory(root)) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, rootOrigin, "not a directory: " + root);
            return Optional.empty();
        }
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, rootOrigin, "cannot read directory " + root + ": " + e.getMessage());
            return Optional.empty();
        }
        return new CliDirectoryReader(root, real, limits, diagnostics, reader).assemble();
    }

    private Optional<JsonValue> assemble() {
        Origin rootOrigin = Origin.of("$", new SourceLocation(displayRoot, 0, 0));
        Path versionFile = root.resolve("version.yaml");
        Path databases = root.resolve("databases").resolve("databases.yaml");
        if (!Files.exists(versionFile) && !Files.exists(databases) && !Files.exists(root.resolve("tables.yaml"))) {
            diagnostics.report(DiagnosticCode.UNKNOWN_FORMAT, rootOrigin, "no version.yaml, databases/databases.yaml "
                    + "or tables.yaml: not a Hasura CLI metadata directory: " + root);
            return Optional.empty();
        }
        int configVersion = 3;
        if (Files.exists(versionFile)) {
            Optional<JsonValue> v = readFile(versionFile, "$", false);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            Optional<JsonValue> ver = v.get() instanceof JsonObject o ? o.get("version") : Optional.empty();
            if (ver.isPresent() && ver.get() instanceof JsonNumber n && n.isIntegral()
                    && (n.value().intValue() == 2 || n.value().intValue() == 3)) {
                configVersion = n.value().intValue();
            } else {
                diagnostics.report(DiagnosticCode.UNSUPPORTED_VERSION, ver.map(JsonValue::origin).orElse(v.get().origin()),
                        "version.yaml must say version: 3 (or 2); found " + ver.map(JsonValue::toJson).orElse("nothing"));
                return Optional.empty();
            }
        }
        Map<String, JsonValue> doc = new LinkedHashMap<>();
        Map<String, Origin> keys = new LinkedHashMap<>();
        if (configVersion == 3) {
            doc.put("version", new JsonNumber(java.math.BigDecimal.valueOf(3), rootOrigin));
            if (Files.exists(databases)) {
                readFile(databases, "$.sources", true).ifPresent(v -> doc.put("sources", v));
            }
        } else {
            doc.put("version", new JsonNumber(java.math.BigDecimal.valueOf(2), rootOrigin));
            Path tables = root.resolve("tables.yaml");
            Path functions = root.resolve("functions.yaml");
            if (Files.exists(tables)) {
                readFile(tables, "$.tables", true).ifPresent(v -> doc.put("tables", v));
            }
            if (Files.exists(functions)) {
                readFile(functions, "$.functions", true).ifPresent(v -> doc.put("functions", v));
            }
        }
        Path inherited = root.resolve("inherited_roles.yaml");
        if (Files.exists(inherited)) {
            readFile(inherited, "$.inherited_roles", true).ifPresent(v -> doc.put("inherited_roles", v));
        }
        return Optional.of(new JsonObject(doc, keys, rootOrigin));
    }

    private String display(Path file) {
        Path rel = root.relativize(file);
        return root.resolve(rel).toString();
    }

    /** Reads a YAML file of the directory; its root takes {@code basePath} in the assembled document. */
    private Optional<JsonValue> readFile(Path file, String basePath, boolean allowIncludes) {
        Origin fileOrigin = Origin.of(basePath, new SourceLocation(display(file), 1, 1));
        Optional<String> text = readText(file, fileOrigin);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file.toAbsolutePath().normalize();
        }
        includeStack.push(real);
        try {
            IncludeResolver resolver = allowIncludes ? (target, at, path) -> include(file, target, at, path) : IncludeResolver.NONE;
            return TreeReaders.readYaml(text.get(), display(file), basePath, limits, resolver, diagnostics);
        } finally {
            includeStack.pop();
        }
    }

    private Optional<String> readText(Path file, Origin origin) {
        try {
            long size = Files.size(file);
            if (size > limits.maxDocumentSize()) {
                diagnostics.report(DiagnosticCode.DOCUMENT_TOO_LARGE, origin,
                        "file has " + size + " bytes; the limit is " + limits.maxDocumentSize() + " bytes");
                return Optional.empty();
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, origin, "cannot read " + display(file) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<JsonValue> include(Path includingFile, String target, Origin at, String path) {
        Path dir = includingFile.getParent() == null ? root : includingFile.getParent();
        Path file = dir.resolve(target).normalize();
        if (!Files.exists(file)) {
            diagnostics.report(DiagnosticCode.INCLUDE_NOT_FOUND, at, "included file " + target + " does not exist ("
                    + display(file) + ")");
            return Optional.of(placeholder(at));
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, at, "cannot read included file " + target + ": " + e.getMessage());
            return Optional.of(placeholder(at));
        }
        if (!real.startsWith(realRoot)) {
            diagnostics.report(DiagnosticCode.INCLUDE_OUTSIDE_ROOT, at,
                    "included file " + target + " is outside the metadata directory " + displayRoot);
            return Optional.of(placeholder(at));
        }
        if (includeStack.contains(real)) {
            diagnostics.report(DiagnosticCode.INCLUDE_CYCLE, at, "include cycle: " + target + " is already being read");
            return Optional.of(placeholder(at));
        }
        String name = real.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            Optional<JsonValue> v = readFile(file, path, true);
            return Optional.of(v.orElseGet(() -> placeholder(at)));
        }
        // Any other file is inserted as a string, as the Hasura CLI does.
        Origin origin = Origin.of(path, new SourceLocation(display(file), 1, 1));
        return Optional.of(readText(file, origin).<JsonValue>map(s -> new JsonString(s, origin))
                .orElseGet(() -> placeholder(at)));
    }

    private JsonValue placeholder(Origin at) {
        JsonNull p = new JsonNull(at);
        reader.placeholder(p);
        return p;
    }
}

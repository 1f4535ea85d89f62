package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import dev.hasuraperms.internal.json.IncludeResolver;
import dev.hasuraperms.internal.json.ReadBudget;
import dev.hasuraperms.internal.json.TreeReaders;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles a Hasura CLI metadata directory (config v3, and the older v2 layout) into one JSON document of the
 * exported shape, resolving {@code !include} relative to the including file, recursively.
 *
 * <p>Only <b>regular files inside the metadata directory</b> are read, top-level files ({@code version.yaml},
 * {@code databases/databases.yaml}, ...) and included files alike. The directory is resolved to its real path once;
 * every other path is resolved one name at a time from there without following links blindly: a symbolic link is
 * read and its target checked to be inside the directory before it is taken, so nothing outside the directory is
 * ever opened or even looked at (an include outside it is refused the same way whether or not the file exists), and
 * directories, FIFOs, devices and sockets are refused before they are opened. Each file is read with a bound on its
 * bytes, and the {@link ReadLimits} on values, bytes and includes hold for the whole directory ({@link ReadBudget}).
 */
final class CliDirectoryReader {

    /** Symbolic links followed while resolving one path, as Linux's own limit. */
    private static final int MAX_LINKS = 40;

    private final Path root;
    private final Path realRoot;
    private final String displayRoot;
    private final ReadLimits limits;
    private final ReadBudget budget;
    private final Diagnostics diagnostics;
    private final MetadataReader reader;
    private final Deque<Path> includeStack = new ArrayDeque<>();
    /** Paths resolved so far, by directory and target: a file included a thousand times is resolved once. */
    private final Map<String, Resolved> resolved = new java.util.HashMap<>();
    /** Small files read so far, by real path: a file included a thousand times is read from disk once. */
    private final Map<Path, String> texts = new java.util.HashMap<>();
    private long cachedChars;

    private static final int MAX_RESOLVED = 100_000;
    private static final int MAX_CACHED_FILE = 64 * 1024;
    private static final long MAX_CACHED_CHARS = 8L * 1024 * 1024;

    private CliDirectoryReader(Path root, Path realRoot, ReadLimits limits, Diagnostics diagnostics, MetadataReader reader) {
        this.root = root;
        this.realRoot = realRoot;
        this.displayRoot = root.toString();
        this.limits = limits;
        this.budget = new ReadBudget(limits);
        this.diagnostics = diagnostics;
        this.reader = reader;
    }

    /** Assembles the directory; empty when it cannot be read at all. */
    static Optional<JsonValue> assemble(Path root, ReadLimits limits, Diagnostics diagnostics, MetadataReader reader) {
        Origin rootOrigin = Origin.of("$", new SourceLocation(root.toString(), 0, 0));
        Path real;
        try {
            real = root.toAbsolutePath().toRealPath();
        } catch (IOException | InvalidPathException | SecurityException e) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, rootOrigin, "cannot read directory " + root + ": " + e.getMessage());
            return Optional.empty();
        }
        if (!Files.isDirectory(real)) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, rootOrigin, "not a directory: " + root);
            return Optional.empty();
        }
        return new CliDirectoryReader(root, real, limits, diagnostics, reader).assemble();
    }

    private Optional<JsonValue> assemble() {
        Origin rootOrigin = Origin.of("$", new SourceLocation(displayRoot, 0, 0));
        Resolved versionFile = resolve(realRoot, "version.yaml");
        Resolved databases = resolve(realRoot, "databases/databases.yaml");
        Resolved tablesV2 = resolve(realRoot, "tables.yaml");
        if (versionFile.missing() && databases.missing() && tablesV2.missing()) {
            diagnostics.report(DiagnosticCode.UNKNOWN_FORMAT, rootOrigin, "no version.yaml, databases/databases.yaml "
                    + "or tables.yaml: not a Hasura CLI metadata directory: " + root);
            return Optional.empty();
        }
        int configVersion = 3;
        if (!versionFile.missing()) {
            Optional<JsonValue> v = readTopLevel(versionFile, "version.yaml", "$", false);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            Optional<JsonValue> ver = v.get() instanceof JsonObject o ? o.get("version") : Optional.empty();
            if (ver.isPresent() && ver.get() instanceof JsonNumber n && n.isIntegral()
                    && (n.value().compareTo(java.math.BigDecimal.valueOf(2)) == 0
                    || n.value().compareTo(java.math.BigDecimal.valueOf(3)) == 0)) {
                configVersion = n.value().intValue();
            } else {
                diagnostics.report(DiagnosticCode.UNSUPPORTED_VERSION, ver.map(JsonValue::origin).orElse(v.get().origin()),
                        "version.yaml must say version: 3 (or 2); found " + ver.map(JsonValue::toJson).map(CliDirectoryReader::cut)
                                .orElse("nothing"));
                return Optional.empty();
            }
        }
        Map<String, JsonValue> doc = new LinkedHashMap<>();
        Map<String, Origin> keys = new LinkedHashMap<>();
        if (configVersion == 3) {
            doc.put("version", new JsonNumber(java.math.BigDecimal.valueOf(3), rootOrigin));
            readTopLevel(databases, "databases/databases.yaml", "$.sources", true).ifPresent(v -> doc.put("sources", v));
        } else {
            doc.put("version", new JsonNumber(java.math.BigDecimal.valueOf(2), rootOrigin));
            readTopLevel(tablesV2, "tables.yaml", "$.tables", true).ifPresent(v -> doc.put("tables", v));
            readTopLevel(resolve(realRoot, "functions.yaml"), "functions.yaml", "$.functions", true)
                    .ifPresent(v -> doc.put("functions", v));
        }
        readTopLevel(resolve(realRoot, "inherited_roles.yaml"), "inherited_roles.yaml", "$.inherited_roles", true)
                .ifPresent(v -> doc.put("inherited_roles", v));
        if (budget.exhausted()) {
            // A whole-directory limit was exceeded (and reported): what was read is partial; nothing more to say.
            return Optional.empty();
        }
        return Optional.of(new JsonObject(doc, keys, rootOrigin));
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** The path to show for a path inside the real root: the directory as the user named it, then the rest. */
    private String display(Path insideRoot) {
        return root.resolve(realRoot.relativize(insideRoot).toString()).toString();
    }

    // ------------------------------------------------------------------------------------------ resolving paths

    private enum Kind { REGULAR, MISSING, OUTSIDE, NOT_REGULAR, INVALID, UNREADABLE }

    /**
     * Where a path led: a regular file inside the root (its real path and size), or why not.
     *
     * @param path   the real path of a regular file, or the path (inside the root) that was missing or not regular
     * @param detail why the path is invalid or unreadable
     */
    private record Resolved(Kind kind, Path path, long size, String detail) {
        boolean missing() {
            return kind == Kind.MISSING;
        }
    }

    /**
     * Resolves {@code target} (relative to {@code dir}, a real directory inside the root, or absolute) one name at a
     * time from the real root, checking every symbolic link's target to be inside the root before following it:
     * nothing outside the root is ever accessed. A target that is outside the root once normalized is refused before
     * any file system access.
     */
    private Resolved resolve(Path dir, String target) {
        Path t;
        try {
            if (target.indexOf('\0') >= 0) {
                return new Resolved(Kind.INVALID, null, 0, "it contains a NUL character");
            }
            t = realRoot.getFileSystem().getPath(target);
        } catch (InvalidPathException e) {
            return new Resolved(Kind.INVALID, null, 0, e.getReason());
        }
        Path start = t.isAbsolute() ? t : dir.resolve(t);
        Path lexical = start.normalize();
        if (!lexical.startsWith(realRoot)) {
            return new Resolved(Kind.OUTSIDE, lexical, 0, "");
        }
        Deque<String> pending = new ArrayDeque<>();
        if (t.isAbsolute()) {
            names(realRoot.relativize(lexical), pending, false);
        } else {
            names(realRoot.relativize(dir), pending, false);
            names(t, pending, false);
        }
        Path cur = realRoot;
        BasicFileAttributes attrs = null;
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (cur.equals(realRoot)) {
                    return new Resolved(Kind.OUTSIDE, lexical, 0, "");
                }
                cur = cur.getParent();
                attrs = null;
                continue;
            }
            Path next = cur.resolve(name);
            try {
                attrs = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isSymbolicLink()) {
                    if (++links > MAX_LINKS) {
                        return new Resolved(Kind.UNREADABLE, next, 0, "more than " + MAX_LINKS + " symbolic links");
                    }
                    Path link = Files.readSymbolicLink(next);
                    Path linked = (link.isAbsolute() ? link : cur.resolve(link)).normalize();
                    if (!linked.startsWith(realRoot)) {
                        return new Resolved(Kind.OUTSIDE, lexical, 0, "");
                    }
                    if (link.isAbsolute()) {
                        cur = realRoot;
                        names(realRoot.relativize(linked), pending, true);
                    } else {
                        names(link, pending, true);
                    }
                    attrs = null;
                    continue;
                }
            } catch (NoSuchFileException e) {
                return new Resolved(Kind.MISSING, lexical, 0, "");
            } catch (IOException | SecurityException e) {
                return new Resolved(Kind.UNREADABLE, lexical, 0, String.valueOf(e.getMessage()));
            }
            if (!pending.isEmpty() && !attrs.isDirectory()) {
                return new Resolved(Kind.MISSING, lexical, 0, "");
            }
            cur = next;
        }
        if (attrs == null || !attrs.isRegularFile()) {
            return new Resolved(Kind.NOT_REGULAR, cur, 0, "");
        }
        return new Resolved(Kind.REGULAR, cur, attrs.size(), "");
    }

    /** Adds the names of {@code p} to {@code pending}: at the end, or (in order) at the front. */
    private static void names(Path p, Deque<String> pending, boolean front) {
        int n = p.getNameCount();
        if (front) {
            for (int i = n - 1; i >= 0; i--) {
                pending.addFirst(p.getName(i).toString());
            }
        } else {
            for (int i = 0; i < n; i++) {
                pending.addLast(p.getName(i).toString());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- reading

    /** Reads a top-level file of the directory, if it is there; reports when it is there but cannot be read. */
    private Optional<JsonValue> readTopLevel(Resolved r, String name, String basePath, boolean allowIncludes) {
        Origin at = Origin.of(basePath, new SourceLocation(display(realRoot.resolve(name)), 0, 0));
        switch (r.kind()) {
            case REGULAR:
                return readFile(r, basePath, allowIncludes);
            case MISSING:
                return Optional.empty();
            case OUTSIDE:
                diagnostics.report(DiagnosticCode.UNREADABLE_FILE, at, name + " leads outside the metadata directory "
                        + displayRoot + " (through a symbolic link); only files inside it are read");
                return Optional.empty();
            case NOT_REGULAR:
                diagnostics.report(DiagnosticCode.UNREADABLE_FILE, at, name + " is not a regular file (a directory, "
                        + "FIFO, device or socket); only regular files are read");
                return Optional.empty();
            default:
                diagnostics.report(DiagnosticCode.UNREADABLE_FILE, at, "cannot read " + name + ": " + r.detail());
                return Optional.empty();
        }
    }

    /** Reads a regular YAML file of the directory; its root takes {@code basePath} in the assembled document. */
    private Optional<JsonValue> readFile(Resolved file, String basePath, boolean allowIncludes) {
        Path real = file.path();
        Origin fileOrigin = Origin.of(basePath, new SourceLocation(display(real), 1, 1));
        Optional<String> text = readText(file, fileOrigin);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        includeStack.push(real);
        try {
            IncludeResolver resolver = allowIncludes ? (target, at, path) -> include(real, target, at, path) : IncludeResolver.NONE;
            return TreeReaders.readYaml(text.get(), display(real), basePath, budget, resolver, diagnostics);
        } finally {
            includeStack.pop();
        }
    }

    private Optional<String> readText(Resolved file, Origin origin) {
        if (file.size() > limits.maxDocumentSize()) {
            diagnostics.report(DiagnosticCode.DOCUMENT_TOO_LARGE, origin,
                    "file has " + file.size() + " bytes; the limit is " + limits.maxDocumentSize() + " bytes");
            return Optional.empty();
        }
        if (budget.exhausted()) {
            return Optional.empty();
        }
        try {
            String cached = texts.get(file.path());
            Optional<String> text = cached != null ? Optional.of(cached)
                    : readBounded(file.path(), limits.maxDocumentSize(), origin, diagnostics, true);
            if (text.isPresent() && !budget.bytes(diagnostics, origin, text.get().length())) {
                return Optional.empty();
            }
            if (cached == null && text.isPresent() && text.get().length() <= MAX_CACHED_FILE
                    && cachedChars + text.get().length() <= MAX_CACHED_CHARS) {
                texts.put(file.path(), text.get());
                cachedChars += text.get().length();
            }
            return text;
        } catch (IOException e) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, origin, "cannot read " + display(file.path()) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads at most {@code maxBytes} bytes of {@code file} as UTF-8 (not following a symbolic link at its last name
     * when {@code noFollow}); reports and returns empty when the file has more (its size may have changed since it
     * was measured, or never been known, as in {@code /proc}) or is not valid UTF-8.
     */
    static Optional<String> readBounded(Path file, int maxBytes, Origin origin, Diagnostics diagnostics,
                                        boolean noFollow) throws IOException {
        byte[] bytes;
        try (InputStream in = noFollow ? Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS) : Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            diagnostics.report(DiagnosticCode.DOCUMENT_TOO_LARGE, origin,
                    "file has more than " + maxBytes + " bytes; the limit is " + maxBytes + " bytes");
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, origin, "cannot read " + origin.location().file()
                    + ": not valid UTF-8 (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private Optional<JsonValue> include(Path includingFile, String target, Origin at, String path) {
        if (!budget.include(diagnostics, at, includeStack.size())) {
            return Optional.of(placeholder(at));
        }
        Path dir = includingFile.getParent();
        String key = dir + "\0" + target;
        Resolved r = resolved.get(key);
        if (r == null) {
            r = resolve(dir, target);
            if (resolved.size() < MAX_RESOLVED) {
                resolved.put(key, r);
            }
        }
        switch (r.kind()) {
            case INVALID:
                diagnostics.report(DiagnosticCode.INCLUDE_NOT_FOUND, at, "included file " + cut(target)
                        + " is not a valid file name: " + r.detail());
                return Optional.of(placeholder(at));
            case OUTSIDE:
                diagnostics.report(DiagnosticCode.INCLUDE_OUTSIDE_ROOT, at,
                        "included file " + cut(target) + " is outside the metadata directory " + displayRoot);
                return Optional.of(placeholder(at));
            case MISSING:
                diagnostics.report(DiagnosticCode.INCLUDE_NOT_FOUND, at, "included file " + cut(target)
                        + " does not exist (" + display(r.path()) + ")");
                return Optional.of(placeholder(at));
            case NOT_REGULAR:
                diagnostics.report(DiagnosticCode.UNREADABLE_FILE, at, "included file " + cut(target)
                        + " is not a regular file (a directory, FIFO, device or socket); only regular files are read");
                return Optional.of(placeholder(at));
            case UNREADABLE:
                diagnostics.report(DiagnosticCode.UNREADABLE_FILE, at, "cannot read included file " + cut(target)
                        + ": " + r.detail());
                return Optional.of(placeholder(at));
            default:
                break;
        }
        Path real = r.path();
        if (includeStack.contains(real)) {
            diagnostics.report(DiagnosticCode.INCLUDE_CYCLE, at, "include cycle: " + cut(target) + " is already being read");
            return Optional.of(placeholder(at));
        }
        String name = real.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            Optional<JsonValue> v = readFile(r, path, true);
            return Optional.of(v.orElseGet(() -> placeholder(at)));
        }
        // Any other file is inserted as a string, as the Hasura CLI does.
        Origin origin = Origin.of(path, new SourceLocation(display(real), 1, 1));
        return Optional.of(readText(r, origin).<JsonValue>map(s -> new JsonString(s, origin))
                .orElseGet(() -> placeholder(at)));
    }

    private JsonValue placeholder(Origin at) {
        JsonNull p = new JsonNull(at);
        reader.placeholder(p);
        return p;
    }
}

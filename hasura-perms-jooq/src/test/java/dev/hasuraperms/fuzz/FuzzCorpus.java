package dev.hasuraperms.fuzz;

import dev.hasuraperms.jooq.DdlSchemaReader;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SchemaSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The documents the fuzzer starts from: every metadata file and directory under {@code fixtures/} (exported JSON,
 * YAML, metadata-API operations, CLI directories, the diagnostics cases, Hasura's own test setups), each with the
 * schema it is checked against (a schema snapshot, else the fixture's DDL read by {@link DdlSchemaReader}, else the
 * {@code run_sql} of a Hasura setup, else an empty schema). Read once per run.
 */
final class FuzzCorpus {

    enum Kind { JSON, YAML, DIRECTORY }

    /**
     * One starting document.
     *
     * @param files for a directory, its files (relative path to text); for a file, one entry
     * @param tree  the parsed document of a file (empty for a directory or text that does not parse)
     * @param base  the document loaded unmutated, when it loads (the base of metadata-API mutants)
     */
    record Seed(String name, Kind kind, Map<String, String> files, Optional<JsonValue> tree, DatabaseSchema schema,
                Metadata base) {
        String text() {
            return files.values().iterator().next();
        }
    }

    private FuzzCorpus() {
    }

    static List<Seed> load(Path fixtures) {
        List<Seed> seeds = new ArrayList<>();
        Map<Path, DatabaseSchema> schemas = new LinkedHashMap<>();
        List<Path> dirs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(fixtures)) {
            walk.sorted().forEach(p -> {
                String rel = fixtures.relativize(p).toString().replace('\\', '/');
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("version.yaml"))) {
                    dirs.add(p);
                } else if (Files.isRegularFile(p) && (name.endsWith(".json") || name.endsWith(".yaml"))
                        && !name.equals("schema.json") && !rel.startsWith("matrix/") && !insideDirectorySeed(p)
                        && (!rel.startsWith("hasura-tests/") || name.matches(".*setup.*\\.yaml"))) {
                    files.add(p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MetadataLoader loader = MetadataLoader.defaults();
        for (Path dir : dirs) {
            Map<String, String> content = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                    content.put(dir.relativize(f).toString().replace('\\', '/'), read(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LoadResult r = loader.tryLoadCliDirectory(dir);
            seeds.add(new Seed(fixtures.relativize(dir).toString(), Kind.DIRECTORY, content, Optional.empty(),
                    schemaFor(fixtures, dir, null, schemas), r.metadata().orElse(Metadata.empty())));
        }
        for (Path f : files) {
            String text = read(f);
            boolean yaml = f.toString().endsWith(".yaml");
            Optional<JsonValue> tree;
            try {
                tree = Optional.of(yaml ? Json.parseYaml(text) : Json.parse(text));
            } catch (RuntimeException e) {
                tree = Optional.empty(); // a diagnostics case that does not parse: text mutations only
            }
            LoadResult r = loader.tryLoad(f);
            seeds.add(new Seed(fixtures.relativize(f).toString(), yaml ? Kind.YAML : Kind.JSON,
                    Map.of(f.getFileName().toString(), text), tree, schemaFor(fixtures, f, tree.orElse(null), schemas),
                    r.metadata().orElse(Metadata.empty())));
        }
        return List.copyOf(seeds);
    }

    private static boolean insideDirectorySeed(Path p) {
        for (Path d = p.getParent(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("version.yaml"))) {
                return true;
            }
        }
        return false;
    }

    /** The nearest schema.json, else schema.sql (or sql/schema.sql), going up to fixtures/; else a setup's run_sql. */
    private static DatabaseSchema schemaFor(Path fixtures, Path p, JsonValue tree, Map<Path, DatabaseSchema> cache) {
        for (Path d = Files.isDirectory(p) ? p : p.getParent(); d != null && d.startsWith(fixtures) && !d.equals(fixtures);
             d = d.getParent()) {
            for (String candidate : List.of("schema.json", "schema.sql", "sql/schema.sql")) {
                Path s = d.resolve(candidate);
                if (Files.isRegularFile(s)) {
                    return cache.computeIfAbsent(s, k -> k.toString().endsWith(".json") ? SchemaSnapshot.read(k)
                            : DdlSchemaReader.read(read(k), k.getFileName().toString()).schema());
                }
            }
        }
        if (tree != null) {
            StringBuilder sql = new StringBuilder();
            collectRunSql(tree, sql);
            if (!sql.isEmpty()) {
                return DdlSchemaReader.read(sql.toString(), "run_sql").schema();
            }
        }
        return DatabaseSchema.empty();
    }

    private static void collectRunSql(JsonValue v, StringBuilder out) {
        if (v instanceof JsonObject o) {
            if (o.get("type").filter(t -> t instanceof JsonString s && s.value().equals("run_sql")).isPresent()) {
                o.get("args").flatMap(a -> a instanceof JsonObject ao ? ao.get("sql") : Optional.empty())
                        .filter(s -> s instanceof JsonString).ifPresent(s -> out.append(((JsonString) s).value())
                                .append(";\n"));
            }
            for (int i = 0; i < o.size(); i++) {
                collectRunSql(o.valueAt(i), out);
            }
        } else if (v instanceof JsonArray a) {
            for (JsonValue e : a.elements()) {
                collectRunSql(e, out);
            }
        }
    }

    static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.hasuraperms.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import dev.hasuraperms.json.ReadLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, loading: hostile metadata fails with a diagnostic, never an unhandled exception, a hang or unbounded
 * work; the limits hold for the whole document; only regular files inside the metadata directory are read.
 * The {@code @Timeout}s only guard against hangs; every assertion is on behaviour.
 */
class LoadHardeningTest {

    private final MetadataLoader loader = MetadataLoader.defaults();

    @TempDir
    Path tmp;

    private Path write(String relative, String content) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static List<DiagnosticCode> errorCodes(LoadResult r) {
        assertThat(r.isOk()).isFalse();
        return r.errors().stream().map(Diagnostic::code).toList();
    }

    private static void assertOneLine(LoadResult r) {
        for (Diagnostic d : r.diagnostics()) {
            assertThat(d.render()).doesNotContain("\n").doesNotContain("\r");
        }
    }

    // ----------------------------------------------------------------------------------------- 1. explicit tags

    @ParameterizedTest
    @ValueSource(strings = {"!!int abc", "!!float abc", "!!bool abc", "!!timestamp abc", "!!binary \"!!!*\"",
        "!!set {a, b}", "!!omap [{a: 1}]", "!!pairs [{a: 1}]", "!foo x", "!foo {a: 1}", "!foo [1]", "!!int ''",
        "!!float ''", "!!float .", "!!str [1]", "!!map [1]", "!!seq {a: 1}", "!!int 0x", "!!int 0b2"})
    void explicitTagsThatDoNotFitAreSyntaxErrors(String value) throws IOException {
        Path f = write("m.yaml", "version: 3\nsources: []\nx: " + value + "\n");
        LoadResult r = loader.tryLoad(f);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.SYNTAX_ERROR);
        assertThat(r.errors().get(0).location().line()).isEqualTo(3);
    }

    @Test
    void explicitTagsThatFitAreRead() {
        var v = dev.hasuraperms.json.Json.parseYaml("a: !!int 0x1F\nb: !!float 1.5\nc: !!bool yes\nd: !!timestamp 2001-12-14\n"
                + "e: !!binary aGk=\nf: !!str 12\n");
        assertThat(v.toJson()).isEqualTo("{\"a\":31,\"b\":1.5,\"c\":true,\"d\":\"2001-12-14\",\"e\":\"aGk=\",\"f\":\"12\"}");
    }

    // ------------------------------------------------------------------------------------ 2. SnakeYAML's crashes

    @ParameterizedTest
    @ValueSource(strings = {"x: \"\\u", "x: \"\\u12", "x: \"\\U0001", "x: \"\\x4", "x: \"\\UFFFFFFFF\"", "\"\\u"})
    void truncatedOrInvalidEscapesAreSyntaxErrorsWithALocation(String text) throws IOException {
        Path f = write("m.yaml", text);
        LoadResult r = loader.tryLoad(f);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.SYNTAX_ERROR);
        assertThat(r.errors().get(0).location().line()).isEqualTo(1);
        assertThat(r.errors().get(0).location().file()).endsWith("m.yaml");
    }

    // ----------------------------------------------------------------------------------------- 3. newline names

    @Test
    void diagnosticsEscapeControlCharactersInMessagesPathsAndFiles() {
        Origin o = Origin.of("$", new SourceLocation("dir\n/x.yaml", 2, 3)).member("a\nb", "dir\n/x.yaml", 2, 3);
        Diagnostic d = Diagnostic.of(DiagnosticCode.UNKNOWN_COLUMN, o, "column a\nb\r\u0000\u2028 does not exist");
        assertThat(d.message()).isEqualTo("column a\\nb\\r\\u0000\\u2028 does not exist");
        assertThat(d.jsonPath()).isEqualTo("$['a\\nb']");
        assertThat(d.render()).isEqualTo("dir\\n/x.yaml:2:3: error: [UNKNOWN_COLUMN] column a\\nb\\r\\u0000\\u2028 does not "
                + "exist (at $['a\\nb'])");
        // Text without control characters is kept as it is (backslashes and non-ASCII included).
        assertThat(Diagnostic.escapeControl("a\\b é 😀")).isEqualTo("a\\b é 😀");
        assertThat(Diagnostic.escapeControl("\ud800x")).isEqualTo("\\ud800x");
    }

    @Test
    void namesWithNewlinesGiveOneLineDiagnosticsWhenLoadingAndChecking() {
        String doc = "{\"version\": 3, \"sources\": [{\"name\": \"default\", \"kind\": \"postgres\", \"tables\": ["
                + "{\"table\": {\"schema\": \"public\", \"name\": \"t\\nx\"}, \"select_permissions\": ["
                + "{\"role\": \"r\\nq\", \"permission\": {\"columns\": [\"c\\nd\"], \"filter\": {\"x\\ny\": {\"_eq\": \"X-Hasura-A\\nB\"}}}},"
                + "{\"role\": \"r\\nq\", \"permission\": {\"columns\": [\"c\\nd\"], \"filter\": {}}}],"
                + "\"object_relationships\": [{\"name\": \"r\\ns\", \"using\": {\"foreign_key_constraint_on\": \"a\\nb\"}}]},"
                + "{\"table\": {\"schema\": \"public\", \"name\": \"t\\nx\"}}]}],"
                + "\"inherited_roles\": [{\"role_name\": \"i\\nj\", \"role_set\": [\"r\\nq\", \"n\\no\"]}]}";
        LoadResult r = loader.tryLoadJson(doc, "");
        assertThat(errorCodes(r)).contains(DiagnosticCode.DUPLICATE_PERMISSION, DiagnosticCode.DUPLICATE_DEFINITION);
        assertOneLine(r);

        String clean = doc.replace(",{\"role\": \"r\\nq\", \"permission\": {\"columns\": [\"c\\nd\"], \"filter\": {}}}", "")
                .replace(",{\"table\": {\"schema\": \"public\", \"name\": \"t\\nx\"}}", "");
        Metadata m = loader.loadJson(clean);
        var schema = dev.hasuraperms.schema.SchemaSnapshot.read("{\"format\": \"hasura-perms-schema\", \"version\": 1, "
                + "\"functions\": [], \"tables\": [{\"schema\": \"public\", \"name\": \"t\\nx\", \"kind\": \"table\", "
                + "\"columns\": [{\"name\": \"id\", \"type\": \"pg_catalog.int4\", \"nullable\": false}], \"unique\": [], "
                + "\"foreign_keys\": []}]}");
        var checked = PermissionChecker.check(m, schema);
        assertThat(checked.diagnostics()).extracting(Diagnostic::code).contains(DiagnosticCode.UNKNOWN_COLUMN);
        for (Diagnostic d : checked.diagnostics()) {
            assertThat(d.render()).doesNotContain("\n");
        }
    }

    // ------------------------------------------------------------------------------------- 4. odd include paths

    @Test
    void includeOfAPathWithNulIsADiagnostic() throws IOException {
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include \"a\\0b.yaml\"\n");
        LoadResult r = loader.tryLoad(tmp);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.INCLUDE_NOT_FOUND);
        assertThat(r.errors().get(0).message()).contains("not a valid file name");
        assertOneLine(r);
    }

    @Test
    void absoluteIncludesWorkWithARelativeMetadataDirectory() throws IOException {
        write("version.yaml", "version: 3\n");
        Path tables = write("databases/tables.yaml", "- table: {name: a, schema: public}\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include " + tables.toAbsolutePath() + "\n"
                + "  functions: !include /etc/hostname\n");
        Path relative = Path.of("").toAbsolutePath().relativize(tmp.toAbsolutePath());
        assertThat(relative.isAbsolute()).isFalse();
        LoadResult r = loader.tryLoad(relative);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.INCLUDE_OUTSIDE_ROOT);
        assertThat(r.errors().get(0).location().file()).isEqualTo(relative.resolve("databases/databases.yaml").toString());

        write("databases/databases.yaml", "- name: default\n  tables: !include " + tables.toAbsolutePath() + "\n");
        Metadata m = loader.load(relative);
        assertThat(m.source("default").orElseThrow().tables()).hasSize(1);
    }

    // ------------------------------------------------------------------------------------ 5. many unknown columns

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void originsOfSixtyFourThousandColumnsAreFoundByName() {
        int n = 64_000;
        List<String> names = new ArrayList<>(n);
        List<Origin> origins = new ArrayList<>(n);
        Origin list = Origin.of("$.columns", new SourceLocation("f.json", 1, 1));
        for (int i = 0; i < n; i++) {
            names.add("c" + i);
            origins.add(list.element(i, "f.json", 1, 10 + i));
        }
        names.add("c5");
        origins.add(list.element(n, "f.json", 1, 10 + n));
        ColumnSet.Listed l = new ColumnSet.Listed(names, origins);
        for (int i = 0; i < n; i++) {
            assertThat(l.originOf("c" + i).location().column()).isEqualTo(10 + i);
        }
        assertThat(l.originOf("c5").location().column()).isEqualTo(15);
        assertThat(l.originOf("nope")).isSameAs(Origin.UNKNOWN);
        assertThat(l.columns()).isEqualTo(names).hasSameHashCodeAs(List.copyOf(names));
        assertThat(l.columns().indexOf("c63999")).isEqualTo(63_999);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sixtyFourThousandUnknownColumnsAreEachReported() {
        StringBuilder cols = new StringBuilder();
        for (int i = 0; i < 64_000; i++) {
            cols.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
        }
        Metadata m = loader.loadJson("{\"version\": 3, \"sources\": [{\"name\": \"default\", \"kind\": \"postgres\", "
                + "\"tables\": [{\"table\": {\"schema\": \"public\", \"name\": \"t\"}, \"select_permissions\": [{\"role\": "
                + "\"r\", \"permission\": {\"columns\": [" + cols + "], \"filter\": {}}}]}]}]}");
        var schema = dev.hasuraperms.schema.SchemaSnapshot.read("{\"format\": \"hasura-perms-schema\", \"version\": 1, "
                + "\"functions\": [], \"tables\": [{\"schema\": \"public\", \"name\": \"t\", \"kind\": \"table\", "
                + "\"columns\": [{\"name\": \"id\", \"type\": \"pg_catalog.int4\", \"nullable\": false}], \"unique\": [], "
                + "\"foreign_keys\": []}]}");
        var checked = PermissionChecker.check(m, schema,
                dev.hasuraperms.check.CheckOptions.DEFAULT.withMaxDiagnostics(64_000));
        assertThat(checked.diagnostics()).hasSize(64_000).allMatch(d -> d.code() == DiagnosticCode.UNKNOWN_COLUMN);
        assertThat(checked.diagnostics().get(63_999).jsonPath()).endsWith(".columns[63999]");
        // by default the first 1,000 are listed and the other 63,000 counted in one error
        var capped = PermissionChecker.check(m, schema);
        assertThat(capped.diagnostics()).hasSize(1_001);
        assertThat(capped.diagnostics().get(1_000).code()).isEqualTo(DiagnosticCode.TOO_MANY_DIAGNOSTICS);
        assertThat(capped.diagnostics().get(1_000).message()).startsWith("63000 more diagnostics not shown (63000 errors");
        assertThat(capped.diagnostics().get(1_000).jsonPath()).endsWith(".columns[1000]");
    }

    // ------------------------------------------------------------------------------------------ 6. alias bombs

    /** {@code levels} levels of {@code width} aliases to the level below: width^levels values from a few hundred bytes. */
    private static String aliasBomb(int width, int levels) {
        StringBuilder y = new StringBuilder("l0: &l0 [\"lol\"");
        for (int i = 1; i < width; i++) {
            y.append(",\"lol\"");
        }
        y.append("]\n");
        for (int level = 1; level <= levels; level++) {
            y.append('l').append(level).append(": &l").append(level).append(" [");
            for (int i = 0; i < width; i++) {
                y.append(i > 0 ? "," : "").append("*l").append(level - 1);
            }
            y.append("]\n");
        }
        return y.toString();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBillionLaughsUnderTheAliasCountIsRefusedBeforeExpansion() throws IOException {
        String bomb = aliasBomb(5, 9); // 45 aliases (under 50), 5^9 ~ 2 million values, in under 500 bytes
        assertThat(bomb.length()).isLessThan(500);
        Path f = write("bomb.yaml", bomb);
        LoadResult r = loader.tryLoad(f);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.TOO_MANY_ALIASES);
        assertThat(r.errors().get(0).message()).contains("expand to more than 100000 values");
        // The same through a metadata directory and through Json.parseYaml.
        write("dir/version.yaml", "version: 3\n");
        write("dir/databases/databases.yaml", bomb);
        assertThat(errorCodes(loader.tryLoad(tmp.resolve("dir")))).containsExactly(DiagnosticCode.TOO_MANY_ALIASES);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.hasuraperms.json.Json.parseYaml(bomb))
                .isInstanceOfSatisfying(dev.hasuraperms.diagnostic.DiagnosticException.class, e -> assertThat(
                        e.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.TOO_MANY_ALIASES));
    }

    @Test
    void aliasesSpreadOverIncludedFilesShareOneExpansionBudget() throws IOException {
        // Each file expands to 4^7 = 16,384 extra values (fine alone); eight files together pass 100,000.
        write("version.yaml", "version: 3\n");
        StringBuilder tables = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            write("databases/t" + i + ".yaml", aliasBomb(4, 7));
            tables.append("- !include t").append(i).append(".yaml\n");
        }
        write("databases/databases.yaml", "- name: default\n  tables: !include tables.yaml\n");
        write("databases/tables.yaml", tables.toString());
        assertThat(errorCodes(loader.tryLoad(tmp))).containsExactly(DiagnosticCode.TOO_MANY_ALIASES);
    }

    @Test
    void anchorsReusedAsRealMetadataDoesLoad() throws IOException {
        StringBuilder y = new StringBuilder("version: 3\nsources:\n- name: default\n  kind: postgres\n  tables:\n");
        y.append("  - table: {schema: public, name: t0}\n    select_permissions:\n    - role: user\n      permission: &p\n"
                + "        columns: [id, name]\n        filter: {owner_id: {_eq: X-Hasura-User-Id}}\n");
        for (int i = 1; i < 40; i++) {
            y.append("  - table: {schema: public, name: t").append(i).append("}\n    select_permissions:\n")
                    .append("    - role: user\n      permission: *p\n");
        }
        Metadata m = loader.load(write("m.yaml", y.toString()));
        assertThat(m.source("default").orElseThrow().tables()).hasSize(40);
    }

    // ------------------------------------------------------------- the JSON and metadata-API forms, same limits

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void metadataApiOperationsInYamlHaveTheAliasAndValueLimits() throws IOException {
        Path ops = write("ops.yaml", "type: bulk\nargs:\n- type: x\n  args:\n    " + aliasBomb(5, 9).replace("\n", "\n    "));
        LoadResult r = loader.tryApplyOperations(Metadata.empty(), ops);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.TOO_MANY_ALIASES);

        LoadOptions few = LoadOptions.DEFAULT.withReadLimits(ReadLimits.DEFAULT.withMaxNodes(1_000));
        String many = "[" + "{\"type\": \"pg_drop_select_permission\", \"args\": {}},".repeat(500) + "{}]";
        assertThat(errorCodes(MetadataLoader.withOptions(few).tryApplyOperations(Metadata.empty(), many, "")))
                .containsExactly(DiagnosticCode.DOCUMENT_TOO_LARGE);
        assertThat(errorCodes(MetadataLoader.withOptions(few).tryLoadJson(many, ""))).containsExactly(DiagnosticCode.DOCUMENT_TOO_LARGE);
    }

    // ---------------------------------------------------------------------------------- 7. whole-document limits

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aChainOfFilesEachIncludingTheNextTwiceIsRefused() throws IOException {
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include f0.yaml\n");
        for (int i = 0; i < 30; i++) {
            write("databases/f" + i + ".yaml", "- !include f" + (i + 1) + ".yaml\n- !include f" + (i + 1) + ".yaml\n");
        }
        write("databases/f30.yaml", "[]\n");
        LoadResult r = loader.tryLoad(tmp);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.DOCUMENT_TOO_LARGE);
        assertThat(r.errors().get(0).message()).contains("more than 20000 includes");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aThousandTimesAThousandIncludesIsRefused() throws IOException {
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include middle.yaml\n");
        write("databases/middle.yaml", "- !include leaf.yaml\n".repeat(1000));
        write("databases/leaf.yaml", "- !include t.yaml\n".repeat(1000));
        write("databases/t.yaml", "table: {name: t, schema: public}\n");
        assertThat(errorCodes(loader.tryLoad(tmp))).containsExactly(DiagnosticCode.DOCUMENT_TOO_LARGE);
    }

    @Test
    void includeChainsLongerThanTheDepthLimitAreRefused() throws IOException {
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include f0.yaml\n");
        for (int i = 0; i < 40; i++) {
            write("databases/f" + i + ".yaml", "!include f" + (i + 1) + ".yaml\n");
        }
        write("databases/f40.yaml", "- table: {name: t, schema: public}\n");
        LoadResult r = loader.tryLoad(tmp);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.NESTING_TOO_DEEP);
        assertThat(r.errors().get(0).message()).contains("deeper than 32 files");
        // A limit of 50 lets the same directory load.
        LoadOptions deeper = LoadOptions.DEFAULT.withReadLimits(ReadLimits.DEFAULT.withMaxIncludeDepth(50));
        assertThat(MetadataLoader.withOptions(deeper).tryLoad(tmp).errors()).isEmpty();
    }

    @Test
    void bytesAndValuesAreCountedOverTheWholeDirectory() throws IOException {
        write("version.yaml", "version: 3\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include tables.yaml\n");
        write("databases/tables.yaml", "- !include t.yaml\n".repeat(20));
        write("databases/t.yaml", "table: {name: t, schema: public}\n# " + "x".repeat(1000) + "\n");
        // Each file is far under 10,000 bytes; together they are over.
        LoadOptions bytes = LoadOptions.DEFAULT.withReadLimits(ReadLimits.DEFAULT.withMaxDocumentSize(10_000)
                .withMaxTotalBytes(10_000));
        LoadResult r = MetadataLoader.withOptions(bytes).tryLoad(tmp);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.DOCUMENT_TOO_LARGE);
        assertThat(r.errors().get(0).message()).contains("10000 bytes in total");
        // Each file has 4 values; 20 of them are over 50.
        LoadOptions nodes = LoadOptions.DEFAULT.withReadLimits(ReadLimits.DEFAULT.withMaxNodes(50));
        LoadResult n = MetadataLoader.withOptions(nodes).tryLoad(tmp);
        assertThat(errorCodes(n)).containsExactly(DiagnosticCode.DOCUMENT_TOO_LARGE);
        assertThat(n.errors().get(0).message()).contains("more than 50 values");
    }

    // ------------------------------------------------------------------------ 8. symlinks, FIFOs and devices

    private static boolean symlink(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            System.out.println("SKIPPED: the file system refuses symbolic links: " + e);
            return false;
        }
    }

    private static boolean fifo(Path p) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            if (proc.waitFor(30, TimeUnit.SECONDS) && proc.exitValue() == 0 && Files.exists(p)) {
                return true;
            }
        } catch (IOException e) {
            System.out.println("SKIPPED: cannot run mkfifo: " + e);
            return false;
        }
        System.out.println("SKIPPED: mkfifo failed");
        return false;
    }

    @Test
    void topLevelFilesThroughASymlinkOutsideTheRootAreRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("version.yaml"), "version: 3\n");
        Files.createDirectories(outside.resolve("databases"));
        Files.writeString(outside.resolve("databases/databases.yaml"), "- name: secret\n  tables: []\n");
        Path root = Files.createDirectories(tmp.resolve("root"));
        assumeTrue(symlink(root.resolve("version.yaml"), outside.resolve("version.yaml")));
        LoadResult r = loader.tryLoad(root);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.UNREADABLE_FILE);
        assertThat(r.errors().get(0).message()).contains("outside the metadata directory");

        Files.delete(root.resolve("version.yaml"));
        Files.writeString(root.resolve("version.yaml"), "version: 3\n");
        assumeTrue(symlink(root.resolve("databases"), outside.resolve("databases")));
        for (String name : List.of("tables.yaml", "functions.yaml", "inherited_roles.yaml")) {
            assumeTrue(symlink(root.resolve(name), outside.resolve("databases/databases.yaml")));
        }
        LoadResult d = loader.tryLoad(root);
        assertThat(errorCodes(d)).containsExactly(DiagnosticCode.UNREADABLE_FILE, DiagnosticCode.UNREADABLE_FILE);
        assertThat(d.errors()).extracting(Diagnostic::message).allMatch(m -> m.contains("outside the metadata directory"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aSymlinkToDevZeroIsNeverRead() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        write("version.yaml", "version: 3\n");
        Files.createDirectories(tmp.resolve("databases"));
        assumeTrue(symlink(tmp.resolve("databases/databases.yaml"), Path.of("/dev/zero")));
        assertThat(errorCodes(loader.tryLoad(tmp))).containsExactly(DiagnosticCode.UNREADABLE_FILE);
    }

    @Test
    void symlinksInsideTheRootAreFollowed() throws IOException {
        write("version.yaml", "version: 3\n");
        write("shared/tables.yaml", "- table: {name: a, schema: public}\n");
        write("databases/databases.yaml", "- name: default\n  tables: !include link/tables.yaml\n");
        assumeTrue(symlink(tmp.resolve("databases/link"), Path.of("../shared")));
        assertThat(loader.load(tmp).source("default").orElseThrow().tables()).hasSize(1);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void fifosAndDirectoriesAreNeverOpened() throws Exception {
        write("version.yaml", "version: 3\n");
        Files.createDirectories(tmp.resolve("databases/dir"));
        assumeTrue(fifo(tmp.resolve("databases/pipe.yaml")));
        write("databases/databases.yaml", "- name: default\n  tables: !include pipe.yaml\n  functions: !include dir\n");
        LoadResult r = loader.tryLoad(tmp);
        assertThat(errorCodes(r)).containsExactly(DiagnosticCode.UNREADABLE_FILE, DiagnosticCode.UNREADABLE_FILE);
        assertThat(r.errors()).extracting(Diagnostic::message).allMatch(m -> m.contains("not a regular file"));

        Files.delete(tmp.resolve("databases/databases.yaml"));
        assumeTrue(fifo(tmp.resolve("databases/databases.yaml")));
        assertThat(errorCodes(loader.tryLoad(tmp))).containsExactly(DiagnosticCode.UNREADABLE_FILE);
        // A FIFO given as the metadata file itself.
        assertThat(errorCodes(loader.tryLoad(tmp.resolve("databases/pipe.yaml")))).containsExactly(DiagnosticCode.UNREADABLE_FILE);
    }

    // -------------------------------------------------------------------------- 9. no file-existence oracle

    @Test
    void includesOutsideTheRootAreRefusedAlikeWhetherOrNotTheFileExists() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("exists.yaml"), "[]\n");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("version.yaml"), "version: 3\n");
        Files.createDirectories(root.resolve("databases"));
        boolean links = symlink(root.resolve("databases/out"), outside);
        List<String> messages = new ArrayList<>();
        for (String target : List.of("../../outside/exists.yaml", "../../outside/missing.yaml",
                outside.resolve("exists.yaml").toString(), outside.resolve("missing.yaml").toString(),
                "nodir/../../../outside/exists.yaml", "nodir/../../../outside/missing.yaml",
                "out/exists.yaml", "out/missing.yaml")) {
            if (target.startsWith("out/") && !links) {
                continue;
            }
            Files.writeString(root.resolve("databases/databases.yaml"), "- name: default\n  tables: !include " + target + "\n");
            LoadResult r = loader.tryLoad(root);
            assertThat(errorCodes(r)).as(target).containsExactly(DiagnosticCode.INCLUDE_OUTSIDE_ROOT);
            messages.add(r.errors().get(0).message().replace(target, "T"));
        }
        assertThat(messages).containsOnly(messages.get(0));
    }
}

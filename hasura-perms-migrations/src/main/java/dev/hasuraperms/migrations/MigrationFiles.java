package dev.hasuraperms.migrations;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The up migrations of one database's migrations directory, found and ordered as the Hasura CLI does
 * ({@code cli/migrate/source/file/file.go} {@code Scan}, {@code cli/migrate/source/parse.go} {@code Parse}):
 * <ul>
 *   <li>a directory {@code <version>_<name>} contributes each of its files as {@code <dir>.<file>}
 *       ({@code 1700_init/up.sql} is {@code 1700_init.up.sql}); a plain file (config v1) contributes its own name;</li>
 *   <li>the name must match {@code ^([0-9]+)_(.*)\.(down|up)\.(.*)$}; the version is an unsigned 64-bit number;
 *       names that do not match, or whose version does not fit, are ignored, as are empty files;</li>
 *   <li>{@code up.sql} is an SQL up migration, {@code up.yaml} a metadata one; two SQL up migrations of one version
 *       are refused (the CLI's {@code Migrations.Append}: "found duplicate migrations for version");</li>
 *   <li>versions are applied in numeric order.</li>
 * </ul>
 */
final class MigrationFiles {

    private static final Pattern NAME = Pattern.compile("^([0-9]+)_(.*)\\.(down|up)\\.(.*)$");
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** One up migration: its SQL file, or its metadata ({@code up.yaml}) file, which is not applied. */
    record Migration(BigInteger version, Path file, boolean metadata) {
    }

    private MigrationFiles() {
    }

    /** Whether {@code directory} holds migrations directly (a version directory or a flat migration file). */
    static boolean hasMigrations(Path directory) {
        try (Stream<Path> children = Files.list(directory)) {
            return children.anyMatch(p -> {
                String n = p.getFileName().toString();
                return Files.isDirectory(p) ? n.matches("[0-9]+_.*") : NAME.matcher(n).matches();
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** The up migrations of {@code dir}, in the order they are applied; problems go to {@code diagnostics}. */
    static List<Migration> scan(Path dir, List<Diagnostic> diagnostics) {
        if (!Files.isDirectory(dir)) {
            diagnostics.add(error(DiagnosticCode.UNREADABLE_FILE, dir, "no such migrations directory: " + dir));
            return List.of();
        }
        Map<BigInteger, Migration> sql = new TreeMap<>();
        Map<BigInteger, Migration> yaml = new TreeMap<>();
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.sorted(Comparator.comparing(p -> p.getFileName().toString())).forEach(entries::add);
        } catch (IOException e) {
            diagnostics.add(error(DiagnosticCode.UNREADABLE_FILE, dir, "cannot list " + dir));
            return List.of();
        }
        for (Path entry : entries) {
            String dirName = entry.getFileName().toString();
            if (Files.isDirectory(entry)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> inner = Files.list(entry)) {
                    inner.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    diagnostics.add(error(DiagnosticCode.UNREADABLE_FILE, entry, "cannot list " + entry));
                    continue;
                }
                for (Path f : files) {
                    add(dirName + "." + f.getFileName(), f, sql, yaml, diagnostics);
                }
            } else if (Files.isRegularFile(entry)) {
                add(dirName, entry, sql, yaml, diagnostics);
            }
        }
        List<Migration> out = new ArrayList<>();
        TreeMap<BigInteger, Migration> all = new TreeMap<>(yaml);
        all.putAll(sql);
        out.addAll(all.values());
        return out;
    }

    private static void add(String name, Path file, Map<BigInteger, Migration> sql, Map<BigInteger, Migration> yaml,
                            List<Diagnostic> diagnostics) {
        Matcher m = NAME.matcher(name);
        if (!m.matches() || !m.group(3).equals("up")) {
            return;
        }
        BigInteger version = new BigInteger(m.group(1));
        if (version.compareTo(MAX_UINT64) > 0) {
            return; // strconv.ParseUint fails: the CLI ignores the file
        }
        boolean isSql = m.group(4).equals("sql");
        if (!isSql && !m.group(4).equals("yaml")) {
            return;
        }
        try {
            if (Files.size(file) == 0) {
                return; // source.IsEmptyFile: skipped
            }
        } catch (IOException e) {
            diagnostics.add(error(DiagnosticCode.UNREADABLE_FILE, file, "cannot read " + file));
            return;
        }
        Map<BigInteger, Migration> target = isSql ? sql : yaml;
        Migration previous = target.get(version);
        if (previous != null) {
            diagnostics.add(error(DiagnosticCode.DDL_REJECTED, file, "found duplicate migrations for version "
                    + version + ": " + previous.file() + " and " + file + " (the Hasura CLI refuses the directory)"));
            return;
        }
        target.put(version, new Migration(version, file, !isSql));
    }

    static Diagnostic error(DiagnosticCode code, Path file, String message) {
        return Diagnostic.of(code, Origin.of("$", new SourceLocation(file.toString(), 0, 0)), message);
    }
}

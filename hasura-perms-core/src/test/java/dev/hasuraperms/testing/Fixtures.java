package dev.hasuraperms.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the shared test fixtures in {@code fixtures/} at the root of the project. */
public final class Fixtures {

    private static volatile Path root;

    private Fixtures() {
    }

    /** The project root (the directory that holds {@code fixtures/} and the parent {@code pom.xml}). */
    public static Path projectRoot() {
        Path r = root;
        if (r == null) {
            r = find();
            root = r;
        }
        return r;
    }

    private static Path find() {
        String prop = System.getProperty("hasuraperms.project.root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Paths.get(prop, "fixtures"))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("fixtures")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the project's fixtures/ directory from " + Paths.get("").toAbsolutePath());
    }

    /** A path below {@code fixtures/}. */
    public static Path path(String relative) {
        Path p = projectRoot().resolve("fixtures").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no such fixture: " + p);
        }
        return p;
    }

    /** The text of a fixture file. */
    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

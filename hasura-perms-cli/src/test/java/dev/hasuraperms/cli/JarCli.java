package dev.hasuraperms.cli;

import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code java -jar hasura-perms-cli/target/hasura-perms.jar ...} as a new process with the java of the running
 * JVM, as a user would. The jar exists after {@code mvn package}; the tests that use this run in the
 * {@code integration-test} phase.
 */
final class JarCli {

    private JarCli() {
    }

    static Path jar() {
        Path jar = Fixtures.projectRoot().resolve("hasura-perms-cli/target/hasura-perms.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run 'mvn -pl hasura-perms-cli -am package' first");
        }
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs the jar with {@code args}; waits at most two minutes. */
    static Cli run(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile("hasura-perms-out", ".txt");
            Path err = Files.createTempFile("hasura-perms-err", ".txt");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("the jar did not finish in 2 minutes: " + command);
                }
                return new Cli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

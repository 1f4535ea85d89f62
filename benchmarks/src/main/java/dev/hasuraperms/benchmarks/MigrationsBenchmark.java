package dev.hasuraperms.benchmarks;

import dev.hasuraperms.migrations.MigrationSchemaReader;
import dev.hasuraperms.schema.DatabaseSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the schema of a 200-migration Hasura project with {@link MigrationSchemaReader} (applied to the embedded
 * PostgreSQL, read from its catalog). {@code cold}: the first read of a fresh JVM, the server's start included (one
 * shot per fork). {@code warm}: later reads, the server reused. {@code interpreter}: the fallback, the jOOQ DDL
 * interpreter, for comparison (it reads less: no views, no DO blocks).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MigrationsBenchmark {

    private Path dir;

    @Setup(Level.Trial)
    public void writeMigrations() throws IOException {
        dir = Files.createTempDirectory("hp-migrations-bench");
        write200(dir);
    }

    @TearDown(Level.Trial)
    public void deleteMigrations() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** 200 migrations: 50 tables with foreign keys, added columns, indexes, 50 views, functions, DO blocks, enums. */
    static void write200(Path migrations) throws IOException {
        for (int i = 1; i <= 200; i++) {
            StringBuilder sql = new StringBuilder();
            int t = (i + 3) / 4;
            switch (i % 4) {
                case 1 -> sql.append("CREATE TABLE t").append(t).append(" (id serial PRIMARY KEY, name text NOT NULL, ")
                        .append(t > 1 ? "parent_id integer REFERENCES t" + (t - 1) + " (id), " : "")
                        .append("created_at timestamptz NOT NULL DEFAULT now());\n");
                case 2 -> sql.append("ALTER TABLE t").append(t).append(" ADD COLUMN note text;\nCREATE INDEX t").append(t)
                        .append("_name_idx ON t").append(t).append(" (name);\n");
                case 3 -> sql.append("CREATE VIEW v").append(t).append(" AS SELECT id, name FROM t").append(t)
                        .append(" WHERE note IS NOT NULL;\nCREATE FUNCTION t").append(t).append("_label(r t").append(t)
                        .append(") RETURNS text LANGUAGE sql STABLE AS $$ SELECT r.name || '!' $$;\n");
                default -> sql.append("DO $$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'e").append(t)
                        .append("') THEN CREATE TYPE e").append(t).append(" AS ENUM ('a', 'b'); END IF;\nEND $$;\n")
                        .append("ALTER TABLE t").append(t).append(" ADD COLUMN kind e").append(t).append(";\n");
            }
            Path up = migrations.resolve((1700000000000L + i) + "_m" + i).resolve("up.sql");
            Files.createDirectories(up.getParent());
            Files.writeString(up, sql);
        }
    }

    private DatabaseSchema read() {
        MigrationSchemaReader.Result r = MigrationSchemaReader.readMigrations(dir);
        if (r.hasErrors() || r.schema().tables().size() != 100) {
            throw new IllegalStateException("unexpected result: " + r.diagnostics());
        }
        return r.schema();
    }

    /** The first read of the process: the embedded server's start included. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(5)
    public DatabaseSchema cold() {
        return read();
    }

    /** A read with the server already running. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    @Fork(1)
    public DatabaseSchema warm() {
        return read();
    }

    /** The fallback: the DDL interpreter (hasuraperms.embeddedPostgres=off). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    @Fork(value = 1, jvmArgsAppend = "-Dhasuraperms.embeddedPostgres=off")
    public DatabaseSchema interpreter() {
        MigrationSchemaReader.Result r = MigrationSchemaReader.readMigrations(dir);
        if (r.method() != MigrationSchemaReader.Method.INTERPRETER) {
            throw new UncheckedIOException(new IOException("the interpreter was not used"));
        }
        return r.schema();
    }
}

package dev.hasuraperms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figure of {@code docs/performance.md}: building the schema of a 200-migration project, cold (the first read of
 * the process, the server's start included) and warm (the server reused). Prints the times; asserts only the result.
 * Run alone, so that the first read really is the first of the JVM:
 * {@code mvn -pl hasura-perms-migrations -am test -Dtest=MigrationTimingTest -Dhasuraperms.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "hasuraperms.measure", matches = "true")
class MigrationTimingTest {

    @TempDir
    Path dir;

    /** 200 migrations: tables with foreign keys, added columns, indexes, views, DO blocks, enums, functions. */
    static void write200(Path migrations) throws IOException {
        for (int i = 1; i <= 200; i++) {
            long version = 1700000000000L + i;
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
            Path up = migrations.resolve(version + "_m" + i).resolve("up.sql");
            Files.createDirectories(up.getParent());
            Files.writeString(up, sql);
        }
    }

    @Test
    void coldAndWarm() throws IOException {
        write200(dir);
        long t0 = System.nanoTime();
        MigrationSchemaReader.Result cold = MigrationSchemaReader.readMigrations(dir);
        long t1 = System.nanoTime();
        assertThat(cold.diagnostics()).isEmpty();
        assertThat(cold.schema().tables()).hasSize(100);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long s = System.nanoTime();
            MigrationSchemaReader.Result warm = MigrationSchemaReader.readMigrations(dir);
            best = Math.min(best, System.nanoTime() - s);
            assertThat(warm.schema()).isEqualTo(cold.schema());
        }
        System.out.printf("200 migrations: cold %d ms (server start included), warm best of 5 %d ms%n",
                (t1 - t0) / 1_000_000, best / 1_000_000);
    }
}

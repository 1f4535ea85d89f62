package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --migrations}: the migrations applied to an embedded PostgreSQL, as the Hasura CLI applies them. */
class CheckMigrationsTest {

    @ParameterizedTest
    @ValueSource(strings = {"views-on-views", "do-blocks", "v1-flat-files", "inherits-like", "hasura-dump-init"})
    void projectsWithViewsDoBlocksAndFlatFilesCheckClean(String set) {
        Path dir = Fixtures.path("migrations-corpus/" + set);
        Cli r = Cli.run("check", "--metadata", dir.resolve("metadata.yaml").toString(),
                "--migrations", dir.resolve("migrations").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("ok: the metadata type-checks").doesNotContain("warning");
    }

    @Test
    void severalDatabasesTheSourceNamesItsDirectory(@TempDir Path tmp) throws IOException {
        Path def = tmp.resolve("migrations/default/1_init/up.sql");
        Path analytics = tmp.resolve("migrations/analytics/1_init.up.sql");
        Files.createDirectories(def.getParent());
        Files.createDirectories(analytics.getParent());
        Files.writeString(def, "CREATE TABLE users (id int PRIMARY KEY);\n");
        Files.writeString(analytics, "CREATE TABLE page_views (id int PRIMARY KEY, user_id int NOT NULL);\n");
        Path metadata = tmp.resolve("metadata.yaml");
        Files.writeString(metadata, """
                version: 3
                sources:
                  - name: default
                    kind: postgres
                    tables:
                      - table: users
                  - name: analytics
                    kind: postgres
                    tables:
                      - table: page_views
                        select_permissions:
                          - role: user
                            permission: {columns: [id], filter: {user_id: {_eq: X-Hasura-User-Id}}}
                """);
        String migrations = tmp.resolve("migrations").toString();
        Cli analyticsCheck = Cli.run("check", "--metadata", metadata.toString(), "--migrations", migrations,
                "--source", "analytics");
        assertThat(analyticsCheck.code()).as(analyticsCheck.toString()).isZero();
        Cli defaultCheck = Cli.run("check", "--metadata", metadata.toString(), "--migrations", migrations);
        assertThat(defaultCheck.code()).as(defaultCheck.toString()).isZero();
        Cli wrong = Cli.run("check", "--metadata", metadata.toString(), "--migrations", tmp.resolve("migrations/default")
                .toString(), "--source", "analytics");
        assertThat(wrong.code()).as(wrong.toString()).isEqualTo(1);
        assertThat(wrong.out()).contains("[UNKNOWN_TABLE]");
    }

    @Test
    void aMigrationPostgresRejectsIsAnErrorAtItsLine(@TempDir Path tmp) throws IOException {
        Path up = tmp.resolve("migrations/default/1_init/up.sql");
        Files.createDirectories(up.getParent());
        Files.writeString(up, "CREATE TABLE users (id int PRIMARY KEY);\nCREATE VIEW v AS SELECT nope FROM users;\n");
        Path metadata = tmp.resolve("metadata.yaml");
        Files.writeString(metadata, """
                version: 3
                sources:
                  - name: default
                    kind: postgres
                    tables:
                      - table: users
                """);
        Cli r = Cli.run("check", "--metadata", metadata.toString(), "--migrations", tmp.resolve("migrations").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("1_init/up.sql:2:25: error: [DDL_REJECTED]").contains("column \"nope\" does not exist");
    }
}

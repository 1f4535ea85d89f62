package dev.hasuraperms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** check, explain and matrix, in-process, with the schema from DDL files (no database needed). */
class CheckExplainMatrixTest {

    private static final String METADATA = Fixtures.path("hasura-events/metadata").toString();
    private static final String DDL = Fixtures.path("hasura-events/sql/schema.sql").toString();

    @Test
    void checkPrintsOkForTheSeedAndExitsZero() {
        Cli r = Cli.run("check", "--metadata", METADATA, "--ddl", DDL);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("ok: the metadata type-checks");
    }

    @Test
    void checkPrintsEveryDiagnosticAndExitsOneForInvalidMetadata() {
        String broken = Fixtures.path("check/unknown-column/metadata.yaml").toString();
        Cli r = Cli.run("check", "--metadata", broken, "--ddl", Fixtures.path("check/schema.sql").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("[UNKNOWN_COLUMN]").contains("error(s)");
        Cli json = Cli.run("check", "--metadata", broken, "--ddl", Fixtures.path("check/schema.sql").toString(),
                "--format", "json");
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.out()).contains("\"ok\": false").contains("\"code\": \"UNKNOWN_COLUMN\"");
    }

    @Test
    void explainPrintsTheSqlTheBindsAndTheSessionVariablesNeeded() {
        Cli r = Cli.run("explain", "--metadata", METADATA, "--ddl", DDL, "--role", "user", "--table", "events",
                "--op", "select", "--session", "X-Hasura-User-Id=2");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("filter: (\"public\".\"events\".\"user_id\" = ?::int4)")
                .contains("filter binds: 2::int4").contains("session variables: x-hasura-user-id (integer)")
                .contains("limit: 10");
        Cli jooq = Cli.run("explain", "--metadata", METADATA, "--ddl", DDL, "--role", "user", "--table", "events",
                "--op", "insert", "--session", "X-Hasura-User-Id=2", "--engine", "jooq");
        assertThat(jooq.code()).as(jooq.toString()).isZero();
        assertThat(jooq.out()).contains("preset user_id = x-hasura-user-id").contains("check: TRUE");
    }

    @Test
    void refusalsExitThreeWithOneLineOnStandardError() {
        Cli noPermission = Cli.run("explain", "--metadata", METADATA, "--ddl", DDL, "--role", "user", "--table",
                "events", "--op", "delete");
        assertThat(noPermission.code()).as(noPermission.toString()).isEqualTo(3);
        assertThat(noPermission.err()).isEqualTo("NO_PERMISSION: role user has no delete permission on public.events\n");
        Cli missing = Cli.run("explain", "--metadata", METADATA, "--ddl", DDL, "--role", "user", "--table", "events",
                "--op", "select");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).startsWith("MISSING_SESSION_VARIABLE: ").doesNotContain("\tat ");
        Cli unknownTable = Cli.run("explain", "--metadata", METADATA, "--ddl", DDL, "--role", "user", "--table",
                "nope", "--op", "select");
        assertThat(unknownTable.code()).isEqualTo(3);
        assertThat(unknownTable.err()).startsWith("NO_PERMISSION: ");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.run("explain", "--metadata", METADATA, "--ddl", DDL, "--role", "user", "--table", "events",
                "--op", "upsert").code()).isEqualTo(2);
        assertThat(Cli.run("matrix", "--metadata", METADATA).code()).isEqualTo(2);
        assertThat(Cli.run("frobnicate").code()).isEqualTo(2);
        assertThat(Cli.run("--version").out()).startsWith("hasura-perms");
    }

    @Test
    void matrixPrintsTextJsonAndMarkdown() {
        Cli text = Cli.run("matrix", "--metadata", METADATA, "--ddl", DDL);
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).isEqualTo(Fixtures.read("matrix/hasura-events.txt"));
        assertThat(Cli.run("matrix", "--metadata", METADATA, "--ddl", DDL, "--format", "markdown").out())
                .isEqualTo(Fixtures.read("matrix/hasura-events.md"));
        assertThat(Cli.run("matrix", "--metadata", METADATA, "--ddl", DDL, "--format", "json").out())
                .isEqualTo(Fixtures.read("matrix/hasura-events.json"));
    }
}

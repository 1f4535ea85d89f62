package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.types.PgType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Splitting scripts, what is interpreted, skipped or reported, and how ALTER TABLE is followed. */
class DdlSchemaReaderStatementsTest {

    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType TEXT = PgType.builtin("text");

    private static Table table(DdlSchemaReader.Result r, String name) {
        return r.schema().table(QualifiedName.parse(name)).orElseThrow(() -> new AssertionError("no table " + name));
    }

    // ------------------------------------------------------------------------------------------ not interpreted

    @Test
    void triggersViewsAndUnknownStatementsAreReportedWithFileAndLineAndTheRestIsRead() {
        Path file = Fixtures.path("ddl-not-interpreted/schema.sql");
        DdlSchemaReader.Result result = DdlSchemaReader.readFiles(List.of(file));

        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsOnly(DiagnosticCode.DDL_NOT_INTERPRETED);
        assertThat(result.diagnostics()).extracting(Diagnostic::severity).containsOnly(Severity.WARNING);
        assertThat(result.diagnostics()).extracting(d -> d.location().file()).containsOnly(file.toString());
        assertThat(result.diagnostics()).extracting(d -> d.location().line() + ":" + d.location().column())
                .containsExactly("19:1", "23:3", "25:1");
        assertThat(result.diagnostics().get(0).message())
                .isEqualTo("CREATE TRIGGER is not interpreted; the schema model does not include it");
        assertThat(result.diagnostics().get(1).message()).startsWith("FROBNICATE is not interpreted");
        assertThat(result.diagnostics().get(2).message()).startsWith("CREATE VIEW public.recent_posts is not interpreted");
        assertThat(result.diagnostics().get(0).render()).isEqualTo(file + ":19:1: warning: [DDL_NOT_INTERPRETED] "
                + "CREATE TRIGGER is not interpreted; the schema model does not include it (at $)");

        // Everything else is there: both tables, and the PL/pgSQL function (its signature is all the model needs).
        assertThat(result.schema().tables()).extracting(Table::name)
                .containsExactly(QualifiedName.of("comments"), QualifiedName.of("posts"));
        Table comments = table(result, "comments");
        assertThat(comments.foreignKeys()).containsExactly(new ForeignKey("comments_post_id_fkey", comments.name(),
                List.of("post_id"), QualifiedName.of("posts"), List.of("id")));
        assertThat(result.schema().functions(QualifiedName.of("set_updated_at"))).singleElement()
                .satisfies(f -> assertThat(f.returnType()).isEqualTo(PgType.builtin("trigger")));
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.orThrow()).isEqualTo(result.schema());
        assertThat(result.warnings()).hasSize(3);
    }

    @Test
    void statementsThatCannotChangeTheModelAreSkippedSilently() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                BEGIN;
                SET statement_timeout = 0;
                SET client_min_messages = warning;
                SELECT pg_catalog.set_config('search_path', '', false);
                CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
                CREATE TABLE public.t (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int);
                CREATE INDEX t_n_idx ON public.t USING btree (n);
                CREATE INDEX ON public.t (lower(n::text));
                CREATE UNIQUE INDEX t_n_key_idx ON public.t (n) WHERE n > 0;
                INSERT INTO public.t (n) VALUES (1), (2);
                UPDATE public.t SET n = 3 WHERE n = 2;
                DELETE FROM public.t WHERE n = 3;
                WITH x AS (SELECT 1) SELECT * FROM x;
                TRUNCATE public.t;
                COMMENT ON TABLE public.t IS 'a table';
                COMMENT ON COLUMN public.t.n IS 'a number';
                GRANT SELECT ON public.t TO PUBLIC;
                REVOKE ALL ON public.t FROM PUBLIC;
                ALTER TABLE public.t OWNER TO postgres;
                ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;
                CREATE POLICY p ON public.t USING (true);
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;
                CREATE ROLE reader;
                ANALYZE public.t;
                VACUUM public.t;
                COMMIT;
                """);

        assertThat(r.diagnostics()).isEmpty();
        Table t = table(r, "t");
        assertThat(t.columns()).containsExactly(
                Column.of("id", PgType.builtin("uuid"), false, true),
                Column.of("n", INT4, true, false));
        // A unique index is not a UNIQUE constraint (the catalog reader reads pg_constraint).
        assertThat(t.uniqueConstraints()).isEmpty();
    }

    @Test
    void statementsJooqCannotApplyAreReportedWithItsReason() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE TABLE a (id int PRIMARY KEY);
                ALTER TABLE missing ADD COLUMN x int;
                DROP TABLE a2;
                CREATE TABLE b (id int REFERENCES a, x int);
                ALTER TABLE b SET SCHEMA other;
                CREATE TABLE c (LIKE a);
                CREATE TABLE d AS SELECT 1 AS x;
                DO $$ BEGIN PERFORM 1; END $$;
                """, "inline.sql");

        assertThat(r.diagnostics()).extracting(d -> d.location().line() + " " + d.message()).containsExactly(
                "2 ALTER TABLE public.missing could not be interpreted: Table does not exist: \"public\".\"missing\";"
                        + " the schema model does not include it",
                "3 DROP TABLE public.a2 could not be interpreted: Table does not exist: \"public\".\"a2\";"
                        + " the schema model does not include it",
                "5 ALTER TABLE public.b SET SCHEMA is not interpreted; the schema model does not include it",
                "6 CREATE TABLE public.c (LIKE ...) is not interpreted; the schema model does not include it",
                "7 CREATE TABLE public.d AS is not interpreted; the schema model does not include it",
                "8 DO is not interpreted; the schema model does not include it");
        assertThat(r.diagnostics()).extracting(d -> d.location().file()).containsOnly("inline.sql");
        assertThat(r.schema().tables()).extracting(Table::name)
                .containsExactly(QualifiedName.of("a"), QualifiedName.of("b"));
    }

    @Test
    void aStatementThatFailsIsRolledBackWholeAndWhatDependsOnItFailsToo() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE TABLE a (id int PRIMARY KEY);
                ALTER TABLE a ADD COLUMN x int, ADD CONSTRAINT a_y_fkey FOREIGN KEY (y) REFERENCES a;
                ALTER TABLE a ADD COLUMN z int;
                CREATE TABLE b (a_x int REFERENCES a (x));
                """);

        assertThat(r.diagnostics()).extracting(d -> d.location().line()).containsExactly(2, 4);
        assertThat(table(r, "a").columns()).extracting(Column::name).containsExactly("id", "z");
    }

    @Test
    void errorsMakeOrThrowThrowWarningsDoNot() {
        DdlSchemaReader.Result unterminated = DdlSchemaReader.read("CREATE TABLE a (id int);\nCREATE TABLE b (x text DEFAULT 'oops);\n");
        assertThat(unterminated.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.SYNTAX_ERROR);
            assertThat(d.location().line()).isEqualTo(2);
            assertThat(d.location().column()).isEqualTo(32);
        });
        assertThat(unterminated.schema().tables()).extracting(Table::name).containsExactly(QualifiedName.of("a"));
        assertThatThrownBy(unterminated::orThrow).isInstanceOf(DiagnosticException.class)
                .satisfies(e -> assertThat(((DiagnosticException) e).diagnostics()).hasSize(1));

        DdlSchemaReader.Result missing = DdlSchemaReader.readFiles(List.of(Path.of("does/not/exist.sql")));
        assertThat(missing.diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.UNREADABLE_FILE));
        assertThatThrownBy(missing::orThrow).isInstanceOf(DiagnosticException.class);
    }

    // --------------------------------------------------------------------------------------------------- splitting

    @Test
    void scriptsAreSplitRespectingQuotesDollarQuotingAndComments() {
        String script = """
                -- a comment; with a semicolon
                /* a block comment; /* nested; */ still a comment; */
                CREATE TABLE "semi;colon" ("a;b" text DEFAULT 'x;y', c text DEFAULT E'it\\'s;');
                SELECT $$ ; $$, $tag$ ; $$ ; $tag$;   CREATE TABLE two (x int)
                ;CREATE FUNCTION f() RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT 1;
                  SELECT CASE WHEN true THEN 1 END;
                END;
                \\connect somewhere
                COPY two (x) FROM stdin;
                1
                2;
                \\.
                CREATE TABLE three (x int)""";
        Diagnostics d = new Diagnostics();
        List<SqlStatement> statements = SqlScripts.split(script, "s.sql", d);

        assertThat(d.all()).isEmpty();
        assertThat(statements).extracting(SqlStatement::text).containsExactly(
                "CREATE TABLE \"semi;colon\" (\"a;b\" text DEFAULT 'x;y', c text DEFAULT E'it\\'s;')",
                "SELECT $$ ; $$, $tag$ ; $$ ; $tag$",
                "CREATE TABLE two (x int)\n",
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE WHEN true THEN 1 END;\nEND",
                "COPY two (x) FROM stdin",
                "CREATE TABLE three (x int)");
        assertThat(statements).extracting(s -> s.line() + ":" + s.column())
                .containsExactly("3:1", "4:1", "4:39", "5:2", "11:1", "15:1");

        DdlSchemaReader.Result r = DdlSchemaReader.read(script);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.schema().tables()).extracting(Table::name).containsExactly(
                QualifiedName.of("semi;colon"), QualifiedName.of("three"), QualifiedName.of("two"));
        assertThat(table(r, "\"semi;colon\"").columns()).extracting(Column::name).containsExactly("a;b", "c");
    }

    @Test
    void psqlIncludesAreReportedOtherMetaCommandsSkipped() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                \\set ON_ERROR_STOP on
                CREATE TABLE a (id int);
                \\i other.sql
                DO $$ BEGIN END $$;
                (SELECT 1);
                """);

        assertThat(r.diagnostics()).extracting(d -> d.location().line() + " " + d.message()).containsExactly(
                "3 psql \\i is not interpreted; the schema model does not include what the included file defines",
                "4 DO is not interpreted; the schema model does not include it");
        assertThat(r.schema().tables()).extracting(Table::name).containsExactly(QualifiedName.of("a"));
    }

    @Test
    void unterminatedDollarQuotesAndCommentsAreSyntaxErrors() {
        for (String script : List.of("SELECT $x$ never closed", "/* never closed", "SELECT \"never closed")) {
            Diagnostics d = new Diagnostics();
            SqlScripts.split(script, "", d);
            assertThat(d.all()).singleElement().satisfies(x -> {
                assertThat(x.code()).isEqualTo(DiagnosticCode.SYNTAX_ERROR);
                assertThat(x.location().line()).isEqualTo(1);
            });
        }
    }

    // ------------------------------------------------------------------------------------------------- ALTER TABLE

    @Test
    void alterTableIsFollowed() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE TABLE users (id serial PRIMARY KEY, email text);
                CREATE TABLE posts (id int, author int, title text, draft boolean DEFAULT true);
                ALTER TABLE posts ADD PRIMARY KEY (id);
                ALTER TABLE ONLY public.posts ADD CONSTRAINT posts_author_fkey FOREIGN KEY (author)
                    REFERENCES users (id) ON UPDATE RESTRICT ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
                ALTER TABLE posts ALTER COLUMN title SET NOT NULL, ALTER COLUMN title SET DEFAULT 'untitled';
                ALTER TABLE posts ALTER COLUMN title TYPE varchar(120) USING title::varchar(120);
                ALTER TABLE posts ALTER COLUMN draft DROP DEFAULT;
                ALTER TABLE posts RENAME COLUMN title TO headline;
                ALTER TABLE posts RENAME TO articles;
                ALTER TABLE articles RENAME CONSTRAINT posts_author_fkey TO articles_author_fkey;
                ALTER TABLE articles ADD COLUMN slug text GENERATED ALWAYS AS (lower(headline)) STORED,
                    ADD COLUMN n bigint GENERATED BY DEFAULT AS IDENTITY,
                    ADD COLUMN seq serial,
                    ADD COLUMN editor int REFERENCES users,
                    ADD COLUMN code text UNIQUE;
                ALTER TABLE articles ADD COLUMN IF NOT EXISTS code text REFERENCES users (email);
                ALTER TABLE users ADD UNIQUE (email);
                ALTER TABLE articles DROP COLUMN draft;
                ALTER TABLE articles ALTER COLUMN headline DROP NOT NULL;
                ALTER TABLE articles ALTER COLUMN n DROP IDENTITY IF EXISTS;
                """);

        assertThat(r.diagnostics()).isEmpty();
        Table articles = table(r, "articles");
        assertThat(articles.columns()).containsExactly(
                Column.of("id", INT4, false, false),
                Column.of("author", INT4, true, false),
                new Column("headline", PgType.builtin("varchar"), true, true, Optional.of(120)),
                Column.of("slug", TEXT, true, true),
                Column.of("n", PgType.builtin("int8"), false, false),
                Column.of("seq", INT4, false, true),
                Column.of("editor", INT4, true, false),
                Column.of("code", TEXT, true, false));
        assertThat(articles.primaryKey()).contains(new UniqueConstraint("posts_pkey", List.of("id")));
        assertThat(articles.uniqueConstraints()).containsExactly(new UniqueConstraint("articles_code_key", List.of("code")));
        assertThat(articles.foreignKeys()).extracting(ForeignKey::name)
                .containsExactly("articles_author_fkey", "articles_editor_fkey");
        assertThat(table(r, "users").uniqueConstraints())
                .containsExactly(new UniqueConstraint("users_email_key", List.of("email")));
    }

    @Test
    void foreignKeysMayReferenceAUniqueIndexWhichIsNotAUniqueConstraint() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE TABLE a (id int PRIMARY KEY, code text NOT NULL, other text);
                CREATE UNIQUE INDEX a_code_uidx ON a (code);
                CREATE UNIQUE INDEX a_other_partial ON a (other) WHERE other IS NOT NULL;
                CREATE TABLE b (a_code text REFERENCES a (code));
                CREATE TABLE c (a_other text REFERENCES a (other));
                ALTER INDEX a_code_uidx RENAME TO a_code_uidx2;
                CREATE TABLE d (a_code text REFERENCES a (code));
                CREATE UNIQUE INDEX a_other_uidx ON a (other);
                ALTER TABLE a ADD CONSTRAINT a_other_key UNIQUE USING INDEX a_other_uidx;
                """);

        // A partial unique index cannot be referenced (nor can it in PostgreSQL).
        assertThat(r.diagnostics()).singleElement().satisfies(d -> assertThat(d.location().line()).isEqualTo(5));
        assertThat(table(r, "a").uniqueConstraints()).containsExactly(new UniqueConstraint("a_other_key", List.of("other")));
        assertThat(table(r, "b").foreignKeys()).extracting(ForeignKey::referencedColumns).containsExactly(List.of("code"));
        assertThat(table(r, "d").foreignKeys()).extracting(ForeignKey::name).containsExactly("d_a_code_fkey");

        DdlSchemaReader.Result dropped = DdlSchemaReader.read("""
                CREATE TABLE a (code text NOT NULL);
                CREATE UNIQUE INDEX a_code_uidx ON a (code);
                CREATE TABLE b (a_code text REFERENCES a (code));
                DROP INDEX a_code_uidx CASCADE;
                """);
        assertThat(dropped.diagnostics()).isEmpty();
        assertThat(table(dropped, "b").foreignKeys()).isEmpty();
    }

    @Test
    void dropTableAndDropSchemaCascade() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE SCHEMA app;
                CREATE TABLE app.parent (id int PRIMARY KEY);
                CREATE TABLE public.child (id int PRIMARY KEY, parent_id int REFERENCES app.parent);
                CREATE TYPE app.kind AS ENUM ('a');
                CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'select 1';
                DROP SCHEMA app CASCADE;
                CREATE SCHEMA app;
                CREATE TABLE app.parent (id bigint PRIMARY KEY);
                CREATE TABLE tmp (x int);
                DROP TABLE IF EXISTS tmp, nothing CASCADE;
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.schema().tables()).extracting(Table::name)
                .containsExactly(QualifiedName.of("app", "parent"), QualifiedName.of("child"));
        assertThat(table(r, "child").foreignKeys()).isEmpty();
        assertThat(table(r, "app.parent").column("id")).contains(Column.of("id", PgType.builtin("int8"), false, false));
        assertThat(r.schema().functions()).isEmpty();
    }

    @Test
    void namesFollowCaseFoldingQuotingTruncationAndTheSearchPath() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE SCHEMA "Sales";
                SET search_path TO "Sales", public;
                CREATE TABLE Orders ("orderId" SERIAL PRIMARY KEY, Total NUMERIC(10, 2));
                CREATE TABLE "Sales"."Order.Archive" (id int REFERENCES orders);
                RESET search_path;
                CREATE TABLE abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij (x int);
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.schema().tables()).extracting(Table::name).containsExactly(
                QualifiedName.of("Sales", "Order.Archive"),
                QualifiedName.of("Sales", "orders"),
                QualifiedName.of("public", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc"));
        assertThat(table(r, "Sales.orders").columns()).extracting(Column::name).containsExactly("orderId", "total");
        assertThat(table(r, "\"Sales\".\"Order.Archive\"").foreignKeys()).singleElement()
                .satisfies(fk -> {
                    assertThat(fk.name()).isEqualTo("Order.Archive_id_fkey");
                    assertThat(fk.referencedTable()).isEqualTo(QualifiedName.of("Sales", "orders"));
                });
    }

    @Test
    void hiddenSchemasAreLeftOutLikeTheCatalogReaderDoes() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE SCHEMA hdb_catalog;
                CREATE TABLE hdb_catalog.hdb_version (id int);
                CREATE TABLE public.t (id int);
                """);

        assertThat(r.schema().tables()).extracting(Table::name).containsExactly(QualifiedName.of("t"));
    }
}

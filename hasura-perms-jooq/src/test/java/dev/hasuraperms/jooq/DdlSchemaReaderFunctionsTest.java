package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.schema.SqlFunction.Argument;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Function signatures, read from CREATE FUNCTION (bodies are ignored; jOOQ's open-source parser rejects them). */
class DdlSchemaReaderFunctionsTest {

    private static final PgType TEXT = PgType.builtin("text");
    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType JSON = PgType.builtin("json");
    private static final PgType RECORD = PgType.builtin("record");
    private static final PgType.Composite AUTHOR = new PgType.Composite(QualifiedName.of("author"));
    private static final PgType.Composite ARTICLE = new PgType.Composite(QualifiedName.of("article"));

    private static final String TABLES = """
            CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL);
            CREATE TABLE article (id serial PRIMARY KEY, author_id int REFERENCES author, title text);
            """;

    private static SqlFunction only(DdlSchemaReader.Result r, String name) {
        List<SqlFunction> fs = r.schema().functions(QualifiedName.parse(name));
        assertThat(fs).as("overloads of %s", name).hasSize(1);
        return fs.get(0);
    }

    private static Argument arg(String name, PgType type) {
        return new Argument(Optional.of(name), type, false);
    }

    @Test
    void computedFieldSignatures() {
        DdlSchemaReader.Result r = DdlSchemaReader.read(TABLES + """
                CREATE FUNCTION author_full_name(author_row author) RETURNS text
                    LANGUAGE sql STABLE AS $$ SELECT author_row.name $$;
                CREATE OR REPLACE FUNCTION public.author_visible(author_row public.author, hasura_session json)
                RETURNS boolean LANGUAGE plpgsql STABLE AS $function$
                BEGIN
                    RETURN hasura_session ->> 'x-hasura-role' = 'admin';
                END;
                $function$;
                CREATE FUNCTION author_articles(a author) RETURNS SETOF article
                    LANGUAGE sql STABLE AS 'SELECT * FROM article WHERE author_id = a.id';
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(only(r, "author_full_name"))
                .isEqualTo(new SqlFunction(QualifiedName.of("author_full_name"), List.of(arg("author_row", AUTHOR)),
                        TEXT, false, SqlFunction.Volatility.STABLE));
        assertThat(only(r, "author_visible"))
                .isEqualTo(new SqlFunction(QualifiedName.of("author_visible"),
                        List.of(arg("author_row", AUTHOR), arg("hasura_session", JSON)), PgType.builtin("bool"),
                        false, SqlFunction.Volatility.STABLE));
        assertThat(only(r, "author_articles"))
                .isEqualTo(new SqlFunction(QualifiedName.of("author_articles"), List.of(arg("a", AUTHOR)), ARTICLE,
                        true, SqlFunction.Volatility.STABLE));
    }

    @Test
    void argumentModesNamesAndDefaults() {
        DdlSchemaReader.Result r = DdlSchemaReader.read(TABLES + """
                CREATE FUNCTION search_articles(search text, max_results integer DEFAULT 10, include_drafts boolean = false)
                    RETURNS SETOF article LANGUAGE sql STABLE AS $$ SELECT * FROM article LIMIT max_results $$;
                CREATE FUNCTION split(a author, OUT first text, OUT last text) LANGUAGE sql AS $$ SELECT 'a', 'b' $$;
                CREATE FUNCTION one_out(IN a author, OUT n integer) LANGUAGE sql AS $$ SELECT 1 $$;
                CREATE FUNCTION bump(INOUT counter integer, step integer DEFAULT 1) LANGUAGE sql AS $$ SELECT 1 $$;
                CREATE FUNCTION sum_all(VARIADIC numbers integer[]) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
                CREATE FUNCTION unnamed(text, double precision, timestamp with time zone, character varying(10))
                    RETURNS text LANGUAGE sql AS $$ SELECT $1 $$;
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(only(r, "search_articles").arguments()).containsExactly(
                arg("search", TEXT),
                new Argument(Optional.of("max_results"), INT4, true),
                new Argument(Optional.of("include_drafts"), PgType.builtin("bool"), true));
        assertThat(only(r, "search_articles").returnType()).isEqualTo(ARTICLE);
        assertThat(only(r, "search_articles").returnsSet()).isTrue();
        // OUT arguments are not inputs; several make a record, one its own type.
        assertThat(only(r, "split")).isEqualTo(new SqlFunction(QualifiedName.of("split"), List.of(arg("a", AUTHOR)),
                RECORD, false));
        assertThat(only(r, "one_out")).isEqualTo(new SqlFunction(QualifiedName.of("one_out"), List.of(arg("a", AUTHOR)),
                INT4, false));
        assertThat(only(r, "bump")).isEqualTo(new SqlFunction(QualifiedName.of("bump"),
                List.of(arg("counter", INT4), new Argument(Optional.of("step"), INT4, true)), INT4, false));
        assertThat(only(r, "sum_all").arguments()).containsExactly(arg("numbers", new PgType.Array(INT4)));
        assertThat(only(r, "unnamed").arguments()).containsExactly(
                new Argument(Optional.empty(), TEXT, false),
                new Argument(Optional.empty(), PgType.builtin("float8"), false),
                new Argument(Optional.empty(), PgType.builtin("timestamptz"), false),
                new Argument(Optional.empty(), PgType.builtin("varchar"), false));
    }

    @Test
    void returnsTable() {
        DdlSchemaReader.Result r = DdlSchemaReader.read(TABLES + """
                CREATE FUNCTION author_stats() RETURNS TABLE (author_id integer, articles bigint)
                    LANGUAGE sql STABLE AS $$ SELECT author_id, count(*) FROM article GROUP BY 1 $$;
                CREATE FUNCTION author_ids() RETURNS TABLE (id integer) LANGUAGE sql AS $$ SELECT id FROM author $$;
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(only(r, "author_stats")).isEqualTo(new SqlFunction(QualifiedName.of("author_stats"), List.of(),
                RECORD, true, SqlFunction.Volatility.STABLE));
        assertThat(only(r, "author_ids")).isEqualTo(new SqlFunction(QualifiedName.of("author_ids"), List.of(), INT4,
                true));
    }

    @Test
    void volatilityIsReadFromCreateAndAlterAndVolatileByDefault() {
        DdlSchemaReader.Result r = DdlSchemaReader.read(TABLES + """
                CREATE FUNCTION f_default(a author) RETURNS int LANGUAGE sql AS 'select 1';
                CREATE FUNCTION f_immutable(a author) RETURNS int IMMUTABLE LANGUAGE sql AS 'select 1';
                CREATE FUNCTION f_stable(a author) RETURNS SETOF article LANGUAGE sql STABLE
                    AS $$ SELECT * FROM article WHERE title = 'immutable' $$;
                CREATE FUNCTION f_altered(a author) RETURNS int LANGUAGE sql STABLE AS 'select 1';
                ALTER FUNCTION f_altered(author) VOLATILE;
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(only(r, "f_default").volatility()).isEqualTo(SqlFunction.Volatility.VOLATILE);
        assertThat(only(r, "f_immutable").volatility()).isEqualTo(SqlFunction.Volatility.IMMUTABLE);
        assertThat(only(r, "f_stable").volatility()).as("a word in the body is not a keyword")
                .isEqualTo(SqlFunction.Volatility.STABLE);
        assertThat(only(r, "f_altered").volatility()).isEqualTo(SqlFunction.Volatility.VOLATILE);
    }

    @Test
    void overloadsReplacementDropAndRename() {
        DdlSchemaReader.Result r = DdlSchemaReader.read(TABLES + """
                CREATE FUNCTION describe(v integer) RETURNS text LANGUAGE sql AS $$ SELECT 'int' $$;
                CREATE FUNCTION describe(v text) RETURNS text LANGUAGE sql AS $$ SELECT 'text' $$;
                CREATE OR REPLACE FUNCTION describe(v text) RETURNS text LANGUAGE sql AS $$ SELECT 'text!' $$;
                CREATE FUNCTION gone(a author) RETURNS int LANGUAGE sql AS 'select 1';
                DROP FUNCTION IF EXISTS gone(author), never_there(int);
                CREATE FUNCTION old_name(a author) RETURNS int LANGUAGE sql AS 'select 1';
                ALTER FUNCTION old_name(author) RENAME TO new_name;
                CREATE SCHEMA api;
                CREATE FUNCTION "api"."mixedCase"(a article) RETURNS article LANGUAGE sql AS 'select a';
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.schema().functions()).extracting(f -> f.name().toString())
                .containsExactly("api.mixedCase", "public.describe", "public.describe", "public.new_name");
        assertThat(r.schema().functions(QualifiedName.of("describe"))).extracting(f -> f.arguments().get(0).type())
                .containsExactlyInAnyOrder(INT4, TEXT);
        assertThat(r.schema().functions(QualifiedName.of("api", "mixedCase")).get(0).returnType()).isEqualTo(ARTICLE);
    }

    @Test
    void typeReferencesAndPseudoTypes() {
        DdlSchemaReader.Result r = DdlSchemaReader.read(TABLES + """
                CREATE FUNCTION by_id(i article.id%TYPE, t public.author.name%TYPE) RETURNS article%ROWTYPE
                    LANGUAGE sql AS 'select * from article where id = i';
                CREATE FUNCTION any_args(VARIADIC "any") RETURNS int LANGUAGE sql AS 'select 1';
                CREATE FUNCTION first_of(anyarray) RETURNS anyelement LANGUAGE sql AS 'select $1[1]';
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(only(r, "by_id")).isEqualTo(new SqlFunction(QualifiedName.of("by_id"),
                List.of(arg("i", INT4), arg("t", TEXT)), ARTICLE, false));
        assertThat(only(r, "any_args").arguments())
                .containsExactly(new Argument(Optional.empty(), PgType.builtin("any"), false));
        assertThat(only(r, "first_of").returnType()).isEqualTo(PgType.builtin("anyelement"));
    }

    @Test
    void proceduresAndAggregatesAreNotFunctions() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE PROCEDURE do_nothing() LANGUAGE sql AS $$ SELECT 1 $$;
                CREATE AGGREGATE sum_ints(integer) (SFUNC = int4pl, STYPE = integer);
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.schema().functions()).isEmpty();
    }
}

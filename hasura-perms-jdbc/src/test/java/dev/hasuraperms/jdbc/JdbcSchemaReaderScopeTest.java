package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgType;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What is read and what is not, schema restriction, connection handling and failures. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcSchemaReaderScopeTest {

    private TestDatabase db;

    @BeforeAll
    void create(TestDatabase db) {
        this.db = db;
        db.execute("""
                CREATE EXTENSION citext;
                CREATE EXTENSION pg_stat_statements;
                CREATE EXTENSION file_fdw;
                CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
                CREATE FOREIGN TABLE imported (id integer NOT NULL, name text) SERVER files
                    OPTIONS (filename '/dev/null', format 'csv');
                CREATE TABLE people (id serial PRIMARY KEY, email citext NOT NULL UNIQUE);
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE SCHEMA hdb_catalog;
                CREATE TABLE hdb_catalog.hdb_version (version text PRIMARY KEY);
                CREATE FUNCTION hdb_catalog.gen_hasura_uuid() RETURNS uuid LANGUAGE sql AS $$ SELECT gen_random_uuid() $$;
                CREATE SCHEMA other;
                CREATE TABLE other.thing (id integer PRIMARY KEY, person_id integer REFERENCES public.people (id));
                CREATE FUNCTION other.thing_label(t other.thing) RETURNS text LANGUAGE sql AS $$ SELECT 'thing' $$;
                CREATE SCHEMA "Mixed";
                CREATE TABLE "Mixed"."T" (id integer);
                -- Only pg_ is reserved: pgstuff is an ordinary schema.
                CREATE SCHEMA pgstuff;
                CREATE TABLE pgstuff.x (id integer);
                """);
    }

    @Test
    void systemSchemasHasuraCatalogAndExtensionObjectsAreNotRead() {
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        assertThat(schema.tables()).extracting(t -> t.name().toString())
                .containsExactly("Mixed.T", "other.thing", "pgstuff.x", "public.imported", "public.people");
        // citext's and file_fdw's functions and pg_stat_statements' views belong to their extensions.
        assertThat(schema.functions()).extracting(f -> f.name().toString())
                .containsExactly("other.thing_label", "public.touch");
    }

    @Test
    void extensionTypesAreReadForColumnsOfOtherTables() {
        Table people = JdbcSchemaReader.defaults().read(db.dataSource()).table(QualifiedName.of("people")).orElseThrow();
        assertThat(people.column("email"))
                .contains(Column.of("email", new PgType.Base(QualifiedName.of("public", "citext")), false, false));
        assertThat(people.uniqueConstraints()).extracting(u -> u.columns()).containsExactly(List.of("email"));
    }

    @Test
    void foreignTablesAndTriggerFunctions() {
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(db.dataSource());
        Table imported = schema.table(QualifiedName.of("imported")).orElseThrow();
        assertThat(imported.kind()).isEqualTo(Table.Kind.FOREIGN_TABLE);
        assertThat(imported.columns()).containsExactly(
                Column.of("id", PgType.builtin("int4"), false, false), Column.of("name", PgType.builtin("text"), true, false));
        assertThat(imported.primaryKey()).isEmpty();
        assertThat(schema.functions(QualifiedName.of("touch")))
                .containsExactly(new SqlFunction(QualifiedName.of("touch"), List.of(), PgType.builtin("trigger"), false));
    }

    @Test
    void temporaryTablesAreNotRead() throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE scratch (id integer PRIMARY KEY)");
            DatabaseSchema schema = JdbcSchemaReader.defaults().read(c);
            assertThat(schema.tables()).extracting(t -> t.name().name()).doesNotContain("scratch");
            assertThat(schema.tables()).hasSize(5);
        }
    }

    @Test
    void withSchemasRestrictsRelationsAndFunctions() {
        DatabaseSchema other = JdbcSchemaReader.defaults().withSchemas(Set.of("other")).read(db.dataSource());
        assertThat(other.tables()).extracting(t -> t.name().toString()).containsExactly("other.thing");
        assertThat(other.functions()).extracting(f -> f.name().toString()).containsExactly("other.thing_label");
        // Foreign keys to schemas that are not read are kept: they belong to a table that is.
        assertThat(other.table(QualifiedName.of("other", "thing")).orElseThrow().foreignKeys())
                .singleElement().satisfies(fk -> assertThat(fk.referencedTable()).isEqualTo(QualifiedName.of("people")));

        DatabaseSchema two = JdbcSchemaReader.defaults().withSchemas(Set.of("public", "Mixed")).read(db.dataSource());
        assertThat(two.tables()).extracting(t -> t.name().toString())
                .containsExactly("Mixed.T", "public.imported", "public.people");
        assertThat(two.functions()).extracting(f -> f.name().toString()).containsExactly("public.touch");
    }

    @Test
    void withSchemasIsCaseSensitiveAndNeverReadsExcludedSchemas() {
        assertThat(JdbcSchemaReader.defaults().withSchemas(Set.of("mixed")).read(db.dataSource()).tables()).isEmpty();
        DatabaseSchema excluded = JdbcSchemaReader.defaults()
                .withSchemas(Set.of("pg_catalog", "information_schema", "hdb_catalog")).read(db.dataSource());
        assertThat(excluded.tables()).isEmpty();
        assertThat(excluded.functions()).isEmpty();
    }

    @Test
    void withSchemasNeedsAtLeastOneSchemaAndReplacesTheRestriction() {
        assertThatThrownBy(() -> JdbcSchemaReader.defaults().withSchemas(Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        JdbcSchemaReader reader = JdbcSchemaReader.defaults().withSchemas(Set.of("other")).withSchemas(Set.of("Mixed"));
        assertThat(reader.read(db.dataSource()).tables()).extracting(t -> t.name().toString()).containsExactly("Mixed.T");
        // The caller's set is copied.
        Set<String> schemas = new HashSet<>(Set.of("other"));
        JdbcSchemaReader copied = JdbcSchemaReader.defaults().withSchemas(schemas);
        schemas.add("public");
        assertThat(copied.read(db.dataSource()).tables()).hasSize(1);
    }

    @Test
    void autoCommitConnectionIsLeftAsItWas() throws SQLException {
        try (Connection c = db.connection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            DatabaseSchema schema = JdbcSchemaReader.defaults().read(c);
            assertThat(schema.tables()).hasSize(5);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            // Still usable, and really in auto-commit mode: this table is visible to other connections at once.
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE public.committed_by_autocommit (id integer)");
            }
            assertThat(JdbcSchemaReader.defaults().read(db.dataSource()).table(QualifiedName.of("committed_by_autocommit")))
                    .isPresent();
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE public.committed_by_autocommit");
            }
        }
    }

    @Test
    void openTransactionIsUsedAndLeftOpen() throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE public.uncommitted (id integer PRIMARY KEY)");
            }
            DatabaseSchema inside = JdbcSchemaReader.defaults().read(c);
            assertThat(inside.table(QualifiedName.of("uncommitted"))).isPresent();
            assertThat(c.getAutoCommit()).isFalse();
            c.rollback();
            assertThat(JdbcSchemaReader.defaults().read(c).table(QualifiedName.of("uncommitted"))).isEmpty();
            c.rollback();
        }
    }

    @Test
    void closedConnectionFailsWithSchemaReadFailed() throws SQLException {
        Connection c = db.connection();
        c.close();
        assertThatThrownBy(() -> JdbcSchemaReader.defaults().read(c))
                .isInstanceOfSatisfying(HasuraPermsException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.SCHEMA_READ_FAILED);
                    assertThat(e.getMessage()).startsWith("could not read the database schema").doesNotContain("\n");
                    assertThat(e.getCause()).isInstanceOf(SQLException.class);
                });
    }

    @Test
    void failingDataSourceFailsWithSchemaReadFailed() {
        DataSource broken = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new SQLException("connection refused\nsecond line", "08001");
                });
        assertThatThrownBy(() -> JdbcSchemaReader.defaults().read(broken))
                .isInstanceOfSatisfying(HasuraPermsException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.SCHEMA_READ_FAILED);
                    assertThat(e.getMessage()).isEqualTo("could not read the database schema: opening or closing a "
                            + "connection failed: connection refused (SQLSTATE 08001)");
                });
    }

    @Test
    void failedQueryInsideTheCallersTransactionFailsWithSchemaReadFailed() throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT 1/0");
            } catch (SQLException expected) {
                // The transaction is now aborted: every further query fails.
            }
            assertThatThrownBy(() -> JdbcSchemaReader.defaults().read(c))
                    .isInstanceOfSatisfying(HasuraPermsException.class, e -> {
                        assertThat(e.code()).isEqualTo(DiagnosticCode.SCHEMA_READ_FAILED);
                        assertThat(e.getMessage()).startsWith("could not read the database schema: reading types")
                                .contains("SQLSTATE 25P02");
                    });
            c.rollback();
        }
    }
}

package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The names PostgreSQL gives unnamed constraints and indexes. Expected names were checked against PostgreSQL 15
 * (whose naming code is the same as 12 to 18).
 */
class DdlSchemaReaderNamesTest {

    private static final String LONG_TABLE = "a_very_long_table_name_that_goes_on_and_on_and_on_for_ever_xx";
    private static final String C48 = "a_very_long_column_name_that_also_goes_on_and_on";

    @Test
    void shortNamesAreJoined() {
        assertThat(PgNames.makeObjectName("users", null, "pkey")).isEqualTo("users_pkey");
        assertThat(PgNames.makeObjectName("events", "user_id", "fkey")).isEqualTo("events_user_id_fkey");
        assertThat(PgNames.makeObjectName("t", PgNames.nameAddition(List.of("a", "b")), "key")).isEqualTo("t_a_b_key");
    }

    @Test
    void theLongerPartIsShortenedFirstToFit63Bytes() {
        assertThat(LONG_TABLE).hasSize(61);
        assertThat(C48).hasSize(48);
        // Only the table name: cut to 63 - len("_pkey").
        assertThat(PgNames.makeObjectName(LONG_TABLE, null, "pkey"))
                .isEqualTo("a_very_long_table_name_that_goes_on_and_on_and_on_for_ever_pkey")
                .hasSize(63);
        // Both long: 58 bytes for the two, the longer is cut until they are even, ties cut the second.
        assertThat(PgNames.makeObjectName(LONG_TABLE, C48, "key"))
                .isEqualTo("a_very_long_table_name_that_g_a_very_long_column_name_that__key")
                .hasSize(63);
        // A short second part is kept whole, the first takes what is left.
        assertThat(PgNames.makeObjectName(LONG_TABLE, "b", "key"))
                .isEqualTo("a_very_long_table_name_that_goes_on_and_on_and_on_for_eve_b_key");
        assertThat(PgNames.makeObjectName(LONG_TABLE, "b_c", "key"))
                .isEqualTo("a_very_long_table_name_that_goes_on_and_on_and_on_for_e_b_c_key");
        // A numbered label counts too.
        assertThat(PgNames.makeObjectName(LONG_TABLE, "b", "key1"))
                .isEqualTo("a_very_long_table_name_that_goes_on_and_on_and_on_for_ev_b_key1");
    }

    @Test
    void lengthsAreInBytesAndCharactersAreNeverSplit() {
        String table = "tăblé_ünïcødé_with_a_name_that_is_quite_long_indeed_yes";
        String column = "ñame_çolumn_also_long_enough_to_matter";
        String name = PgNames.makeObjectName(table, column, "key");
        assertThat(name).isEqualTo("tăblé_ünïcødé_with_a_na_ñame_çolumn_also_long_enoug_key");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        // "é" is two bytes: a cut in the middle of it drops it whole.
        assertThat(PgNames.clip("abé", 3)).isEqualTo("ab");
        assertThat(PgNames.truncate("x".repeat(70))).hasSize(63);
    }

    @Test
    void aTakenNameGetsANumberedLabel() {
        assertThat(PgNames.choose("users", "email", "key", Set.of()::contains)).isEqualTo("users_email_key");
        assertThat(PgNames.choose("users", "email", "key", Set.of("users_email_key")::contains))
                .isEqualTo("users_email_key1");
        assertThat(PgNames.choose("users", "email", "key", Set.of("users_email_key", "users_email_key1")::contains))
                .isEqualTo("users_email_key2");
        assertThat(PgNames.choose(LONG_TABLE, "b", "key", Set.of("a_very_long_table_name_that_goes_on_and_on_and_on_for_eve_b_key")::contains))
                .isEqualTo("a_very_long_table_name_that_goes_on_and_on_and_on_for_ev_b_key1");
    }

    @Test
    void columnListsStopOnceTheyAreLongEnough() {
        assertThat(PgNames.nameAddition(List.of("a", "b", "c"))).isEqualTo("a_b_c");
        String c40 = "c".repeat(40);
        assertThat(PgNames.nameAddition(List.of(c40, c40, "x"))).isEqualTo(c40 + "_" + c40);
    }

    @Test
    void unnamedConstraintsGetPostgresNamesInTheOrderPostgresMakesThem() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE TABLE a_very_long_table_name_that_goes_on_and_on_and_on_for_ever_xx (
                    a_very_long_column_name_that_also_goes_on_and_on int UNIQUE, b int UNIQUE, c int,
                    UNIQUE (b, c), PRIMARY KEY (c));
                CREATE TABLE users (id serial PRIMARY KEY, email text, org int);
                CREATE UNIQUE INDEX users_email_key ON users (email);
                ALTER TABLE users ADD UNIQUE (email);
                ALTER TABLE users ADD FOREIGN KEY (org) REFERENCES users, ADD FOREIGN KEY (org) REFERENCES users;
                CREATE TABLE dup (a int UNIQUE, b int, CONSTRAINT named_dup UNIQUE (a), UNIQUE (b), UNIQUE (b));
                CREATE TABLE pk_and_unique (id int PRIMARY KEY UNIQUE);
                CREATE TABLE pk_named_by_unique (id int PRIMARY KEY, CONSTRAINT custom UNIQUE (id));
                CREATE TABLE x_y (a int, CONSTRAINT x_y_a_key CHECK (a > 0), UNIQUE (a));
                CREATE TABLE ix (a int, b int);
                CREATE INDEX ix_a_key ON ix (b);
                ALTER TABLE ix ADD UNIQUE (a);
                CREATE TABLE uix (a int NOT NULL);
                CREATE UNIQUE INDEX uix_a ON uix (a);
                ALTER TABLE uix ADD CONSTRAINT uix_pk PRIMARY KEY USING INDEX uix_a;
                CREATE TABLE s (id int PRIMARY KEY);
                DROP TABLE s;
                CREATE TABLE s (id int PRIMARY KEY);
                CREATE TABLE inc (m int, n int, UNIQUE (n) INCLUDE (m));
                """);

        assertThat(r.diagnostics()).isEmpty();
        Table longTable = r.schema().table(QualifiedName.of(LONG_TABLE)).orElseThrow();
        assertThat(longTable.primaryKey()).contains(new UniqueConstraint(
                "a_very_long_table_name_that_goes_on_and_on_and_on_for_ever_pkey", List.of("c")));
        assertThat(longTable.uniqueConstraints()).extracting(UniqueConstraint::name).containsExactly(
                "a_very_long_table_name_that_g_a_very_long_column_name_that__key",
                "a_very_long_table_name_that_goes_on_and_on_and_on_for_e_b_c_key",
                "a_very_long_table_name_that_goes_on_and_on_and_on_for_eve_b_key");

        Table users = table(r, "users");
        assertThat(users.uniqueConstraints()).containsExactly(new UniqueConstraint("users_email_key1", List.of("email")));
        assertThat(users.foreignKeys()).extracting(ForeignKey::name).containsExactly("users_org_fkey", "users_org_fkey1");
        assertThat(table(r, "dup").uniqueConstraints()).containsExactly(
                new UniqueConstraint("dup_b_key", List.of("b")), new UniqueConstraint("named_dup", List.of("a")));
        assertThat(table(r, "pk_and_unique").primaryKey()).contains(new UniqueConstraint("pk_and_unique_pkey", List.of("id")));
        assertThat(table(r, "pk_and_unique").uniqueConstraints()).isEmpty();
        assertThat(table(r, "pk_named_by_unique").primaryKey()).contains(new UniqueConstraint("custom", List.of("id")));
        assertThat(table(r, "x_y").uniqueConstraints()).containsExactly(new UniqueConstraint("x_y_a_key1", List.of("a")));
        assertThat(table(r, "ix").uniqueConstraints()).containsExactly(new UniqueConstraint("ix_a_key1", List.of("a")));
        assertThat(table(r, "uix").primaryKey()).contains(new UniqueConstraint("uix_pk", List.of("a")));
        assertThat(table(r, "s").primaryKey()).contains(new UniqueConstraint("s_pkey", List.of("id")));
        // The INCLUDE columns are part of the index, so of its name.
        assertThat(table(r, "inc").uniqueConstraints()).containsExactly(new UniqueConstraint("inc_n_m_key", List.of("n")));
    }

    @Test
    void unnamedChecksAreNamedSoThatTheyCanBeDroppedByName() {
        // Checks are not in the model, but a statement dropping one by the name PostgreSQL gave it must not fail
        // (and take the rest of its ALTER TABLE with it).
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE TABLE t (a int CHECK (a > 0), b int CHECK (b > a), c int, CHECK (c > 0), CHECK (c < 10),
                    CHECK (length(c::text) > 0));
                ALTER TABLE t DROP CONSTRAINT t_a_check, ADD COLUMN d int;
                ALTER TABLE t ADD CHECK (d > 0);
                ALTER TABLE t DROP CONSTRAINT t_d_check;
                ALTER TABLE t DROP CONSTRAINT t_check;
                ALTER TABLE t DROP CONSTRAINT t_c_check2;
                ALTER TABLE t DROP CONSTRAINT t_c_check1, DROP CONSTRAINT t_c_check;
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(table(r, "t").columns()).extracting(c -> c.name()).containsExactly("a", "b", "c", "d");
        assertThat(DdlStatements.checkColumn(dev.hasuraperms.jooq.SqlToken.tokenize("x::date > date '2020-01-01' AND "
                + "lower(t.y) = 'a'"), Set.of("x", "date", "lower", "t"))).isEqualTo("x");
    }

    @Test
    void renamingTheIndexOfAKeyRenamesTheKey() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);
                ALTER INDEX users_pkey RENAME TO users_pk;
                ALTER INDEX public.users_email_key RENAME TO users_email_uq;
                ALTER TABLE users RENAME CONSTRAINT users_email_uq TO users_email_unique;
                """);

        assertThat(r.diagnostics()).isEmpty();
        assertThat(table(r, "users").primaryKey()).contains(new UniqueConstraint("users_pk", List.of("id")));
        assertThat(table(r, "users").uniqueConstraints())
                .containsExactly(new UniqueConstraint("users_email_unique", List.of("email")));
    }

    @Test
    void aTableCannotTakeTheNameOfAnIndex() {
        DdlSchemaReader.Result r = DdlSchemaReader.read("""
                CREATE TABLE ix (a int PRIMARY KEY);
                CREATE TABLE ix_pkey (x int);
                CREATE TABLE IF NOT EXISTS ix_pkey (x int);
                """);

        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.location().line()).isEqualTo(2);
            assertThat(d.message()).contains("already exists");
        });
        assertThat(r.schema().tables()).extracting(Table::name).containsExactly(QualifiedName.of("ix"));
    }

    private static Table table(DdlSchemaReader.Result r, String name) {
        return r.schema().table(QualifiedName.parse(name)).orElseThrow();
    }
}

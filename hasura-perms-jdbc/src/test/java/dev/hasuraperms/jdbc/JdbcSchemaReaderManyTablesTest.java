package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A database of 1,000 tables (each with keys and a foreign key to the one before) and 1,000 functions: every
 * object is read, and each gets its own columns, keys and arguments (the set-based queries are grouped correctly).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcSchemaReaderManyTablesTest {

    private static final int TABLES = 1000;

    private DatabaseSchema schema;

    @BeforeAll
    void createAndRead(TestDatabase db) {
        StringBuilder ddl = new StringBuilder("CREATE TYPE state AS ENUM ('new', 'done');\n");
        for (int i = 0; i < TABLES; i++) {
            ddl.append("CREATE TABLE t").append(i).append(" (id serial PRIMARY KEY, code varchar(").append(i + 1)
                    .append(") NOT NULL, state state, tags text[], created_at timestamptz DEFAULT now()")
                    .append(i == 0 ? "" : ", prev_id integer REFERENCES t" + (i - 1) + " (id)")
                    .append(", UNIQUE (code, state));\n");
            ddl.append("CREATE FUNCTION t").append(i).append("_label(r t").append(i)
                    .append(", hasura_session json) RETURNS text LANGUAGE sql STABLE AS $$ SELECT r.code $$;\n");
        }
        db.execute(ddl.toString());
        schema = JdbcSchemaReader.defaults().read(db.dataSource());
    }

    @Test
    void readsEveryTableAndFunction() {
        assertThat(schema.tables()).hasSize(TABLES);
        assertThat(schema.functions()).hasSize(TABLES);
    }

    @Test
    void eachTableHasItsOwnColumnsAndKeys() {
        PgType.Enum state = new PgType.Enum(QualifiedName.of("state"), List.of("new", "done"));
        for (int i = 0; i < TABLES; i++) {
            QualifiedName name = QualifiedName.of("t" + i);
            Table t = schema.table(name).orElseThrow();
            List<Column> expected = new java.util.ArrayList<>(List.of(
                    Column.of("id", PgType.builtin("int4"), false, true),
                    new Column("code", PgType.builtin("varchar"), false, false, Optional.of(i + 1)),
                    Column.of("state", state, true, false),
                    Column.of("tags", new PgType.Array(PgType.builtin("text")), true, false),
                    Column.of("created_at", PgType.builtin("timestamptz"), true, true)));
            if (i > 0) {
                expected.add(Column.of("prev_id", PgType.builtin("int4"), true, false));
            }
            assertThat(t.columns()).isEqualTo(expected);
            assertThat(t.primaryKey()).contains(new UniqueConstraint("t" + i + "_pkey", List.of("id")));
            assertThat(t.uniqueConstraints())
                    .containsExactly(new UniqueConstraint("t" + i + "_code_state_key", List.of("code", "state")));
            assertThat(t.foreignKeys()).isEqualTo(i == 0 ? List.of() : List.of(new ForeignKey("t" + i + "_prev_id_fkey",
                    name, List.of("prev_id"), QualifiedName.of("t" + (i - 1)), List.of("id"))));
            assertThat(schema.functions(QualifiedName.of("t" + i + "_label"))).containsExactly(new SqlFunction(
                    QualifiedName.of("t" + i + "_label"),
                    List.of(new SqlFunction.Argument(Optional.of("r"), new PgType.Composite(name), false),
                            new SqlFunction.Argument(Optional.of("hasura_session"), PgType.builtin("json"), false)),
                    PgType.builtin("text"), false, SqlFunction.Volatility.STABLE));
        }
    }
}

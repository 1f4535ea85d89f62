package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every type shape, relation kind and function kind of {@code fixtures/schema-kitchen-sink/schema.sql}. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcSchemaReaderKitchenSinkTest {

    private static final QualifiedName EVERYTHING = QualifiedName.of("public", "everything");
    private static final QualifiedName ORDER = QualifiedName.of("SalesDept", "Order");
    private static final PgType.Enum MOOD =
            new PgType.Enum(QualifiedName.of("public", "mood"), List.of("sad", "meh", "ok", "happy"));
    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType INT8 = PgType.builtin("int8");
    private static final PgType TEXT = PgType.builtin("text");

    private DatabaseSchema schema;

    @BeforeAll
    void createAndRead(TestDatabase db) {
        db.executeScript(Fixtures.path("schema-kitchen-sink/schema.sql"));
        schema = JdbcSchemaReader.defaults().read(db.dataSource());
    }

    @Test
    void equalsTheCommittedSnapshot() {
        SchemaFixtures.assertMatchesSnapshot(schema, "schema-kitchen-sink/schema.json");
    }

    @Test
    void snapshotRoundTrips() {
        SchemaFixtures.assertSnapshotRoundTrip(schema);
    }

    @Test
    void everyRelationKind() {
        assertThat(schema.tables()).extracting(t -> t.name().toString(), Table::kind).containsExactly(
                tuple("SalesDept.Order", Table.Kind.TABLE),
                tuple("SalesDept.\"Order.Archive\"", Table.Kind.TABLE),
                tuple("public.empty_table", Table.Kind.TABLE),
                tuple("public.everything", Table.Kind.TABLE),
                tuple("public.happy_things", Table.Kind.VIEW),
                tuple("public.measurement", Table.Kind.PARTITIONED_TABLE),
                tuple("public.measurement_2024", Table.Kind.TABLE),
                tuple("public.measurement_note", Table.Kind.TABLE),
                tuple("public.mood_counts", Table.Kind.MATERIALIZED_VIEW));
        assertThat(table("empty_table").columns()).isEmpty();
    }

    @Test
    void columnTypesNullabilityDefaultsAndLengths() {
        Table t = table("everything");
        assertThat(t.columns()).extracting(Column::name).containsExactly("id", "serial_no", "mood", "moods", "ints",
                "matrix", "name", "code", "flag", "free_text", "price", "uid", "doc", "docb", "day", "at_time",
                "at_timetz", "at_timestamp", "at_timestamptz", "duration", "label", "quantity", "maybe_quantity",
                "list", "labels", "home", "name_upper");
        // Identity columns: NOT NULL, with a default.
        assertThat(t.column("id")).contains(Column.of("id", INT8, false, true));
        assertThat(t.column("serial_no")).contains(Column.of("serial_no", INT4, false, true));
        // Enums with labels in sort order ('meh' was added later, before 'ok'), also as array elements.
        assertThat(t.column("mood")).contains(Column.of("mood", MOOD, false, true));
        assertThat(t.column("moods")).contains(Column.of("moods", new PgType.Array(MOOD), true, false));
        // One array level whatever the dimensions.
        assertThat(t.column("ints").orElseThrow().type()).isEqualTo(new PgType.Array(INT4));
        assertThat(t.column("matrix").orElseThrow().type()).isEqualTo(new PgType.Array(TEXT));
        // Lengths of varchar(n) and char(n) only; char alone is char(1).
        assertThat(t.column("name")).contains(new Column("name", PgType.builtin("varchar"), false, false, Optional.of(80)));
        assertThat(t.column("code")).contains(new Column("code", PgType.builtin("bpchar"), true, false, Optional.of(3)));
        assertThat(t.column("flag").orElseThrow().maxLength()).contains(1);
        assertThat(t.column("free_text")).contains(Column.of("free_text", PgType.builtin("varchar"), true, false));
        assertThat(t.column("price")).contains(Column.of("price", PgType.builtin("numeric"), true, false));
        assertThat(t.column("uid")).contains(Column.of("uid", PgType.builtin("uuid"), false, true));
        assertThat(List.of("doc", "docb", "day", "at_time", "at_timetz", "at_timestamp", "at_timestamptz", "duration"))
                .map(c -> t.column(c).orElseThrow().type())
                .containsExactly(PgType.builtin("json"), PgType.builtin("jsonb"), PgType.builtin("date"),
                        PgType.builtin("time"), PgType.builtin("timetz"), PgType.builtin("timestamp"),
                        PgType.builtin("timestamptz"), PgType.builtin("interval"));
        // Domains: resolved to the base type, keeping a domain's length and NOT NULL (also through nesting).
        assertThat(t.column("label")).contains(new Column("label", PgType.builtin("varchar"), true, false, Optional.of(20)));
        assertThat(t.column("quantity")).contains(Column.of("quantity", INT4, false, false));
        assertThat(t.column("maybe_quantity")).contains(Column.of("maybe_quantity", INT4, true, false));
        assertThat(t.column("list")).contains(Column.of("list", new PgType.Array(INT4), true, false));
        assertThat(t.column("labels")).contains(Column.of("labels", new PgType.Array(PgType.builtin("varchar")), true, false));
        assertThat(t.column("home")).contains(Column.of("home", new PgType.Composite(QualifiedName.of("public", "address")), true, false));
        // Generated columns have a default.
        assertThat(t.column("name_upper")).contains(Column.of("name_upper", TEXT, true, true));
        // The dropped column is gone.
        assertThat(t.column("to_drop")).isEmpty();
        assertThat(t.primaryKey()).contains(new UniqueConstraint("everything_pkey", List.of("id")));
        assertThat(t.uniqueConstraints()).containsExactly(new UniqueConstraint("everything_name_code_key", List.of("name", "code")));
    }

    @Test
    void viewsHaveNullableColumnsAndNoKeys() {
        Table view = table("happy_things");
        assertThat(view.columns()).containsExactly(
                Column.of("id", INT8, true, false),
                new Column("name", PgType.builtin("varchar"), true, false, Optional.of(80)),
                new Column("code", PgType.builtin("bpchar"), true, false, Optional.of(3)));
        assertThat(view.primaryKey()).isEmpty();
        assertThat(table("mood_counts").columns())
                .containsExactly(Column.of("mood", MOOD, true, false), Column.of("n", INT8, true, false));
    }

    @Test
    void partitionsAndForeignKeysToPartitionedTables() {
        UniqueConstraint parentKey = new UniqueConstraint("measurement_pkey", List.of("id", "logdate"));
        assertThat(table("measurement").primaryKey()).contains(parentKey);
        assertThat(table("measurement_2024").primaryKey())
                .contains(new UniqueConstraint("measurement_2024_pkey", List.of("id", "logdate")));
        assertThat(table("measurement_2024").columns()).isEqualTo(table("measurement").columns());
        // One foreign key, not one more per partition of the referenced table.
        assertThat(table("measurement_note").foreignKeys()).containsExactly(new ForeignKey(
                "measurement_note_measurement_fkey", QualifiedName.of("public", "measurement_note"),
                List.of("measurement_id", "logdate"), QualifiedName.of("public", "measurement"), List.of("id", "logdate")));
    }

    @Test
    void quotedMixedCaseSchemaAndNames() {
        Table archive = schema.table(QualifiedName.of("SalesDept", "Order.Archive")).orElseThrow();
        assertThat(archive.foreignKeys()).containsExactly(new ForeignKey("Order.Archive_archivedId_fkey",
                archive.name(), List.of("archivedId"), ORDER, List.of("orderId")));
        assertThat(schema.table(ORDER).orElseThrow().foreignKeys()).containsExactly(new ForeignKey(
                "Order_everythingId_fkey", ORDER, List.of("everythingId"), EVERYTHING, List.of("id")));
        assertThat(schema.table(ORDER).orElseThrow().column("Total")).contains(Column.of("Total", PgType.builtin("numeric"), true, false));
    }

    @Test
    void functionsUsableAsComputedFields() {
        PgType.Composite everything = new PgType.Composite(EVERYTHING);
        assertThat(function("everything_title")).isEqualTo(new SqlFunction(QualifiedName.of("everything_title"),
                List.of(arg("e", everything)), TEXT, false, SqlFunction.Volatility.STABLE));
        assertThat(function("everything_visible")).isEqualTo(new SqlFunction(QualifiedName.of("everything_visible"),
                List.of(arg("e", everything), arg("hasura_session", PgType.builtin("json"))), PgType.builtin("bool"), false, SqlFunction.Volatility.STABLE));
        assertThat(function("everything_orders")).isEqualTo(new SqlFunction(QualifiedName.of("everything_orders"),
                List.of(arg("e", everything)), new PgType.Composite(ORDER), true, SqlFunction.Volatility.STABLE));
        // PL/pgSQL, returning a domain: resolved to the domain's base type.
        assertThat(function("everything_label")).isEqualTo(new SqlFunction(QualifiedName.of("everything_label"),
                List.of(arg("e", everything)), PgType.builtin("varchar"), false, SqlFunction.Volatility.STABLE));
        assertThat(schema.functions(QualifiedName.of("SalesDept", "orderLabel"))).containsExactly(new SqlFunction(
                QualifiedName.of("SalesDept", "orderLabel"), List.of(arg("o", new PgType.Composite(ORDER))), TEXT, false, SqlFunction.Volatility.STABLE));
    }

    @Test
    void overloadsDefaultsModesAndUnnamedArguments() {
        assertThat(schema.functions(QualifiedName.of("describe_value"))).extracting(f -> f.arguments().get(0).type())
                .containsExactlyInAnyOrder(INT4, TEXT);
        assertThat(function("search_everything").arguments()).containsExactly(
                arg("query", TEXT),
                new SqlFunction.Argument(Optional.of("max_results"), INT4, true),
                new SqlFunction.Argument(Optional.of("include_sad"), PgType.builtin("bool"), true));
        assertThat(function("search_everything").returnType()).isEqualTo(new PgType.Composite(EVERYTHING));
        assertThat(function("search_everything").returnsSet()).isTrue();
        assertThat(function("bump")).isEqualTo(new SqlFunction(QualifiedName.of("bump"), List.of(arg("counter", INT4),
                new SqlFunction.Argument(Optional.of("step"), INT4, true)), INT4, false, SqlFunction.Volatility.IMMUTABLE));
        assertThat(function("sum_all").arguments()).containsExactly(arg("numbers", new PgType.Array(INT4)));
        assertThat(function("concat_unnamed").arguments()).containsExactly(
                new SqlFunction.Argument(Optional.empty(), TEXT, false),
                new SqlFunction.Argument(Optional.empty(), INT4, false));
    }

    @Test
    void recordReturningFunctions() {
        // RETURNS TABLE: a set of pg_catalog.record; its columns are neither arguments nor modelled.
        assertThat(function("mood_stats")).isEqualTo(new SqlFunction(QualifiedName.of("mood_stats"), List.of(),
                PgType.builtin("record"), true, SqlFunction.Volatility.STABLE));
        // OUT parameters are not arguments.
        assertThat(function("split_price")).isEqualTo(new SqlFunction(QualifiedName.of("split_price"),
                List.of(arg("e", new PgType.Composite(EVERYTHING))), PgType.builtin("record"), false, SqlFunction.Volatility.STABLE));
    }

    @Test
    void proceduresAndAggregatesAreNotFunctions() {
        assertThat(schema.functions()).extracting(f -> f.name().name()).doesNotContain("do_nothing", "sum_ints");
        assertThat(schema.functions()).extracting(f -> f.name().toString()).containsExactly(
                "SalesDept.orderLabel", "public.bump", "public.concat_unnamed", "public.describe_value",
                "public.describe_value", "public.everything_label", "public.everything_orders",
                "public.everything_title", "public.everything_visible", "public.mood_stats",
                "public.search_everything", "public.split_price", "public.sum_all");
    }

    private static SqlFunction.Argument arg(String name, PgType type) {
        return new SqlFunction.Argument(Optional.of(name), type, false);
    }

    private SqlFunction function(String name) {
        List<SqlFunction> overloads = schema.functions(QualifiedName.of(name));
        assertThat(overloads).as("overloads of " + name).hasSize(1);
        return overloads.get(0);
    }

    private Table table(String name) {
        return schema.table(QualifiedName.of(name)).orElseThrow(() -> new AssertionError("no table " + name));
    }
}

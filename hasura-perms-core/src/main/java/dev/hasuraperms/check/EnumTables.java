package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Hasura's enum tables ({@code is_enum: true}), as {@code fetchAndValidateEnumValues}
 * ({@code Hasura.Backends.Postgres.DDL.Table}) validates them and {@code resolveEnumReferences}
 * ({@code Hasura.Table.Cache} / {@code Hasura.RQL.DDL.Schema.Enum}) types the columns that reference them: a single
 * column primary key of type {@code text}, at most one other column, of type {@code text} (the comment), at least one
 * row, every value a GraphQL enum value name ({@code /[_A-Za-z][_0-9A-Za-z]*}/, not {@code true}, {@code false},
 * {@code null}). A column whose single-column foreign key references the primary key of a valid enum table whose values
 * are known gets the type {@code PgType.Enum(<enum table>, <values>, storage = text)}: its literals, presets, session
 * values and written values must then be values of the enum table.
 */
final class EnumTables {

    private static final PgType TEXT = PgType.builtin("text");

    private EnumTables() {
    }

    /**
     * {@code schema} with the columns that reference the enum tables of {@code source} typed as those enums; the enum
     * tables' problems reported to {@code d}.
     *
     * @param values the rows of enum tables read from the database; a table missing here is reported as
     *               {@code ENUM_VALUES_UNKNOWN} (a warning) and its references keep their type
     */
    static DatabaseSchema apply(Source source, DatabaseSchema schema, Map<QualifiedName, List<String>> values,
                                Diagnostics d) {
        Map<QualifiedName, PgType.Enum> enums = new HashMap<>();
        for (TableMetadata t : source.tables()) {
            if (!t.isEnum()) {
                continue;
            }
            Optional<Table> table = schema.table(t.table());
            if (table.isEmpty()) {
                continue; // reported by the resolver
            }
            validate(t, table.get(), Optional.ofNullable(values.get(t.table())), d).ifPresent(e -> enums.put(t.table(), e));
        }
        if (enums.isEmpty()) {
            return schema;
        }
        List<Table> tables = new ArrayList<>();
        boolean changed = false;
        for (Table t : schema.tables()) {
            Map<String, PgType.Enum> typed = new HashMap<>();
            for (ForeignKey fk : t.foreignKeys()) {
                PgType.Enum e = enums.get(fk.referencedTable());
                if (e != null && fk.columns().size() == 1) {
                    Table target = schema.table(fk.referencedTable()).orElseThrow();
                    if (target.primaryKeyColumns().equals(fk.referencedColumns())) {
                        typed.put(fk.columns().get(0), e);
                    }
                }
            }
            if (typed.isEmpty()) {
                tables.add(t);
                continue;
            }
            List<Column> columns = new ArrayList<>();
            for (Column c : t.columns()) {
                PgType.Enum e = typed.get(c.name());
                columns.add(e != null && c.type().equals(TEXT)
                        ? new Column(c.name(), e, c.nullable(), c.hasDefault(), c.maxLength()) : c);
            }
            tables.add(new Table(t.name(), t.kind(), columns, t.primaryKey(), t.uniqueConstraints(), t.foreignKeys(),
                    t.writes()));
            changed = true;
        }
        if (!changed) {
            return schema;
        }
        DatabaseSchema out = new DatabaseSchema(tables, schema.functions());
        return schema.serverVersionNum().isPresent() ? out.withServerVersionNum(schema.serverVersionNum().getAsInt()) : out;
    }

    /** The enum type of a valid enum table whose values are known; its problems reported. */
    private static Optional<PgType.Enum> validate(TableMetadata t, Table table, Optional<List<String>> values,
                                                  Diagnostics d) {
        Origin at = t.origin().member("is_enum");
        String name = JsonString.of(t.table().toString()).toJson();
        List<String> problems = new ArrayList<>();
        List<String> pk = table.primaryKeyColumns();
        Optional<Column> key = Optional.empty();
        if (pk.isEmpty()) {
            problems.add("the table must have a primary key");
        } else if (pk.size() > 1) {
            problems.add("the table's primary key must not span multiple columns (" + String.join(", ", new TreeSet<>(pk))
                    + ")");
        } else {
            Column c = table.column(pk.get(0)).orElseThrow();
            if (c.type().equals(TEXT)) {
                key = Optional.of(c);
            } else {
                problems.add(mismatch("primary key", c));
            }
        }
        List<Column> others = new ArrayList<>(table.columns());
        others.removeIf(c -> pk.size() == 1 && c.name().equals(pk.get(0)));
        if (others.size() == 1 && !others.get(0).type().equals(TEXT)) {
            problems.add(mismatch("comment column", others.get(0)));
        } else if (others.size() > 1) {
            TreeSet<String> names = new TreeSet<>();
            others.forEach(c -> names.add(c.name()));
            problems.add("the table must have exactly one primary key and optionally one comment column, not "
                    + others.size() + " columns (" + String.join(", ", names) + ")");
        }
        if (values.isPresent() && key.isPresent() && problems.isEmpty()) {
            if (values.get().isEmpty()) {
                problems.add("the table must have at least one row");
            }
            List<String> bad = values.get().stream()
                    .filter(v -> !GraphQLNames.isValid(v) || v.equals("true") || v.equals("false") || v.equals("null"))
                    .sorted().toList();
            if (!bad.isEmpty()) {
                problems.add("the values " + bad.stream().map(v -> JsonString.of(v).toJson()).toList()
                        + " are not valid GraphQL enum value names");
            }
        }
        if (!problems.isEmpty()) {
            d.report(DiagnosticCode.INVALID_ENUM_TABLE, at, "the table " + name + " cannot be used as an enum: "
                    + String.join("; ", problems));
            return Optional.empty();
        }
        if (values.isEmpty()) {
            d.report(DiagnosticCode.ENUM_VALUES_UNKNOWN, Severity.WARNING, at, "the values of enum table " + name
                    + " are not known (the schema was not read from a database with them): literals, presets and"
                    + " session values compared with the columns that reference it are checked as text only");
            return Optional.empty();
        }
        return Optional.of(new PgType.Enum(t.table(), new TreeSet<>(values.get()).stream().toList(),
                Optional.of(key.get().type())));
    }

    private static String mismatch(String what, Column c) {
        return "the table's " + what + " (" + c.name() + ") must have type text, not type " + c.type().displayName();
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.metadata.LogicalModel;
import dev.hasuraperms.metadata.LogicalModelField;
import dev.hasuraperms.metadata.LogicalModelType;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Logical models as the checker sees them: each model becomes a table-like of its own (in the pseudo schema
 * {@value #SCHEMA}, which no user schema can be called, as PostgreSQL reserves {@code pg_}) whose columns are its
 * fields: scalars and arrays of scalars with their types, fields holding logical models as jsonb. A filter reads an
 * object field's fields from the JSON object (see {@link FilterCompiler}); arrays of logical models cannot be filtered
 * on (as in Hasura).
 */
final class LogicalModels {

    private static final PgType JSONB = PgType.builtin("jsonb");

    /** The schema of the logical models' table-likes. */
    static final String SCHEMA = "pg_logical_model";

    private LogicalModels() {
    }

    /** The table-like standing for logical model {@code model}. */
    static QualifiedName tableName(String model) {
        return QualifiedName.of(SCHEMA, model);
    }

    /** Every logical model of {@code source} as a table-like, by model name; unknown field types are reported. */
    static Map<String, ResolvedTable> resolve(Source source, DatabaseSchema schema, Diagnostics d) {
        Map<String, PgType> named = namedTypes(schema);
        Map<String, ResolvedTable> out = new LinkedHashMap<>();
        for (LogicalModel m : source.logicalModels()) {
            List<Column> columns = new ArrayList<>();
            for (LogicalModelField f : m.fields()) {
                if (f.type() instanceof LogicalModelType.Scalar s) {
                    type(s.type(), named).ifPresentOrElse(t -> columns.add(Column.of(f.name(), t, s.nullable(), false)),
                            () -> unknown(d, m, f, s.type()));
                } else if (f.type() instanceof LogicalModelType.ArrayOf a && a.element() instanceof LogicalModelType.Scalar s) {
                    type(s.type(), named).ifPresentOrElse(t -> columns.add(Column.of(f.name(), new PgType.Array(t),
                            a.nullable(), false)), () -> unknown(d, m, f, s.type()));
                } else {
                    // An object or an array of objects: read as JSON (a column to select; filters treat it apart).
                    columns.add(Column.of(f.name(), JSONB, f.type().nullable(), false));
                }
            }
            Table table = new Table(tableName(m.name()), Table.Kind.VIEW, columns, Optional.empty(), List.of(), List.of());
            out.put(m.name(), new ResolvedTable(table.name(), table, Map.of(), Map.of()));
        }
        return out;
    }

    /** The type called {@code name}: a built-in one by any SQL spelling, {@code x[]} for arrays, or a database type. */
    static Optional<PgType> type(String name, Map<String, PgType> named) {
        String n = name.trim();
        if (n.endsWith("[]")) {
            return type(n.substring(0, n.length() - 2), named).map(PgType.Array::new);
        }
        Optional<PgType> builtin = PgType.builtinBySqlName(n).map(PgType.class::cast);
        if (builtin.isPresent()) {
            return builtin;
        }
        return Optional.ofNullable(named.get(n));
    }

    /** The non-built-in types the database's columns use (enums, domains' bases are already resolved), by name. */
    static Map<String, PgType> namedTypes(DatabaseSchema schema) {
        Map<String, PgType> named = new HashMap<>();
        for (Table t : schema.tables()) {
            for (Column c : t.columns()) {
                PgType type = c.type() instanceof PgType.Array a ? a.element() : c.type();
                if (type instanceof PgType.Enum e) {
                    named.putIfAbsent(e.name().name(), e);
                    named.putIfAbsent(e.name().toString(), e);
                }
            }
        }
        return named;
    }

    private static void unknown(Diagnostics d, LogicalModel m, LogicalModelField f, String type) {
        d.report(DiagnosticCode.UNKNOWN_TYPE, f.origin(), "field " + f.name() + " of logical model " + m.name()
                + " has type " + type + ", which is neither a built-in type nor a type of the database's columns");
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Severity;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.metadata.ComputedField;
import dev.hasuraperms.metadata.Relationship;
import dev.hasuraperms.metadata.RelationshipUsing;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.TypeCategory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a source's tracked tables against the database: tables exist, relationships become column mappings
 * (reference §2), computed fields find their function.
 */
final class Resolver {

    private final DatabaseSchema schema;
    private final Diagnostics d;

    Resolver(DatabaseSchema schema, Diagnostics d) {
        this.schema = schema;
        this.d = d;
    }

    /** The tracked tables that exist, resolved. Tables that do not exist are reported and left out. */
    Map<QualifiedName, ResolvedTable> resolve(Source source) {
        Map<QualifiedName, TableMetadata> tracked = new LinkedHashMap<>();
        for (TableMetadata t : source.tables()) {
            if (schema.table(t.table()).isPresent()) {
                tracked.put(t.table(), t);
            } else {
                d.report(DiagnosticCode.UNKNOWN_TABLE, t.origin().member("table"),
                        "table " + t.table() + " does not exist in the database");
            }
        }
        Map<QualifiedName, ResolvedTable> out = new LinkedHashMap<>();
        for (TableMetadata t : tracked.values()) {
            Table table = schema.table(t.table()).orElseThrow();
            Set<String> fieldNames = new HashSet<>();
            Map<String, ResolvedRelationship> relationships = new LinkedHashMap<>();
            for (Relationship r : t.relationships()) {
                if (conflicts(table, fieldNames, r.name(), r.origin(), "relationship")) {
                    continue;
                }
                resolveRelationship(t.table(), table, r, tracked.keySet()).ifPresent(rr -> relationships.put(r.name(), rr));
            }
            Map<String, ResolvedComputedField> computed = new LinkedHashMap<>();
            for (ComputedField c : t.computedFields()) {
                if (conflicts(table, fieldNames, c.name(), c.origin(), "computed field")) {
                    continue;
                }
                resolveComputedField(t.table(), c, tracked.keySet()).ifPresent(rc -> computed.put(c.name(), rc));
            }
            out.put(t.table(), new ResolvedTable(t.table(), table, relationships, computed,
                    new java.util.HashSet<>(t.remoteRelationships())));
        }
        return out;
    }

    private boolean conflicts(Table table, Set<String> fieldNames, String name, Origin origin, String what) {
        if (table.column(name).isPresent()) {
            d.report(DiagnosticCode.FIELD_NAME_CONFLICT, origin, what + " " + name + " of " + table.name()
                    + " has the name of a column of the table");
            return true;
        }
        if (!fieldNames.add(name)) {
            d.report(DiagnosticCode.FIELD_NAME_CONFLICT, origin, what + " " + name + " of " + table.name()
                    + " has the name of another relationship or computed field");
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------- relationships

    private Optional<ResolvedRelationship> resolveRelationship(QualifiedName name, Table table, Relationship r,
                                                              Set<QualifiedName> tracked) {
        boolean array = r.kind() == Relationship.Kind.ARRAY;
        Origin usingOrigin = r.origin().member("using");
        RelationshipUsing u = r.using();
        if (u instanceof RelationshipUsing.ForeignKeyColumns f) {
            List<ForeignKey> matches = new ArrayList<>();
            for (ForeignKey fk : table.foreignKeys()) {
                if (new HashSet<>(fk.columns()).equals(new HashSet<>(f.columns()))) {
                    matches.add(fk);
                }
            }
            for (String c : f.columns()) {
                if (table.column(c).isEmpty()) {
                    d.report(DiagnosticCode.UNKNOWN_COLUMN, usingOrigin, "relationship " + r.name() + ": column " + c
                            + " does not exist in " + name);
                    return Optional.empty();
                }
            }
            Optional<ForeignKey> fk = single(matches, r, name, f.columns(), usingOrigin);
            if (fk.isEmpty() || !targetTracked(fk.get().referencedTable(), tracked, r, usingOrigin)) {
                return Optional.empty();
            }
            List<ResolvedRelationship.ColumnPair> pairs = new ArrayList<>();
            for (int i = 0; i < fk.get().columns().size(); i++) {
                pairs.add(new ResolvedRelationship.ColumnPair(fk.get().columns().get(i), fk.get().referencedColumns().get(i)));
            }
            return Optional.of(new ResolvedRelationship(r.name(), array, name, fk.get().referencedTable(), pairs,
                    Optional.of(fk.get().name())));
        }
        if (u instanceof RelationshipUsing.RemoteForeignKey f) {
            Optional<Table> remote = schema.table(f.table());
            if (remote.isEmpty()) {
                d.report(DiagnosticCode.UNKNOWN_TABLE, usingOrigin, "relationship " + r.name() + ": table " + f.table()
                        + " does not exist in the database");
                return Optional.empty();
            }
            for (String c : f.columns()) {
                if (remote.get().column(c).isEmpty()) {
                    d.report(DiagnosticCode.UNKNOWN_COLUMN, usingOrigin, "relationship " + r.name() + ": column " + c
                            + " does not exist in " + f.table());
                    return Optional.empty();
                }
            }
            List<ForeignKey> matches = new ArrayList<>();
            for (ForeignKey fk : remote.get().foreignKeys()) {
                if (fk.referencedTable().equals(name) && new HashSet<>(fk.columns()).equals(new HashSet<>(f.columns()))) {
                    matches.add(fk);
                }
            }
            Optional<ForeignKey> fk = single(matches, r, f.table(), f.columns(), usingOrigin);
            if (fk.isEmpty() || !targetTracked(f.table(), tracked, r, usingOrigin)) {
                return Optional.empty();
            }
            List<ResolvedRelationship.ColumnPair> pairs = new ArrayList<>();
            for (int i = 0; i < fk.get().columns().size(); i++) {
                pairs.add(new ResolvedRelationship.ColumnPair(fk.get().referencedColumns().get(i), fk.get().columns().get(i)));
            }
            return Optional.of(new ResolvedRelationship(r.name(), array, name, f.table(), pairs, Optional.of(fk.get().name())));
        }
        RelationshipUsing.Manual m = (RelationshipUsing.Manual) u;
        Optional<Table> remote = schema.table(m.remoteTable());
        if (remote.isEmpty()) {
            d.report(DiagnosticCode.UNKNOWN_TABLE, usingOrigin, "relationship " + r.name() + ": table " + m.remoteTable()
                    + " does not exist in the database");
            return Optional.empty();
        }
        if (!targetTracked(m.remoteTable(), tracked, r, usingOrigin)) {
            return Optional.empty();
        }
        List<ResolvedRelationship.ColumnPair> pairs = new ArrayList<>();
        boolean ok = true;
        for (Map.Entry<String, String> e : m.columnMapping().entrySet()) {
            Optional<Column> local = table.column(e.getKey());
            Optional<Column> rem = remote.get().column(e.getValue());
            if (local.isEmpty()) {
                d.report(DiagnosticCode.UNKNOWN_COLUMN, usingOrigin, "relationship " + r.name() + ": column " + e.getKey()
                        + " does not exist in " + name);
                ok = false;
            }
            if (rem.isEmpty()) {
                d.report(DiagnosticCode.UNKNOWN_COLUMN, usingOrigin, "relationship " + r.name() + ": column " + e.getValue()
                        + " does not exist in " + m.remoteTable());
                ok = false;
            }
            if (local.isPresent() && rem.isPresent() && !comparable(local.get().type(), rem.get().type())) {
                // Hasura does not check the types of a manual mapping (a warning here); a filter that uses the
                // relationship is refused (FilterCompiler).
                d.report(DiagnosticCode.RELATIONSHIP_TYPE_MISMATCH, Severity.WARNING, usingOrigin, "relationship "
                        + r.name() + " maps " + name + "." + e.getKey() + " (" + local.get().type().displayName() + ") to "
                        + m.remoteTable() + "." + e.getValue() + " (" + rem.get().type().displayName()
                        + "), which cannot be compared; a permission that uses it is refused");
            }
            pairs.add(new ResolvedRelationship.ColumnPair(e.getKey(), e.getValue()));
        }
        return ok ? Optional.of(new ResolvedRelationship(r.name(), array, name, m.remoteTable(), pairs, Optional.empty()))
                : Optional.empty();
    }

    private Optional<ForeignKey> single(List<ForeignKey> matches, Relationship r, QualifiedName on, List<String> columns,
                                        Origin origin) {
        if (matches.isEmpty()) {
            d.report(DiagnosticCode.NO_FOREIGN_KEY, origin, "relationship " + r.name() + ": no foreign constraint exists "
                    + "on the given column(s) " + columns + " of " + on);
            return Optional.empty();
        }
        if (matches.size() > 1) {
            d.report(DiagnosticCode.AMBIGUOUS_FOREIGN_KEY, origin, "relationship " + r.name() + ": more than one foreign key "
                    + "constraint exists on the given column(s) " + columns + " of " + on + ": "
                    + matches.stream().map(ForeignKey::name).toList());
            return Optional.empty();
        }
        return Optional.of(matches.get(0));
    }

    private boolean targetTracked(QualifiedName target, Set<QualifiedName> tracked, Relationship r, Origin origin) {
        if (tracked.contains(target)) {
            return true;
        }
        if (schema.table(target).isPresent()) {
            d.report(DiagnosticCode.UNTRACKED_TABLE, origin, "relationship " + r.name() + " refers to " + target
                    + ", which is not tracked");
        } else {
            d.report(DiagnosticCode.UNKNOWN_TABLE, origin, "relationship " + r.name() + " refers to " + target
                    + ", which does not exist in the database");
        }
        return false;
    }

    /** Whether PostgreSQL can compare values of the two types with {@code =}. */
    static boolean comparable(PgType a, PgType b) {
        if (a.equals(b)) {
            return true;
        }
        TypeCategory x = a.category();
        TypeCategory y = b.category();
        if (x.isNumeric() && y.isNumeric()) {
            return true;
        }
        if (x == TypeCategory.STRING && y == TypeCategory.STRING) {
            return true;
        }
        return (x == TypeCategory.TIMESTAMP || x == TypeCategory.TIMESTAMPTZ || x == TypeCategory.DATE)
                && (y == TypeCategory.TIMESTAMP || y == TypeCategory.TIMESTAMPTZ || y == TypeCategory.DATE);
    }

    // ----------------------------------------------------------------------------------------- computed fields

    private Optional<ResolvedComputedField> resolveComputedField(QualifiedName table, ComputedField c,
                                                                Set<QualifiedName> tracked) {
        List<SqlFunction> overloads = schema.functions(c.function());
        if (overloads.isEmpty()) {
            d.report(DiagnosticCode.INVALID_COMPUTED_FIELD, c.origin(), "computed field " + c.name() + ": function "
                    + c.function() + " does not exist");
            return Optional.empty();
        }
        PgType row = new PgType.Composite(table);
        List<String> problems = new ArrayList<>();
        for (SqlFunction f : overloads) {
            int tablePos = -1;
            if (c.tableArgument().isPresent()) {
                for (int i = 0; i < f.arguments().size(); i++) {
                    if (f.arguments().get(i).name().equals(c.tableArgument())) {
                        tablePos = i;
                    }
                }
            } else if (!f.arguments().isEmpty()) {
                tablePos = 0;
            }
            if (tablePos < 0 || !f.arguments().get(tablePos).type().equals(row)) {
                problems.add("no argument " + c.tableArgument().map(n -> "named " + n + " ").orElse("") + "of type " + table);
                continue;
            }
            Optional<Integer> sessionPos = Optional.empty();
            if (c.sessionArgument().isPresent()) {
                for (int i = 0; i < f.arguments().size(); i++) {
                    if (f.arguments().get(i).name().equals(c.sessionArgument())) {
                        sessionPos = Optional.of(i);
                    }
                }
                if (sessionPos.isEmpty()) {
                    problems.add("no argument named " + c.sessionArgument().get());
                    continue;
                }
                TypeCategory st = f.arguments().get(sessionPos.get()).type().category();
                if (st != TypeCategory.JSON && st != TypeCategory.JSONB) {
                    problems.add("session argument " + c.sessionArgument().get() + " is not json");
                    continue;
                }
            }
            boolean filterable = true;
            for (int i = 0; i < f.arguments().size(); i++) {
                if (i != tablePos && (sessionPos.isEmpty() || i != sessionPos.get()) && !f.arguments().get(i).hasDefault()) {
                    filterable = false;
                }
            }
            if (f.returnsSet()) {
                if (f.returnType() instanceof PgType.Composite rt && schema.table(rt.name()).isPresent()) {
                    if (!tracked.contains(rt.name())) {
                        d.report(DiagnosticCode.UNTRACKED_TABLE, c.origin(), "computed field " + c.name() + " returns rows of "
                                + rt.name() + ", which is not tracked");
                        return Optional.empty();
                    }
                    return Optional.of(new ResolvedComputedField(c.name(), c.function(), rt, Optional.of(rt.name()), tablePos,
                            sessionPos, f.arguments().size(), filterable, f.arguments()));
                }
                problems.add("it returns a set of " + f.returnType().displayName() + ", not of a tracked table");
                continue;
            }
            if (f.returnType() instanceof PgType.Composite) {
                problems.add("it returns a row (" + f.returnType().displayName() + "), not a scalar or SETOF table");
                continue;
            }
            return Optional.of(new ResolvedComputedField(c.name(), c.function(), f.returnType(), Optional.empty(), tablePos,
                    sessionPos, f.arguments().size(), filterable, f.arguments()));
        }
        d.report(DiagnosticCode.INVALID_COMPUTED_FIELD, c.origin(), "computed field " + c.name() + ": function "
                + c.function() + " cannot be used: " + String.join("; ", problems));
        return Optional.empty();
    }
}

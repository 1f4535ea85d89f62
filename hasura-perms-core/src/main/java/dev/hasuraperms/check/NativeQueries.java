package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.metadata.LogicalModel;
import dev.hasuraperms.metadata.LogicalModelField;
import dev.hasuraperms.metadata.LogicalModelType;
import dev.hasuraperms.metadata.NativeQuery;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.types.PgType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Native queries as the checker and the backends see them: the code read into text and placeholders
 * ({@link NativeQueryCode}), the arguments' types, and the logical model whose select permission filters the rows.
 * The checks without a database are made here when metadata is checked; those that need the database (the code
 * prepares, its columns match the model) are made by the JDBC module's {@code NativeQueryChecks}.
 */
public final class NativeQueries {

    private static final Map<CheckedPermissions, Map<String, Optional<Resolved>>> CACHE =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private NativeQueries() {
    }

    /**
     * A native query, resolved.
     *
     * @param query         the native query as in the metadata
     * @param code          its code, read
     * @param argumentTypes the type of each argument, in declaration order
     * @param model         the logical model it returns
     * @param columns       the model's fields as columns of the query's rows, with their types, in field order:
     *                      scalars and arrays of scalars with their types, fields holding logical models as jsonb
     *                      (json is accepted too)
     */
    public record Resolved(NativeQuery query, NativeQueryCode code, Map<String, PgType> argumentTypes,
                           LogicalModel model, Map<String, PgType> columns) {
        /**
         * A resolved native query.
         *
         * @param query the native query as in the metadata
         * @param code its code, read
         * @param argumentTypes the type of each argument, in declaration order
         * @param model the logical model it returns
         * @param columns the model's fields as columns of the query's rows, with their types, in field order: scalars
         *     and arrays of scalars with their types, fields holding logical models as jsonb (json is accepted too)
         */
        public Resolved {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(code, "code");
            argumentTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(argumentTypes));
            Objects.requireNonNull(model, "model");
            columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }
    }

    /**
     * The native query whose root field is {@code name} in the checked permissions' source; empty when there is none.
     *
     * @param permissions the checked permissions
     * @param name        the native query's root field name
     * @return the resolved native query
     */
    public static Optional<Resolved> resolve(CheckedPermissions permissions, String name) {
        Objects.requireNonNull(name, "name");
        Map<String, Optional<Resolved>> byName = CACHE.computeIfAbsent(permissions, p -> new ConcurrentHashMap<>());
        return byName.computeIfAbsent(name, n -> permissions.source().nativeQueries().stream()
                .filter(q -> q.rootFieldName().equals(n)).findFirst()
                .flatMap(q -> resolve(q, permissions.source(), permissions.schema(), new Diagnostics())));
    }

    /** Reports what is wrong with the native queries of {@code source} that can be seen without running their code. */
    static void check(Source source, DatabaseSchema schema, Diagnostics d) {
        for (NativeQuery q : source.nativeQueries()) {
            resolve(q, source, schema, d);
        }
    }

    private static Optional<Resolved> resolve(NativeQuery q, Source source, DatabaseSchema schema, Diagnostics d) {
        Optional<LogicalModel> model = source.logicalModels().stream().filter(m -> m.name().equals(q.returns()))
                .findFirst();
        // An unknown model is reported by the reader (UNKNOWN_LOGICAL_MODEL).
        NativeQueryCode code;
        try {
            code = NativeQueryCode.parse(q.code());
        } catch (NativeQueryCode.InvalidCodeException e) {
            d.report(DiagnosticCode.NATIVE_QUERY_INVALID_PLACEHOLDER, q.origin(), "native query " + q.rootFieldName()
                    + ": " + e.getMessage());
            return Optional.empty();
        }
        boolean ok = model.isPresent();
        Set<String> used = code.arguments();
        Set<String> undeclared = new LinkedHashSet<>(used);
        undeclared.removeAll(q.arguments().keySet());
        if (!undeclared.isEmpty()) {
            d.report(DiagnosticCode.NATIVE_QUERY_UNDECLARED_ARGUMENT, q.origin(), "native query " + q.rootFieldName()
                    + " uses " + names(undeclared) + " in its code, but does not declare " + (undeclared.size() == 1
                    ? "it as an argument" : "them as arguments"));
            ok = false;
        }
        Set<String> unused = new LinkedHashSet<>(q.arguments().keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            d.report(DiagnosticCode.NATIVE_QUERY_UNUSED_ARGUMENT, q.origin(), "native query " + q.rootFieldName()
                    + " declares " + names(unused) + (unused.size() == 1 ? " as an argument" : " as arguments")
                    + ", but its code does not use " + (unused.size() == 1 ? "it" : "them") + " (Hasura refuses this too)");
            ok = false;
        }
        Map<String, PgType> named = LogicalModels.namedTypes(schema);
        Map<String, PgType> argumentTypes = new LinkedHashMap<>();
        for (Map.Entry<String, NativeQuery.Argument> a : q.arguments().entrySet()) {
            Optional<PgType> t = LogicalModels.type(a.getValue().type(), named);
            if (t.isEmpty()) {
                d.report(DiagnosticCode.UNKNOWN_TYPE, q.origin(), "argument " + a.getKey() + " of native query "
                        + q.rootFieldName() + " has type " + a.getValue().type()
                        + ", which is neither a built-in type nor a type of the database's columns");
                ok = false;
            } else {
                argumentTypes.put(a.getKey(), t.get());
            }
        }
        if (!q.relationships().isEmpty()) {
            d.report(DiagnosticCode.NATIVE_QUERY_UNSUPPORTED, q.origin(), "native query " + q.rootFieldName()
                    + " declares relationships " + q.relationships() + ", which are not read through: a logical-model field"
                    + " they would fill is read as a column of the query's own rows");
        }
        if (!ok) {
            return Optional.empty();
        }
        Map<String, PgType> columns = new LinkedHashMap<>();
        for (LogicalModelField f : model.get().fields()) {
            // A field holding a logical model (or an array of them) is read as a JSON column of the rows, as the
            // checker reads it in filters (LogicalModels); Hasura fills it through a native-query relationship instead.
            columnType(f.type(), named).ifPresent(t -> columns.put(f.name(), t));
            if (!columnLike(f.type())) {
                columns.put(f.name(), JSONB);
            }
        }
        return Optional.of(new Resolved(q, code, argumentTypes, model.get(), columns));
    }

    private static final PgType JSONB = new PgType.Base(dev.hasuraperms.names.QualifiedName.of(PgType.PG_CATALOG, "jsonb"));

    private static boolean columnLike(LogicalModelType t) {
        return t instanceof LogicalModelType.Scalar
                || t instanceof LogicalModelType.ArrayOf a && a.element() instanceof LogicalModelType.Scalar;
    }

    /** The column type of a scalar field or an array of scalars; empty for logical-model fields (and unknown types). */
    private static Optional<PgType> columnType(LogicalModelType t, Map<String, PgType> named) {
        if (t instanceof LogicalModelType.Scalar s) {
            return LogicalModels.type(s.type(), named);
        }
        if (t instanceof LogicalModelType.ArrayOf a && a.element() instanceof LogicalModelType.Scalar s) {
            return LogicalModels.type(s.type(), named).map(PgType.Array::new);
        }
        return Optional.empty();
    }

    private static String names(Set<String> names) {
        List<String> quoted = names.stream().map(n -> dev.hasuraperms.json.JsonString.of(n).toJson()).toList();
        return String.join(", ", quoted);
    }
}

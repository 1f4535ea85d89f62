package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.names.QualifiedName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A database source: a name, a kind ({@code postgres} unless said otherwise), its tracked tables, functions,
 * logical models and native queries, and its connection configuration (kept as written, never used to connect).
 *
 * @param name the source's name, e.g. {@code default}
 * @param kind the source's kind, e.g. {@code postgres}
 * @param tables the tracked tables, in order
 * @param functions the tracked functions, in order
 * @param logicalModels the logical models, in order
 * @param nativeQueries the native queries, in order
 * @param configuration the source's {@code configuration} object as written, when present
 * @param origin where the source's entry was read
 */
public record Source(String name, String kind, List<TableMetadata> tables, List<FunctionMetadata> functions,
                     List<LogicalModel> logicalModels, List<NativeQuery> nativeQueries,
                     Optional<JsonValue> configuration, Origin origin) {

    /** The kind of PostgreSQL sources, and the default. */
    public static final String POSTGRES = "postgres";

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param name the source's name, e.g. {@code default}
     * @param kind the source's kind, e.g. {@code postgres}
     * @param tables the tracked tables, in order
     * @param functions the tracked functions, in order
     * @param logicalModels the logical models, in order
     * @param nativeQueries the native queries, in order
     * @param configuration the source's {@code configuration} object as written, when present
     * @param origin where the source's entry was read
     * @throws NullPointerException when a component is null
     */
    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        tables = List.copyOf(tables);
        functions = List.copyOf(functions);
        logicalModels = List.copyOf(logicalModels);
        nativeQueries = List.copyOf(nativeQueries);
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * {@return the tracked table {@code name}}
     *
     * @param name the table's name; never null
     */
    public Optional<TableMetadata> table(QualifiedName name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst();
    }

    /**
     * {@return the logical model {@code name}}
     *
     * @param name the logical model's name; never null
     */
    public Optional<LogicalModel> logicalModel(String name) {
        return logicalModels.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * {@return the tracked function {@code name}}
     *
     * @param name the function's name; never null
     */
    public Optional<FunctionMetadata> function(QualifiedName name) {
        return functions.stream().filter(f -> f.function().equals(name)).findFirst();
    }
}

package dev.hasuraperms.check;

import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.names.QualifiedName;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hasura's GraphQL names of a PostgreSQL table and its columns (docs/semantics.md, "GraphQL names"): a table in
 * {@code public} is its name, elsewhere {@code <schema>_<name>}; {@code configuration.custom_name} overrides it. A
 * column is its name; {@code configuration.column_config.<col>.custom_name} overrides it, and the older
 * {@code configuration.custom_column_names.<col>} where {@code column_config} gives none.
 */
public final class GraphQLNames {

    private static final Pattern NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

    private GraphQLNames() {
    }

    /**
     * {@return whether {@code s} is a GraphQL name ({@code /[_A-Za-z][_0-9A-Za-z]*}/)}
     *
     * @param s the text; never null
     */
    public static boolean isValid(String s) {
        return NAME.matcher(s).matches();
    }

    /**
     * Hasura's default name of a table: {@code name} in {@code public}, else {@code schema_name}.
     *
     * @param table the table; never null
     * @return the default GraphQL name of {@code table}, never null
     */
    public static String defaultTableName(QualifiedName table) {
        return table.schema().equals(QualifiedName.DEFAULT_SCHEMA) ? table.name() : table.schema() + "_" + table.name();
    }

    /**
     * {@return the GraphQL type name of a tracked table: its {@code custom_name}, else the default name}
     *
     * @param t the table's metadata; never null
     */
    public static String tableName(TableMetadata t) {
        return string(configuration(t), "custom_name").orElseGet(() -> defaultTableName(t.table()));
    }

    /**
     * {@return the GraphQL field name of column {@code column} of {@code t}}
     *
     * @param t the table's metadata; never null
     * @param column the column's name; never null
     */
    public static String columnName(TableMetadata t, String column) {
        Optional<JsonObject> config = configuration(t);
        Optional<String> custom = config.flatMap(c -> object(c, "column_config")).flatMap(cc -> object(cc, column))
                .flatMap(c -> string(Optional.of(c), "custom_name"));
        if (custom.isPresent()) {
            return custom.get();
        }
        return config.flatMap(c -> object(c, "custom_column_names")).flatMap(m -> string(Optional.of(m), column))
                .orElse(column);
    }

    private static Optional<JsonObject> configuration(TableMetadata t) {
        return t.configuration().filter(JsonObject.class::isInstance).map(JsonObject.class::cast);
    }

    private static Optional<JsonObject> object(JsonObject o, String key) {
        return o.get(key).filter(JsonObject.class::isInstance).map(JsonObject.class::cast);
    }

    private static Optional<String> string(Optional<JsonObject> o, String key) {
        return o.flatMap(x -> x.get(key)).filter(JsonString.class::isInstance).map(v -> ((JsonString) v).value());
    }

}

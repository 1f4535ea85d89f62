package dev.hasuraperms.jdbc;

import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.Source;
import dev.hasuraperms.metadata.TableMetadata;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the rows of Hasura's enum tables ({@code is_enum: true}) from the database, for
 * {@link dev.hasuraperms.check.CheckOptions#withEnumValues}: the checker then types the columns that reference an enum
 * table as that enum, so that literals, presets, session values and written values must be among its rows.
 *
 * <pre>{@code
 * DatabaseSchema schema = JdbcSchemaReader.defaults().read(connection);
 * CheckOptions options = CheckOptions.DEFAULT.withEnumValues(EnumTableValues.read(connection, metadata, schema));
 * CheckResult r = PermissionChecker.check(metadata, schema, options);
 * }</pre>
 */
public final class EnumTableValues {

    /** The most rows read from one enum table; a larger table is left out (its values stay unknown). */
    public static final int MAX_VALUES = 10_000;

    private EnumTableValues() {
    }

    /**
     * The primary key values of the enum tables of the checked source of {@code metadata} (the only source, else
     * {@code default}): those with a single-column primary key in {@code schema}, at most {@link #MAX_VALUES} rows each
     * (a table with more is left out, and the checker warns that its values are unknown).
     *
     * @param connection the connection to the database the schema was read from
     * @param metadata   the metadata
     * @param schema     the schema read from that database
     * @return enum table → its values, as text, in no particular order
     * @throws SQLException when a table cannot be read
     */
    public static Map<QualifiedName, List<String>> read(Connection connection, Metadata metadata, DatabaseSchema schema)
            throws SQLException {
        return read(connection, metadata, Optional.empty(), schema);
    }

    /**
     * Like {@link #read(Connection, Metadata, DatabaseSchema)} for the source called {@code source} (when given).
     *
     * @param connection the connection to the database the schema was read from
     * @param metadata   the metadata
     * @param source     the source checked; empty for the only source, else {@code default}
     * @param schema     the schema read from that database
     * @return enum table → its values
     * @throws SQLException when a table cannot be read
     */
    public static Map<QualifiedName, List<String>> read(Connection connection, Metadata metadata,
                                                        Optional<String> source, DatabaseSchema schema)
            throws SQLException {
        Optional<Source> s = source.isPresent() ? metadata.source(source.get())
                : metadata.sources().size() == 1 ? Optional.of(metadata.sources().get(0))
                : metadata.source(Metadata.DEFAULT_SOURCE);
        Map<QualifiedName, List<String>> out = new LinkedHashMap<>();
        if (s.isEmpty()) {
            return out;
        }
        for (TableMetadata t : s.get().tables()) {
            Optional<Table> table = schema.table(t.table());
            if (!t.isEnum() || table.isEmpty() || table.get().primaryKeyColumns().size() != 1) {
                continue;
            }
            String sql = "SELECT " + SqlIdentifiers.quote(table.get().primaryKeyColumns().get(0)) + "::text FROM "
                    + SqlIdentifiers.quote(t.table()) + " LIMIT ?";
            List<String> values = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setInt(1, MAX_VALUES + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
            }
            if (values.size() <= MAX_VALUES) {
                out.put(t.table(), List.copyOf(values.stream().filter(java.util.Objects::nonNull).toList()));
            }
        }
        return out;
    }
}

package dev.hasuraperms.jdbc;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.SchemaSnapshot;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.types.PgType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one database's catalog through one connection, in five set-based queries (types, enum labels, relations
 * with their columns, constraints, functions with their parameters). The caller takes care of transactions.
 */
final class CatalogReader {

    private static final PgType.Base VARCHAR = PgType.builtin("varchar");
    private static final PgType.Base BPCHAR = PgType.builtin("bpchar");

    /** {@code atttypmod} of {@code varchar(n)} and {@code char(n)} is n plus the size of the length header. */
    private static final int VARHDRSZ = 4;

    private static final Comparator<UniqueConstraint> CONSTRAINT_ORDER =
            Comparator.comparing(UniqueConstraint::name).thenComparing(c -> c.columns().toString());
    private static final Comparator<ForeignKey> FOREIGN_KEY_ORDER =
            Comparator.comparing(ForeignKey::name).thenComparing(fk -> fk.columns().toString());
    /**
     * Functions by name, then by their arguments with fully qualified types. {@link DatabaseSchema} sorts overloads
     * by the arguments' display names, which do not show the schema of extension types (two overloads on
     * {@code a.citext} and {@code b.citext} tie); its stable sort then keeps this order, so the model does not depend
     * on the order in which the functions were created.
     */
    private static final Comparator<SqlFunction> FUNCTION_ORDER =
            Comparator.comparing(SqlFunction::name).thenComparing(CatalogReader::argumentKey);

    private final Connection connection;
    private final Optional<Set<String>> schemas;

    CatalogReader(Connection connection, Optional<Set<String>> schemas) {
        this.connection = connection;
        this.schemas = schemas;
    }

    /** A relation being assembled. */
    private static final class RelationBuilder {
        final QualifiedName name;
        final Table.Kind kind;
        final List<Column> columns = new ArrayList<>();
        Optional<UniqueConstraint> primaryKey = Optional.empty();
        final List<UniqueConstraint> unique = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();

        final Table.Writes writes;

        RelationBuilder(QualifiedName name, Table.Kind kind, Table.Writes writes) {
            this.name = name;
            this.kind = kind;
            this.writes = writes;
        }

        Table build() {
            unique.sort(CONSTRAINT_ORDER);
            foreignKeys.sort(FOREIGN_KEY_ORDER);
            return new Table(name, kind, columns, primaryKey, unique, foreignKeys, writes);
        }
    }

    /** The writes of {@code pg_relation_is_updatable}'s bit mask (1 << CMD_UPDATE, CMD_INSERT, CMD_DELETE). */
    static Table.Writes writes(int mask) {
        return new Table.Writes((mask & 8) != 0, (mask & 4) != 0, (mask & 16) != 0);
    }

    DatabaseSchema read() {
        CatalogTypes types = new CatalogTypes(readTypes(), readEnumLabels());
        Map<Long, RelationBuilder> relations = readRelations(types);
        readConstraints(relations);
        List<SqlFunction> functions = readFunctions(types);
        List<Table> tables = new ArrayList<>(relations.size());
        for (RelationBuilder r : relations.values()) {
            tables.add(r.build());
        }
        DatabaseSchema schema = new DatabaseSchema(tables, functions);
        int versionNum = readServerVersionNum();
        return versionNum >= 90000 ? schema.withServerVersionNum(versionNum) : schema;
    }

    // ------------------------------------------------------------------------------------------------------ types

    private Map<Long, CatalogTypes.TypeRow> readTypes() {
        Map<Long, CatalogTypes.TypeRow> rows = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(CatalogQueries.TYPES);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                CatalogTypes.TypeRow row = new CatalogTypes.TypeRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getBoolean(8), rs.getInt(9));
                rows.put(row.oid(), row);
            }
        } catch (SQLException e) {
            throw failed("reading types (pg_type)", e);
        }
        return rows;
    }

    private Map<Long, List<String>> readEnumLabels() {
        Map<Long, List<String>> labels = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(CatalogQueries.ENUM_LABELS);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                labels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        } catch (SQLException e) {
            throw failed("reading enum labels (pg_enum)", e);
        }
        return labels;
    }

    /** The server's {@code server_version_num} (e.g. 180001): session values are parsed with its input rules. */
    private int readServerVersionNum() {
        try (PreparedStatement st = connection.prepareStatement("SELECT current_setting('server_version_num')::int4");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw failed("reading server_version_num", e);
        }
    }

    // -------------------------------------------------------------------------------------------------- relations

    private Map<Long, RelationBuilder> readRelations(CatalogTypes types) {
        Map<Long, RelationBuilder> relations = new LinkedHashMap<>();
        try (PreparedStatement st = prepare(CatalogQueries.relations(schemas.isPresent()));
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long oid = rs.getLong(1);
                RelationBuilder r = relations.get(oid);
                if (r == null) {
                    r = new RelationBuilder(QualifiedName.of(rs.getString(2), rs.getString(3)), kind(rs.getString(4)),
                            writes(rs.getInt(10)));
                    relations.put(oid, r);
                }
                String column = rs.getString(5);
                if (column != null) {
                    r.columns.add(column(r.name, column, rs.getLong(6), rs.getInt(7), rs.getBoolean(8),
                            rs.getBoolean(9), types));
                }
            }
        } catch (SQLException e) {
            throw failed("reading relations and columns (pg_class, pg_attribute)", e);
        }
        return relations;
    }

    private static Table.Kind kind(String relkind) {
        switch (relkind) {
            case "r":
                return Table.Kind.TABLE;
            case "v":
                return Table.Kind.VIEW;
            case "m":
                return Table.Kind.MATERIALIZED_VIEW;
            case "f":
                return Table.Kind.FOREIGN_TABLE;
            case "p":
                return Table.Kind.PARTITIONED_TABLE;
            default:
                throw new HasuraPermsException(DiagnosticCode.SCHEMA_READ_FAILED,
                        "could not read the database schema: unexpected relation kind '" + relkind + "'");
        }
    }

    private static Column column(QualifiedName table, String name, long typeOid, int atttypmod, boolean notNull,
                                 boolean hasDefault, CatalogTypes types) {
        CatalogTypes.Resolved t = types.resolve(typeOid, "column " + name + " of " + table);
        int typmod = atttypmod != -1 ? atttypmod : t.typmod();
        Optional<Integer> maxLength = (t.type().equals(VARCHAR) || t.type().equals(BPCHAR)) && typmod >= VARHDRSZ
                ? Optional.of(typmod - VARHDRSZ)
                : Optional.empty();
        return new Column(name, t.type(), !notNull && !t.notNull(), hasDefault, maxLength);
    }

    // ------------------------------------------------------------------------------------------------ constraints

    private void readConstraints(Map<Long, RelationBuilder> relations) {
        try (PreparedStatement st = prepare(CatalogQueries.constraints(schemas.isPresent()));
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                // Constraints of relations that were not read (those of extensions) are skipped with them.
                RelationBuilder r = relations.get(rs.getLong(1));
                if (r == null) {
                    continue;
                }
                String name = rs.getString(2);
                String type = rs.getString(3);
                List<String> columns = strings(rs.getArray(6));
                if (type.equals("f")) {
                    List<String> referenced = strings(rs.getArray(7));
                    String refSchema = rs.getString(4);
                    String refTable = rs.getString(5);
                    if (refSchema == null || refTable == null || columns.isEmpty()
                            || columns.size() != referenced.size()) {
                        throw new HasuraPermsException(DiagnosticCode.SCHEMA_READ_FAILED,
                                "could not read the database schema: foreign key " + name + " of " + r.name
                                        + " has columns " + columns + " referencing " + refSchema + "." + refTable
                                        + " " + referenced);
                    }
                    r.foreignKeys.add(new ForeignKey(name, r.name, columns, QualifiedName.of(refSchema, refTable),
                            referenced));
                } else if (type.equals("p")) {
                    r.primaryKey = Optional.of(new UniqueConstraint(name, columns));
                } else {
                    r.unique.add(new UniqueConstraint(name, columns));
                }
            }
        } catch (SQLException e) {
            throw failed("reading constraints (pg_constraint)", e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    // -------------------------------------------------------------------------------------------------- functions

    /** A function being assembled from its parameter rows. */
    private static final class FunctionBuilder {
        final QualifiedName name;
        final long returnType;
        final boolean returnsSet;
        final int defaults;
        final SqlFunction.Volatility volatility;
        final List<Optional<String>> inputNames = new ArrayList<>();
        final List<Long> inputTypes = new ArrayList<>();

        FunctionBuilder(QualifiedName name, long returnType, boolean returnsSet, int defaults,
                        SqlFunction.Volatility volatility) {
            this.name = name;
            this.volatility = volatility;
            this.returnType = returnType;
            this.returnsSet = returnsSet;
            this.defaults = defaults;
        }

        SqlFunction build(CatalogTypes types) {
            List<SqlFunction.Argument> args = new ArrayList<>();
            int firstDefault = inputTypes.size() - defaults;
            for (int i = 0; i < inputTypes.size(); i++) {
                PgType t = types.resolve(inputTypes.get(i), "argument " + (i + 1) + " of function " + name).type();
                args.add(new SqlFunction.Argument(inputNames.get(i), t, i >= firstDefault));
            }
            PgType returns = types.resolve(returnType, "the result of function " + name).type();
            return new SqlFunction(name, args, returns, returnsSet, volatility);
        }
    }

    /** {@code pg_proc.provolatile} read as a volatility. */
    private static SqlFunction.Volatility volatility(String provolatile) {
        return switch (provolatile == null ? "v" : provolatile) {
            case "i" -> SqlFunction.Volatility.IMMUTABLE;
            case "s" -> SqlFunction.Volatility.STABLE;
            default -> SqlFunction.Volatility.VOLATILE;
        };
    }

    private List<SqlFunction> readFunctions(CatalogTypes types) {
        Map<Long, FunctionBuilder> functions = new LinkedHashMap<>();
        try (PreparedStatement st = prepare(CatalogQueries.functions(schemas.isPresent()));
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long oid = rs.getLong(1);
                FunctionBuilder f = functions.get(oid);
                if (f == null) {
                    f = new FunctionBuilder(QualifiedName.of(rs.getString(2), rs.getString(3)), rs.getLong(4),
                            rs.getBoolean(5), rs.getInt(6), volatility(rs.getString(10)));
                    functions.put(oid, f);
                }
                long argType = rs.getLong(7);
                if (rs.wasNull()) {
                    continue;
                }
                String mode = rs.getString(8);
                // IN (NULL when every parameter is IN), INOUT and VARIADIC are inputs; OUT and TABLE columns are not.
                if (mode == null || mode.equals("i") || mode.equals("b") || mode.equals("v")) {
                    String argName = rs.getString(9);
                    f.inputNames.add(argName == null || argName.isEmpty() ? Optional.empty() : Optional.of(argName));
                    f.inputTypes.add(argType);
                }
            }
        } catch (SQLException e) {
            throw failed("reading functions (pg_proc)", e);
        }
        List<SqlFunction> result = new ArrayList<>(functions.size());
        for (FunctionBuilder f : functions.values()) {
            result.add(f.build(types));
        }
        result.sort(FUNCTION_ORDER);
        return result;
    }

    private static String argumentKey(SqlFunction f) {
        StringBuilder key = new StringBuilder();
        for (SqlFunction.Argument a : f.arguments()) {
            key.append(SchemaSnapshot.type(a.type()).toJson()).append(' ').append(a.name().orElse("")).append(' ')
                    .append(a.hasDefault()).append(';');
        }
        return key.toString();
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        if (schemas.isPresent()) {
            try {
                st.setArray(1, connection.createArrayOf("text", schemas.get().toArray(new String[0])));
            } catch (SQLException e) {
                st.close();
                throw e;
            }
        }
        return st;
    }

    /** The exception for a failed step of reading the schema ({@code step} says which, e.g. "reading types"). */
    static HasuraPermsException failed(String step, SQLException e) {
        return new HasuraPermsException(DiagnosticCode.SCHEMA_READ_FAILED,
                "could not read the database schema: " + step + " failed: " + oneLine(e), e);
    }

    /** The first line of the exception's message, with its SQLSTATE. */
    static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = message.indexOf('\n');
        String line = (nl < 0 ? message : message.substring(0, nl)).strip();
        return e.getSQLState() == null ? line : line + " (SQLSTATE " + e.getSQLState() + ")";
    }
}

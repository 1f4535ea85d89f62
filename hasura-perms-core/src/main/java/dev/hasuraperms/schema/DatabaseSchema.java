package dev.hasuraperms.schema;

import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of a PostgreSQL database that permissions are checked against: relations with their columns and keys,
 * and functions usable as computed fields. Filled from a live database ({@code hasura-perms-jdbc}), from DDL scripts
 * ({@code hasura-perms-jooq}) or from a JSON snapshot ({@link SchemaSnapshot}); the three give equal models for the
 * same database. Tables and functions are kept sorted by name, so equal databases give equal models.
 *
 * <p>Immutable; a final class rather than a record only so that it can keep its lookup indexes.
 */
public final class DatabaseSchema {

    /** By name, then by the qualified argument types (overloads differ in those), so equal databases sort equally. */
    private static final Comparator<SqlFunction> FUNCTION_ORDER =
            Comparator.comparing((SqlFunction x) -> x.name()).thenComparing(DatabaseSchema::signature);

    private final List<Table> tables;
    private final List<SqlFunction> functions;
    private final Map<QualifiedName, Table> tableIndex = new HashMap<>();
    private final Map<QualifiedName, List<ForeignKey>> referencing = new HashMap<>();
    /** PostgreSQL's {@code server_version_num} (e.g. 160004), or 0 when unknown. */
    private final int serverVersionNum;

    /**
     * A schema of these tables and functions (in any order), of a server whose version is unknown.
     *
     * @param tables the tables, views and other relations; never null
     * @param functions the functions; never null
     */
    public DatabaseSchema(List<Table> tables, List<SqlFunction> functions) {
        this(tables, functions, 0);
    }

    private DatabaseSchema(List<Table> tables, List<SqlFunction> functions, int serverVersionNum) {
        if (serverVersionNum < 0) {
            throw new IllegalArgumentException("server_version_num must be positive: " + serverVersionNum);
        }
        this.serverVersionNum = serverVersionNum;
        List<Table> t = new ArrayList<>(tables);
        t.sort(Comparator.comparing(Table::name));
        this.tables = Collections.unmodifiableList(t);
        List<SqlFunction> f = new ArrayList<>(functions);
        f.sort(FUNCTION_ORDER);
        this.functions = Collections.unmodifiableList(f);
        for (Table table : this.tables) {
            if (tableIndex.put(table.name(), table) != null) {
                throw new IllegalArgumentException("table " + table.name() + " appears twice");
            }
            for (ForeignKey fk : table.foreignKeys()) {
                referencing.computeIfAbsent(fk.referencedTable(), k -> new ArrayList<>()).add(fk);
            }
        }
    }

    private static String signature(SqlFunction f) {
        StringBuilder sb = new StringBuilder();
        for (SqlFunction.Argument a : f.arguments()) {
            sb.append(SchemaSnapshot.type(a.type()).toJson()).append(',');
        }
        return sb.toString();
    }

    /**
     * {@return this schema, read from a server whose {@code server_version_num} is {@code versionNum} (e.g. {@code 160004}
     * for PostgreSQL 16.4, {@code 140000} for 14.0)} Session values are parsed with that major version's input
     * rules ({@link dev.hasuraperms.types.PgValues#parseText(dev.hasuraperms.types.PgType, String, int)}).
     *
     * @param versionNum the {@code server_version_num}; at least {@code 90000}
     * @throws IllegalArgumentException when {@code versionNum} is not a PostgreSQL version number
     */
    public DatabaseSchema withServerVersionNum(int versionNum) {
        if (versionNum < 90000) {
            throw new IllegalArgumentException("not a PostgreSQL server_version_num: " + versionNum);
        }
        return new DatabaseSchema(tables, functions, versionNum);
    }

    /** {@return the server's {@code server_version_num}, when the schema was read from (or records) a known server} */
    public OptionalInt serverVersionNum() {
        return serverVersionNum == 0 ? OptionalInt.empty() : OptionalInt.of(serverVersionNum);
    }

    /**
     * {@return the major version whose input rules apply to session values: the server's (e.g. 16 for {@code 160004}) or,
     * when unknown, {@link dev.hasuraperms.types.PgValues#OLDEST_SUPPORTED_MAJOR}}
     */
    public int serverMajorVersion() {
        return serverVersionNum == 0 ? dev.hasuraperms.types.PgValues.OLDEST_SUPPORTED_MAJOR
                : serverVersionNum / 10000;
    }

    /** {@return a schema with nothing in it} */
    public static DatabaseSchema empty() {
        return new DatabaseSchema(List.of(), List.of());
    }

    /** {@return every relation, sorted by name} */
    public List<Table> tables() {
        return tables;
    }

    /** {@return every function, sorted by name} */
    public List<SqlFunction> functions() {
        return functions;
    }

    /**
     * {@return the relation called {@code name}}
     *
     * @param name the relation's name; never null
     */
    public Optional<Table> table(QualifiedName name) {
        return Optional.ofNullable(tableIndex.get(name));
    }

    /**
     * {@return the overloads of the function called {@code name}}
     *
     * @param name the function's name; never null
     */
    public List<SqlFunction> functions(QualifiedName name) {
        return functions.stream().filter(f -> f.name().equals(name)).toList();
    }

    /**
     * {@return the foreign keys, on any table, that reference {@code table}}
     *
     * @param table the referenced table; never null
     */
    public List<ForeignKey> foreignKeysReferencing(QualifiedName table) {
        return List.copyOf(referencing.getOrDefault(table, List.of()));
    }

    /** Equal tables and functions; the server version describes the server, not the objects, and is ignored. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseSchema s && tables.equals(s.tables) && functions.equals(s.functions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tables, functions);
    }

    @Override
    public String toString() {
        return "DatabaseSchema[" + tables.size() + " relations, " + functions.size() + " functions]";
    }
}

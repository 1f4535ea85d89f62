package dev.hasuraperms.jdbc;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.schema.DatabaseSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads the {@link DatabaseSchema} of a live PostgreSQL (12 or later) database from its catalog ({@code pg_catalog}).
 *
 * <pre>{@code
 * DatabaseSchema schema = JdbcSchemaReader.defaults().read(dataSource);
 * DatabaseSchema onlyPublic = JdbcSchemaReader.defaults().withSchemas(Set.of("public")).read(connection);
 * }</pre>
 *
 * <p>What is read:
 * <ul>
 *   <li><b>Relations</b> of every kind a Hasura table can be: ordinary tables, views, materialized views, foreign
 *       tables and partitioned tables ({@code relkind} r, v, m, f, p). Partitions are read too, as ordinary tables:
 *       they are real relations that can be queried (and tracked) on their own; their parent is read as a
 *       {@link dev.hasuraperms.schema.Table.Kind#PARTITIONED_TABLE}. Each relation carries the writes PostgreSQL
 *       allows on it ({@link dev.hasuraperms.schema.Table.Writes}, from {@code pg_relation_is_updatable} with
 *       {@code INSTEAD OF} triggers counted): all for tables, those an automatically updatable view (or its triggers)
 *       can do, none for a materialized view.</li>
 *   <li><b>Columns</b> in {@code attnum} order, without dropped ones. Types are modelled as described in
 *       {@link dev.hasuraperms.types.PgType}: built-in and extension types by schema and internal name
 *       ({@code pg_catalog.int4}, {@code public.citext}), enums with their labels in sort order, one array level
 *       whatever the declared dimensions, row types as composites, and domains resolved to their base type. A column
 *       is nullable unless it is {@code NOT NULL} (primary-key and identity columns are) or its type is a domain
 *       with {@code NOT NULL} somewhere in its chain. It has a default if it has a default expression, is an identity
 *       column or is generated. Its maximum length is the declared {@code n} of a {@code varchar(n)} or
 *       {@code char(n)} column (or of the domain it is declared with); array columns have none.</li>
 *   <li><b>Primary keys, UNIQUE constraints and foreign keys</b> ({@code pg_constraint}), columns in constraint
 *       order; foreign keys pair their columns with the referenced ones and may reference another schema (even one
 *       that is not read). Unique constraints and foreign keys are sorted by name. Unique <em>indexes</em> that are
 *       not constraints ({@code CREATE UNIQUE INDEX}) are not read.</li>
 *   <li><b>Functions</b> that can back computed fields: normal functions ({@code prokind 'f'}; not procedures,
 *       aggregates or window functions), every overload. Their arguments are the input parameters (IN, INOUT and
 *       VARIADIC, the latter with its array type), named or unnamed, the last {@code pronargdefaults} of them having
 *       a default. The return type is mapped like a column type (domains resolved; the row type of a table is a
 *       composite); {@code RETURNS TABLE (...)} and functions with several OUT parameters return
 *       {@code pg_catalog.record}, as in the catalog, and {@code RETURNS TABLE} is a set (the output columns are not
 *       modelled, and are not arguments). Trigger functions are read like any other (returning
 *       {@code pg_catalog.trigger}).</li>
 * </ul>
 *
 * <p>What is never read: PostgreSQL's own schemas ({@code pg_catalog}, {@code information_schema}, {@code pg_toast}
 * and the schemas of temporary objects), Hasura's {@code hdb_catalog}, and objects that belong to an extension
 * (those an extension script created, such as its functions; the types an extension defines are still used for
 * columns of other tables). These exclusions apply even to schemas named in {@link #withSchemas}. Privileges are
 * not considered: every relation and function in the catalog is read, whatever the connected role may use.
 *
 * <p>The queries are a handful of set-based catalog queries (types, enum labels, relations with columns,
 * constraints, functions with parameters), never one per table. On a connection in auto-commit mode they run in one
 * {@code REPEATABLE READ} transaction, so the model is a consistent snapshot even while DDL runs concurrently;
 * auto-commit and the isolation level are restored afterwards. On a connection with a transaction open they run in
 * that transaction.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JdbcSchemaReader {

    private static final JdbcSchemaReader DEFAULTS = new JdbcSchemaReader(Optional.empty());

    private final Optional<Set<String>> schemas;

    private JdbcSchemaReader(Optional<Set<String>> schemas) {
        this.schemas = schemas;
    }

    /**
     * A reader of every schema of the database (except those listed in the class documentation).
     *
     * @return the shared default reader
     */
    public static JdbcSchemaReader defaults() {
        return DEFAULTS;
    }

    /**
     * A reader of only the relations and functions in these schemas. Names are exact and case-sensitive, as in the
     * catalog ({@code "SalesDept"}, not {@code salesdept}). Foreign keys to relations of other schemas are still
     * read, as they are part of a relation that is read. Replaces any restriction of this reader.
     *
     * @param schemas one or more schema names
     * @return a new reader restricted to {@code schemas}; this one is unchanged
     * @throws IllegalArgumentException if {@code schemas} is empty
     */
    public JdbcSchemaReader withSchemas(Set<String> schemas) {
        Objects.requireNonNull(schemas, "schemas");
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("withSchemas needs at least one schema (defaults() reads them all)");
        }
        for (String s : schemas) {
            Objects.requireNonNull(s, "schema name");
        }
        return new JdbcSchemaReader(Optional.of(Set.copyOf(schemas)));
    }

    /**
     * Reads the schema of the database that {@code connection} is connected to. The connection stays open and, when
     * it was in auto-commit mode, in auto-commit mode at the same isolation level.
     *
     * @param connection an open connection to PostgreSQL 12 or later
     * @return the schema read; never null
     * @throws HasuraPermsException with code {@link DiagnosticCode#SCHEMA_READ_FAILED} if a catalog query fails
     *                              (closed connection, missing privileges, not PostgreSQL 12 or later) or the catalog
     *                              holds something unexpected
     */
    public DatabaseSchema read(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        CatalogReader reader = new CatalogReader(connection, schemas);
        boolean autoCommit;
        try {
            autoCommit = connection.getAutoCommit();
        } catch (SQLException e) {
            throw CatalogReader.failed("checking the connection's auto-commit mode", e);
        }
        if (!autoCommit) {
            return reader.read();
        }
        int isolation;
        try {
            isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw CatalogReader.failed("starting a transaction", e);
        }
        RuntimeException failure = null;
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return reader.read();
        } catch (SQLException e) {
            failure = CatalogReader.failed("starting a repeatable-read transaction", e);
            throw failure;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            restore(connection, isolation, failure);
        }
    }

    /** Ends the read's transaction and puts the connection back in auto-commit mode at its isolation level. */
    private static void restore(Connection connection, int isolation, RuntimeException failure) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
            connection.setTransactionIsolation(isolation);
        } catch (SQLException e) {
            HasuraPermsException restoreFailure = CatalogReader.failed(
                    "ending the read's transaction and restoring auto-commit mode", e);
            if (failure != null) {
                failure.addSuppressed(restoreFailure);
            } else {
                throw restoreFailure;
            }
        }
    }

    /**
     * Reads the schema through a connection of {@code dataSource}, which is closed again.
     *
     * @param dataSource where to get the connection from
     * @return the schema read; never null
     * @throws HasuraPermsException with code {@link DiagnosticCode#SCHEMA_READ_FAILED} if no connection can be had
     *                              or the schema cannot be read (see {@link #read(Connection)})
     */
    public DatabaseSchema read(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            return read(connection);
        } catch (SQLException e) {
            // From getConnection() or close(): failures of the read itself are already HasuraPermsExceptions.
            throw new HasuraPermsException(DiagnosticCode.SCHEMA_READ_FAILED,
                    "could not read the database schema: opening or closing a connection failed: "
                            + CatalogReader.oneLine(e), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcSchemaReader[" + schemas.map(s -> "schemas " + new TreeSet<>(s)).orElse("all schemas") + "]";
    }
}

package dev.hasuraperms.testkit;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Unit tests for Hasura permission rules, without a Hasura server: ask what a role may do with a row and get the
 * answer with the evaluator's explanation.
 *
 * <pre>{@code
 * PermissionTester tester = PermissionTester.of(metadata, schema)
 *         .withRows("users", List.of(Map.of("id", 1, "username", "ada"), Map.of("id", 2, "username", "bob")))
 *         .withRows("events", List.of(Map.of("id", 10, "user_id", 2, "type", "Golf", "data", Map.of())));
 * SessionTester bob = tester.as("user").with("X-Hasura-User-Id", "2");
 * bob.canSelect("events", 10)                                     // a fixture row by id
 *    .cannotSelect("events", Map.of("id", 11, "user_id", 1))      // a row of its own
 *    .canInsert("events", Map.of("type", "Golf", "data", Map.of())) // preset user_id from the session; check
 *    .canUpdate("users", 2, Map.of("username", "Bobby"))
 *    .needsSessionVariables("events", Operation.SELECT, "X-Hasura-User-Id");
 * assertEquals(List.of(10), bob.visibleIds("events"));
 * }</pre>
 *
 * <p><b>Two modes, the same questions.</b>
 * <ul>
 *   <li><b>In memory</b> (the default): the rows are the fixture rows given with {@link #withRows}/{@link #withFixtures};
 *   relationships and {@code _exists} read them. Filters and checks are evaluated by the in-memory evaluator
 *   ({@link dev.hasuraperms.eval.Evaluator}); requests are validated by {@link dev.hasuraperms.enforce.Enforcement},
 *   as the enforced operations validate them (columns, presets, backend-only permissions, session variables).</li>
 *   <li><b>Database</b> ({@link #onDatabase}): the rows are those of the database (load the fixtures with
 *   {@link #onDatabaseWithFixtures} or your own SQL). Select and delete filters are the JDBC backend's SQL;
 *   inserts and updates are {@link dev.hasuraperms.jdbc.SecureJdbc}'s enforced statements, so column defaults,
 *   triggers and constraints apply. Every question runs in its own transaction that is rolled back: asking never
 *   changes the data.</li>
 * </ul>
 *
 * <p><b>Rows.</b> A row argument is a map of column values (the values {@link dev.hasuraperms.enforce.ColumnValues}
 * accepts) or an id: the primary key value (a list for a composite key) of a fixture or stored row. A map that gives
 * the primary key of a fixture or stored row is that row with the given values changed; in memory, columns neither
 * given nor taken from such a row are NULL. In database mode a row must give its primary key: it is written (as the
 * administrator, rolled back afterwards) when it differs from the stored row, so its omitted columns get their
 * defaults.
 *
 * <p>Thread-safe (in database mode questions are asked one at a time, on one connection, which {@link #close()}
 * closes); the {@link #coverage()} of all questions asked is shared by every {@link SessionTester}.
 */
public final class PermissionTester implements AutoCloseable {

    private final CheckedPermissions checked;
    private final FixtureRows fixtures;
    private final DataSource dataSource;
    private final Coverage coverage;
    private final Backend backend;

    private PermissionTester(CheckedPermissions checked, FixtureRows fixtures, DataSource dataSource) {
        this.checked = Objects.requireNonNull(checked, "checked");
        this.fixtures = fixtures;
        this.dataSource = dataSource;
        this.coverage = new Coverage(checked);
        this.backend = dataSource == null ? new InMemoryBackend(checked, coverage, fixtures)
                : new DatabaseBackend(checked, coverage, dataSource);
    }

    /**
     * A tester of {@code metadata} checked against {@code schema}, in memory, without rows.
     *
     * @param metadata the Hasura metadata
     * @param schema the database schema
     * @return the tester
     * @throws dev.hasuraperms.diagnostic.DiagnosticException when the metadata does not type-check
     */
    public static PermissionTester of(Metadata metadata, DatabaseSchema schema) {
        return of(PermissionChecker.check(metadata, schema).orThrow());
    }

    /**
     * A tester of checked permissions, in memory, without rows.
     *
     * @param checked the checked permissions
     * @return the tester
     */
    public static PermissionTester of(CheckedPermissions checked) {
        return new PermissionTester(checked, FixtureRows.empty(), null);
    }

    /**
     * In memory, with these fixture rows added for {@code table} ({@code name} or {@code schema.name}).
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @param rows the rows, each column → value
     * @return a new tester; this one is unchanged
     */
    public PermissionTester withRows(String table, List<? extends Map<String, ?>> rows) {
        return new PermissionTester(checked, fixtures.with(table, rows), dataSource);
    }

    /**
     * With these fixture rows added (in memory: the rows questions are answered over).
     *
     * @param rows the fixture rows
     * @return a new tester; this one is unchanged
     */
    public PermissionTester withFixtures(FixtureRows rows) {
        FixtureRows all = fixtures;
        for (QualifiedName t : rows.tables()) {
            all = all.with(t, rows.rows(t));
        }
        return new PermissionTester(checked, all, dataSource);
    }

    /**
     * In database mode on {@code dataSource}, whose database has the schema and the rows (they are not loaded: see
     * {@link #onDatabaseWithFixtures}). The database's user should be the owner of the tables (no row-level security
     * in the way), as the testkit writes rows as it to answer questions about rows that are not stored.
     *
     * @param dataSource connections to the database
     * @return a new tester; this one is unchanged
     */
    public PermissionTester onDatabase(DataSource dataSource) {
        return new PermissionTester(checked, fixtures, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * In database mode on {@code dataSource} after replacing the rows of the fixture tables by the fixture rows
     * (committed): the fixture tables are emptied (in reverse order), then the rows inserted in order.
     *
     * @param dataSource connections to the database
     * @return a new tester; this one is unchanged
     */
    public PermissionTester onDatabaseWithFixtures(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                fixtures.clear(c);
                fixtures.load(c, checked.schema());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the fixture rows: " + e.getMessage(), e);
        }
        return onDatabase(dataSource);
    }

    /**
     * Questions as {@code role}, with no session variables yet.
     *
     * @param role the role
     * @return the session tester
     */
    public SessionTester as(String role) {
        return new SessionTester(this, role, Map.of(), false);
    }

    /**
     * The checked permissions.
     *
     * @return the checked permissions; never null
     */
    public CheckedPermissions permissions() {
        return checked;
    }

    /**
     * The fixture rows given.
     *
     * @return the fixture rows; never null
     */
    public FixtureRows fixtures() {
        return fixtures;
    }

    /**
     * {@code in-memory} or {@code database}.
     *
     * @return the mode
     */
    public String mode() {
        return backend.mode();
    }

    /**
     * What the questions asked so far exercised.
     *
     * @return the coverage of every question asked through this tester's session testers; never null
     */
    public Coverage coverage() {
        return coverage;
    }

    /**
     * The rows of {@code table}: the fixture rows (in memory) or the stored ones, every column canonical.
     *
     * @param table the table, {@code name} (in {@code public}) or {@code schema.name}
     * @return the rows; empty when the table has none
     */
    public List<Map<String, Object>> rows(String table) {
        return backend.rows(Rows.name(table));
    }

    /**
     * The session variables (lower-case names) the permission of {@code role} for {@code operation} on {@code table}
     * reads in its filters, checks and presets; empty when there is no such permission.
     *
     * @param role the role
     * @param table the table, {@code name} or {@code schema.name}
     * @param operation the operation
     * @return the names, sorted
     */
    public Set<String> sessionVariables(String role, String table, Operation operation) {
        Set<String> out = new TreeSet<>();
        for (SessionVariable v : checked.requiredSessionVariables(role, Rows.name(table), operation).keySet()) {
            out.add(v.name());
        }
        return out;
    }

    Backend backend() {
        return backend;
    }

    /** In database mode, closes the connection questions are asked on (a later question opens another). */
    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "PermissionTester[" + mode() + ", " + checked + ", " + fixtures + "]";
    }
}

package dev.hasuraperms.examples.events;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.jdbc.WriteResult;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.jooq.SecureDsl;
import dev.hasuraperms.matrix.PermissionMatrix;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The hasura-events walkthrough: sets the app up on an empty database (its migration, its seed, its metadata), then
 * shows what role {@code user} can and cannot do, through the enforced operations of hasura-perms, printing every
 * statement that ran with its bind values, and its result.
 *
 * <p>The app is seed 000 of the project ("Hasura Events"): users and their events. Its metadata gives role
 * {@code user}: on {@code events}, select of its own rows ({@code user_id = X-Hasura-User-Id}, at most 10 rows) and
 * insert with {@code user_id} preset from the session; on {@code users}, select of its own row (limit 1) and update of
 * its own {@code username}. Nothing else: no delete anywhere.
 */
public final class Walkthrough {

    /** The app's tables. */
    static final QualifiedName EVENTS = QualifiedName.of("public", "events");
    static final QualifiedName USERS = QualifiedName.of("public", "users");

    /** The user the walkthrough acts as. */
    static final int USER_ID = 2;

    /**
     * What the walkthrough saw, for its test.
     *
     * @param newestEvents    user 2's newest events as the enforced select returned them (id, user_id, ...)
     * @param expectedNewest  the ids of user 2's 10 newest events, read directly by the database owner
     * @param jooqNewestIds   the ids the same read returned through jOOQ ({@code SecureDsl})
     * @param inserted        the inserted event's returned columns
     * @param presetRefusal   the code of the refusal when the caller gives {@code user_id} itself
     * @param renamedSelf     rows the rename of user 2 updated
     * @param ownName         user 2's username afterwards, as user 2 reads it
     * @param renamedOther    rows the rename of user 3 updated
     * @param otherName       user 3's username afterwards, read by the database owner
     * @param deleteRefusal   the code of the refusal of the delete
     * @param deleteStatements statements that ran for the refused delete (and the refused insert)
     */
    public record Outcome(List<Map<String, Object>> newestEvents, List<Integer> expectedNewest,
                          List<Integer> jooqNewestIds, Map<String, Object> inserted, DiagnosticCode presetRefusal,
                          int renamedSelf, String ownName, int renamedOther, String otherName,
                          DiagnosticCode deleteRefusal, int deleteStatements) {
    }

    private final Connection owner;
    private final PrintStream out;
    private final SqlLog log;
    private final Connection logged;

    private Walkthrough(Connection owner, PrintStream out) {
        this.owner = owner;
        this.out = out;
        this.log = new SqlLog(out);
        this.logged = log.wrap(owner);
    }

    /**
     * Sets the app up on {@code connection} (an empty database, in auto-commit mode: the migration and the seed are
     * applied to it) and runs the walkthrough, printing to {@code out}.
     */
    public static Outcome run(Connection connection, PrintStream out) throws SQLException {
        return new Walkthrough(connection, out).run();
    }

    private Outcome run() throws SQLException {
        Path app = appDirectory();

        heading("Set-up: the hasura-events app on an empty database");
        for (Path up : migrations(app)) {
            executeScript(up);
            say("applied migration " + app.relativize(up));
        }
        for (Path seed : seeds(app)) {
            executeScript(seed);
            say("applied seed " + app.relativize(seed));
        }
        say("the database now holds " + ownerQuery("SELECT count(*) FROM public.users").get(0).get("count") + " users and "
                + ownerQuery("SELECT count(*) FROM public.events").get(0).get("count") + " events");

        Path metadataDir = app.resolve("metadata");
        LoadResult loaded = MetadataLoader.defaults().tryLoad(metadataDir);
        Metadata metadata = loaded.orThrow();
        DatabaseSchema schema = JdbcSchemaReader.defaults().read(owner);
        CheckResult result = PermissionChecker.check(metadata, schema);
        List<Diagnostic> diagnostics = new ArrayList<>(loaded.diagnostics());
        diagnostics.addAll(result.diagnostics());
        say("loaded the Hasura CLI metadata directory " + app.relativize(metadataDir) + "/ and type-checked it against"
                + " the live database: errors: " + diagnostics.stream().filter(Diagnostic::isError).count() + ", warnings: "
                + diagnostics.stream().filter(d -> !d.isError()).count());
        for (Diagnostic d : diagnostics) {
            say("  " + d.render());
        }
        CheckedPermissions checked = result.orThrow();
        say("what the metadata allows (the permission matrix):");
        PermissionMatrix.of(checked).toText().lines().forEach(l -> say("  " + l));

        SecureJdbc secure = SecureJdbc.of(checked);
        Session session = Session.of("user", Map.of("X-Hasura-User-Id", Integer.toString(USER_ID)));
        say("");
        say("Every request below runs as role user with X-Hasura-User-Id = " + USER_ID
                + " (Session.of(\"user\", Map.of(\"X-Hasura-User-Id\", \"2\"))), through SecureJdbc on the caller's"
                + " connection. Each statement is printed as it reached the JDBC driver.");

        // 1. Own newest events: the caller asks for 50, the permission's limit (10) wins.
        heading("1. User 2 reads their newest events, asking for 50 (select permission: user_id = X-Hasura-User-Id, limit 10)");
        List<Map<String, Object>> newest = secure.select(logged, session, EVENTS)
                .columns("id", "user_id", "type", "happened_at")
                .orderBy(OrderBy.desc("happened_at"), OrderBy.desc("id"))
                .limit(50)
                .fetchMaps();
        say("-> " + newest.size() + " rows (the LIMIT bind is min(50, 10) = 10), every one with user_id = 2:");
        newest.forEach(r -> say("     " + r));
        List<Integer> expected = ownerQuery("SELECT id FROM public.events WHERE user_id = " + USER_ID
                + " ORDER BY happened_at DESC, id DESC LIMIT 10").stream().map(r -> (Integer) r.get("id")).toList();
        say("(checked by the database owner: user 2's 10 newest event ids are " + expected + ")");

        heading("1b. The same read through jOOQ (SecureDsl): the same permission, as a jOOQ query");
        List<Integer> jooqIds = jooqNewest(checked, session);

        // 2. Insert: user_id is preset from the session.
        heading("2. User 2 inserts an event; user_id is preset from the session (insert permission: set user_id = X-Hasura-User-Id)");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "Golf");
        event.put("data", Map.of("strokes", 68, "course", "Course 3"));
        WriteResult written = secure.insert(logged, session, EVENTS)
                .values(event)
                .returning("id", "user_id", "type", "data")
                .execute();
        say("-> affected rows: " + written.affectedRows() + ", returned: " + written.returning().get(0));

        heading("2b. Refused: user 2 gives user_id = 3 for a new event (a preset column is not insertable)");
        Map<String, Object> forged = new LinkedHashMap<>(event);
        forged.put("user_id", 3);
        int before = log.count();
        DiagnosticCode presetRefusal = refusal(() -> secure.insert(logged, session, EVENTS).values(forged).execute());
        int refusedStatements = log.count() - before;
        say("   (statements run: " + refusedStatements + ")");

        // 3. Rename self.
        heading("3. User 2 renames themselves (update permission: column username, filter id = X-Hasura-User-Id)");
        WriteResult renamed = secure.update(logged, session, USERS)
                .set("username", "ScoringStrikerPro")
                .where(SqlCondition.of("users.id = ?", USER_ID))
                .execute();
        say("-> affected rows: " + renamed.affectedRows());
        List<Map<String, Object>> me = secure.select(logged, session, USERS).fetchMaps();
        say("-> user 2 reads their own row: " + me);

        // 4. Rename someone else: the update filter excludes the row, so nothing is updated.
        heading("4. User 2 tries to rename user 3");
        WriteResult other = secure.update(logged, session, USERS)
                .set("username", "Hacked")
                .where(SqlCondition.of("users.id = ?", 3))
                .execute();
        String otherName = (String) ownerQuery("SELECT username FROM public.users WHERE id = 3").get(0).get("username");
        say("-> affected rows: " + other.affectedRows() + ". Not an error, as in Hasura (affected_rows: 0): the rows"
                + " updated are the permission's filter AND the caller's condition, (id = 2) AND (id = 3): none."
                + " User 3 is still '" + otherName + "' (checked by the database owner).");

        // 5. Delete: no delete permission at all, refused before any SQL.
        heading("5. User 2 tries to delete the event they just inserted (role user has no delete permission on events)");
        Object insertedId = written.returning().get(0).get("id");
        before = log.count();
        DiagnosticCode deleteRefusal = refusal(() -> secure.delete(logged, session, EVENTS)
                .where(SqlCondition.of("events.id = ?", insertedId)).execute());
        int deleteStatements = log.count() - before;
        say("   (statements run: " + deleteStatements + ": refused before any SQL)");
        heading("Done");

        return new Outcome(newest, expected, jooqIds, written.returning().get(0), presetRefusal,
                renamed.affectedRows(), (String) me.get(0).get("username"), other.affectedRows(), otherName,
                deleteRefusal, refusedStatements + deleteStatements);
    }

    private List<Integer> jooqNewest(CheckedPermissions checked, Session session) {
        DSLContext dsl = DSL.using(logged, SQLDialect.POSTGRES);
        SecureDsl secure = SecureDsl.of(dsl, JooqPermissions.of(checked));
        Table<?> e = DSL.table(DSL.name("public", "events")).as("e");
        Field<Integer> id = DSL.field(DSL.name("e", "id"), Integer.class);
        Field<String> type = DSL.field(DSL.name("e", "type"), String.class);
        Field<Object> happenedAt = DSL.field(DSL.name("e", "happened_at"));
        Select<Record> query = secure.select(session, e)
                .fields(id, type)
                .orderBy(happenedAt.desc(), id.desc())
                .limit(50)
                .query();
        say("jOOQ renders: " + dsl.render(query));
        Result<Record> rows = dsl.fetch(query);
        say("-> " + rows.size() + " rows, ids " + rows.getValues(id));
        return rows.getValues(id);
    }

    /** Runs {@code request}, which must be refused, and prints the refusal. */
    private DiagnosticCode refusal(SqlRequest request) throws SQLException {
        try {
            request.run();
        } catch (HasuraPermsException e) {
            say("-> refused: " + e.code() + ": " + e.getMessage());
            return e.code();
        }
        throw new IllegalStateException("the request was not refused");
    }

    @FunctionalInterface
    private interface SqlRequest {
        void run() throws SQLException;
    }

    // ------------------------------------------------------------------------------------------------ the app

    /** The app's directory (migrations/, seeds/, metadata/): a resource of this module. */
    static Path appDirectory() {
        URL url = Walkthrough.class.getResource("/hasura-events/metadata/version.yaml");
        if (url == null) {
            throw new IllegalStateException("the hasura-events resources are not on the class path");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return fs.provider().getPath(uri).getParent().getParent();
            }
            return Path.of(uri).getParent().getParent();
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the hasura-events resources at " + url, e);
        }
    }

    /** The up migrations of database {@code default}, in order (Hasura CLI layout). */
    static List<Path> migrations(Path app) {
        return sorted(app.resolve("migrations/default")).stream().map(d -> d.resolve("up.sql")).toList();
    }

    /** The seeds of database {@code default}, in order (Hasura CLI layout). */
    static List<Path> seeds(Path app) {
        return sorted(app.resolve("seeds/default"));
    }

    private static List<Path> sorted(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void executeScript(Path script) throws SQLException {
        String sql;
        try {
            sql = Files.readString(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Statement st = owner.createStatement()) {
            st.execute(sql);
        }
    }

    /** A query of the database owner (set-up and verification, not an enforced operation). */
    private List<Map<String, Object>> ownerQuery(String sql) throws SQLException {
        try (Statement st = owner.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private void heading(String text) {
        out.println();
        out.println("== " + text);
    }

    private void say(String text) {
        out.println(text.isEmpty() ? "" : "   " + text);
    }
}

package dev.hasuraperms.jdbc;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.NativeQueries;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.enforce.NativeQueryPlan;
import dev.hasuraperms.metadata.NativeQuery;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Type-checks the native queries of checked permissions against a live database, as Hasura does when a native query
 * is tracked ({@code validateNativeQuery} in {@code Hasura/Backends/Postgres/Instances/NativeQueries.hs}): the code,
 * each placeholder a parameter of its argument's type, is prepared and described (never run) as
 * {@code SELECT * FROM (<code>) AS "_hp_nq"}, and every field of the logical model must be a column of its rows with
 * the field's type (a field holding a logical model: json or jsonb). Reported: {@code NATIVE_QUERY_INVALID_SQL} when the
 * database cannot prepare it (the code does not parse, names what does not exist, or is not a query that can stand
 * in {@code FROM}), {@code NATIVE_QUERY_RESULT_MISMATCH} for a missing or mistyped column. The checks that need no
 * database are made by {@link dev.hasuraperms.check.PermissionChecker}.
 */
public final class NativeQueryChecks {

    private NativeQueryChecks() {
    }

    /**
     * The diagnostics of every native query of {@code permissions}' source, checked on {@code connection}. Nothing
     * is executed; inside a transaction, each check runs behind a savepoint so that a failed one leaves the
     * transaction usable.
     *
     * @param connection  a connection to the database the permissions were checked against
     * @param permissions the checked permissions
     * @return the diagnostics (empty when every native query checks)
     * @throws SQLException when the connection fails other than by refusing a native query's code
     */
    public static List<Diagnostic> check(Connection connection, CheckedPermissions permissions) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        List<Diagnostic> out = new ArrayList<>();
        for (NativeQuery q : permissions.source().nativeQueries()) {
            // Native queries the checker refused (their diagnostics are reported there) are not resolved.
            java.util.Optional<NativeQueries.Resolved> r = NativeQueries.resolve(permissions, q.rootFieldName());
            if (r.isPresent()) {
                check(connection, r.get(), out);
            }
        }
        return out;
    }

    /**
     * The diagnostics of native query {@code name} (its root field name), checked on {@code connection}; empty when it
     * checks, or when there is no such native query (or the checker refused it).
     *
     * @param connection  a connection to the database the permissions were checked against
     * @param permissions the checked permissions
     * @param name        the native query's root field name
     * @return the diagnostics
     * @throws SQLException when the connection fails other than by refusing the code
     */
    public static List<Diagnostic> check(Connection connection, CheckedPermissions permissions, String name)
            throws SQLException {
        Objects.requireNonNull(connection, "connection");
        List<Diagnostic> out = new ArrayList<>();
        java.util.Optional<NativeQueries.Resolved> r = NativeQueries.resolve(permissions, name);
        if (r.isPresent()) {
            check(connection, r.get(), out);
        }
        return out;
    }

    private static void check(Connection connection, NativeQueries.Resolved r, List<Diagnostic> out)
            throws SQLException {
        String name = r.query().rootFieldName();
        List<NativeQueryPlan.Part> parts = new ArrayList<>();
        for (var p : r.code().parts()) {
            if (p instanceof dev.hasuraperms.check.NativeQueryCode.Text t) {
                parts.add(new NativeQueryPlan.Sql(t.sql()));
            } else {
                String arg = ((dev.hasuraperms.check.NativeQueryCode.Placeholder) p).argument();
                parts.add(new NativeQueryPlan.Argument(arg, r.argumentTypes().get(arg), SqlNull.INSTANCE));
            }
        }
        SqlStatement.Builder sql = new SqlStatement.Builder().append("SELECT * FROM ");
        SecureNativeQuery.code(sql, parts).append(" AS \"_hp_nq\"");
        SqlStatement st = sql.build();
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        boolean transaction = !connection.getAutoCommit();
        Savepoint savepoint = transaction ? connection.setSavepoint() : null;
        try (PreparedStatement ps = connection.prepareStatement(st.sql())) {
            st.bind(ps);
            ResultSetMetaData md = ps.getMetaData();
            if (md == null) {
                out.add(Diagnostic.of(DiagnosticCode.NATIVE_QUERY_INVALID_SQL, r.query().origin(), "native query "
                        + name + ": the database describes no rows for its code"));
                return;
            }
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String label = md.getColumnLabel(i);
                if (columns.put(label, md.getColumnTypeName(i)) != null) {
                    duplicates.add(label);
                }
            }
        } catch (SQLException e) {
            if (savepoint != null) {
                connection.rollback(savepoint);
                savepoint = null;
            }
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw e;
            }
            String message = String.valueOf(e.getMessage()).strip();
            int nl = message.indexOf('\n');
            out.add(Diagnostic.of(DiagnosticCode.NATIVE_QUERY_INVALID_SQL, r.query().origin(), "native query " + name
                    + ": the database cannot prepare its code: " + (nl < 0 ? message : message.substring(0, nl))));
            return;
        } finally {
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
        }
        for (Map.Entry<String, PgType> f : r.columns().entrySet()) {
            String field = f.getKey();
            String actual = columns.get(field);
            if (actual == null) {
                out.add(Diagnostic.of(DiagnosticCode.NATIVE_QUERY_RESULT_MISMATCH, r.query().origin(), "native query "
                        + name + ": field " + field + " of logical model " + r.model().name()
                        + " is not a column of its rows (columns: " + columns.keySet() + ")"));
            } else if (duplicates.contains(field)) {
                out.add(Diagnostic.of(DiagnosticCode.NATIVE_QUERY_RESULT_MISMATCH, r.query().origin(), "native query "
                        + name + ": its rows have more than one column " + field));
            } else if (!sameType(f.getValue(), actual) && !(jsonField(r, field) && unquote(actual).equals("json"))) {
                out.add(Diagnostic.of(DiagnosticCode.NATIVE_QUERY_RESULT_MISMATCH, r.query().origin(), "native query "
                        + name + ": column " + field + " has type " + unquote(actual) + ", but field " + field
                        + " of logical model " + r.model().name() + " has type " + f.getValue().displayName()));
            }
        }
    }

    /** Whether {@code field} holds a logical model (read as JSON: json or jsonb). */
    private static boolean jsonField(NativeQueries.Resolved r, String field) {
        return r.model().field(field).map(f -> !(f.type() instanceof dev.hasuraperms.metadata.LogicalModelType.Scalar)
                && !(f.type() instanceof dev.hasuraperms.metadata.LogicalModelType.ArrayOf a
                && a.element() instanceof dev.hasuraperms.metadata.LogicalModelType.Scalar)).orElse(false);
    }

    /** Whether the type pgjdbc names {@code actual} ({@code int4}, {@code _text}, {@code "public"."mood"}) is {@code expected}. */
    static boolean sameType(PgType expected, String actual) {
        return internalName(expected).equals(unquote(actual));
    }

    private static String internalName(PgType t) {
        if (t instanceof PgType.Array a) {
            return "_" + internalName(a.element());
        }
        if (t instanceof PgType.Base b) {
            return b.name().name();
        }
        if (t instanceof PgType.Enum e) {
            return e.name().name();
        }
        return t.sqlName();
    }

    /** The unqualified, unquoted name of a type name pgjdbc reports. */
    private static String unquote(String typeName) {
        String n = typeName;
        int dot = n.lastIndexOf("\".\"");
        if (dot >= 0) {
            n = n.substring(dot + 2);
        } else if (!n.startsWith("\"") && n.indexOf('.') >= 0) {
            n = n.substring(n.lastIndexOf('.') + 1);
        }
        if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
            n = n.substring(1, n.length() - 1).replace("\"\"", "\"");
        }
        return n;
    }
}

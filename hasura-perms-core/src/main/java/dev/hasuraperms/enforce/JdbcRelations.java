package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.eval.EvaluationException;
import dev.hasuraperms.eval.RelationResolver;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.internal.sql.SqlNames;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.types.PgText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows an EXISTS of a predicate reads, fetched from the database on the caller's connection (so inside the
 * caller's transaction, seeing what it sees): by key when the evaluator knows the join values, otherwise the whole
 * table up to a limit. Used to explain a failed check; not for bulk evaluation.
 */
public final class JdbcRelations implements RelationResolver {

    /** The most rows read from a table the evaluator cannot look up by key. */
    public static final int MAX_SCAN = 10_000;

    private final Connection connection;
    private final DatabaseSchema schema;

    /**
     * Rows read on demand with {@code connection}.
     *
     * @param connection an open connection; never null, not closed here
     * @param schema the database schema (tables' columns and keys); never null
     */
    public JdbcRelations(Connection connection, DatabaseSchema schema) {
        this.connection = connection;
        this.schema = schema;
    }

    @Override
    public Iterable<Row> rows(QualifiedName table) {
        return query(table, Map.of());
    }

    @Override
    public Iterable<Row> rows(QualifiedName table, Map<String, Object> equalTo) {
        return query(table, equalTo);
    }

    private List<Row> query(QualifiedName table, Map<String, Object> equalTo) {
        Table t = schema.table(table).orElseThrow(() -> new EvaluationException(DiagnosticCode.UNKNOWN_RELATION,
                "table " + table + " is not in the schema"));
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(SqlNames.quote(table));
        List<String> values = new ArrayList<>();
        String sep = " WHERE ";
        for (Map.Entry<String, Object> e : equalTo.entrySet()) {
            Column c = t.column(e.getKey()).orElseThrow(() -> new EvaluationException(DiagnosticCode.UNKNOWN_RELATION,
                    "table " + table + " has no column " + e.getKey()));
            sql.append(sep).append(SqlNames.quote(c.name())).append(" = ?::").append(c.type().sqlName());
            values.add(PgText.of(e.getValue()));
            sep = " AND ";
        }
        if (equalTo.isEmpty()) {
            sql.append(" LIMIT ").append(MAX_SCAN + 1);
        }
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                ps.setString(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                for (Map<String, Object> row : JdbcRows.read(rs)) {
                    rows.add(Row.of(row));
                }
                if (equalTo.isEmpty() && rows.size() > MAX_SCAN) {
                    throw new EvaluationException(DiagnosticCode.UNKNOWN_RELATION, "table " + table + " has more than "
                            + MAX_SCAN + " rows and cannot be read by key here");
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new EvaluationException(DiagnosticCode.UNKNOWN_RELATION, "cannot read " + table + ": " + e.getMessage());
        }
    }
}

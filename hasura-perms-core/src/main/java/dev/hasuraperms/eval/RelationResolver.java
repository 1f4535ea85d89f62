package dev.hasuraperms.eval;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.names.QualifiedName;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Gives the evaluator the rows of the tables that EXISTS predicates (relationships, {@code _exists}) and aggregates
 * read. Implementations must return the same rows for the same table during one evaluation.
 */
@FunctionalInterface
public interface RelationResolver {

    /**
     * {@return every row of {@code table}}
     *
     * @param table the table; never null
     * @throws EvaluationException with code {@link DiagnosticCode#UNKNOWN_RELATION} when the table is unknown
     */
    Iterable<Row> rows(QualifiedName table);

    /**
     * {@return the rows of {@code table} that may have {@code equalTo}'s values in its columns: an index lookup} The
     * evaluator checks the join itself, so this may return any superset of the matching rows; the default returns
     * {@link #rows(QualifiedName) all rows}. Values are never NULL and are the evaluator's canonical Java values for
     * the columns' types (as listed in {@link dev.hasuraperms.types.PgValues}).
     *
     * @param table the table; never null
     * @param equalTo column names and the values the wanted rows have in them; never null
     */
    default Iterable<Row> rows(QualifiedName table, Map<String, Object> equalTo) {
        return rows(table);
    }

    /**
     * {@return a resolver over fixed tables; any other table is {@link DiagnosticCode#UNKNOWN_RELATION}}
     *
     * @param tables each table's rows; never null
     */
    static RelationResolver of(Map<QualifiedName, ? extends Collection<? extends Row>> tables) {
        Map<QualifiedName, List<Row>> copy = new java.util.HashMap<>();
        tables.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return table -> {
            List<Row> rows = copy.get(table);
            if (rows == null) {
                throw new EvaluationException(DiagnosticCode.UNKNOWN_RELATION, "no rows are given for table " + table
                        + " (tables: " + new java.util.TreeSet<>(copy.keySet()) + ")");
            }
            return rows;
        };
    }

    /** {@return a resolver without tables: any EXISTS or aggregate is {@link DiagnosticCode#UNKNOWN_RELATION}} */
    static RelationResolver none() {
        return of(Map.of());
    }
}

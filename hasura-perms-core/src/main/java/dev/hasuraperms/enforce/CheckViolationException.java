package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rows written by an insert or update fail the permission's check (it is FALSE for them). The whole call has been
 * rolled back: no row of it stays written. Each failure names the row and, where the in-memory evaluator could
 * evaluate the check, which part of it failed with the values compared.
 */
public final class CheckViolationException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /**
     * One row that failed.
     *
     * @param index       the row's position among the rows the statement wrote (for an insert, the order given)
     * @param row         the row as written (every column), as the database returned it
     * @param explanation why the check is FALSE for it, when the evaluator could say
     */
    public record Failure(int index, Map<String, Object> row, Optional<Explanation> explanation) {
        /**
         * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
         *
         * @param index the row's position among the rows the statement wrote (for an insert, the order given)
         * @param row the row as written (every column), as the database returned it
         * @param explanation why the check is FALSE for it, when the evaluator could say
         * @throws NullPointerException when a component is null
         */
        public Failure {
            row = Collections.unmodifiableMap(new LinkedHashMap<>(row));
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /** The role of the refused write. */
    private final String role;
    /** The table written. */
    private final QualifiedName table;
    /** The operation (INSERT or UPDATE). */
    private final Operation operation;
    private final transient List<Failure> failures;

    /**
     * A refusal after the written rows were checked (and the write rolled back).
     *
     * @param role the role; never null
     * @param table the table; never null
     * @param operation INSERT or UPDATE; never null
     * @param failures the rows that fail the check; not empty
     */
    public CheckViolationException(String role, QualifiedName table, Operation operation, List<Failure> failures) {
        super(DiagnosticCode.CHECK_VIOLATION, message(role, table, operation, failures));
        this.role = role;
        this.table = table;
        this.operation = operation;
        this.failures = List.copyOf(failures);
    }

    private static String message(String role, QualifiedName table, Operation operation, List<Failure> failures) {
        StringBuilder sb = new StringBuilder("check constraint of an ").append(operation.key())
                .append(" permission has failed (role ").append(role).append(", ").append(table).append("): ")
                .append(failures.size()).append(failures.size() == 1 ? " row fails" : " rows fail")
                .append("; nothing was written");
        for (Failure f : failures.subList(0, Math.min(3, failures.size()))) {
            sb.append("\n  row ").append(f.index()).append(' ').append(f.row());
            f.explanation().ifPresent(e -> sb.append('\n').append(e.render().indent(4).stripTrailing()));
        }
        if (failures.size() > 3) {
            sb.append("\n  ... and ").append(failures.size() - 3).append(" more");
        }
        return sb.toString();
    }

    /** {@return the role} */
    public String role() {
        return role;
    }

    /** {@return the table} */
    public QualifiedName table() {
        return table;
    }

    /**
     * INSERT or UPDATE (an upsert's rows are checked by the check of what happened to each: insert or update).
     *
     * @return the operation, never null
     */
    public Operation operation() {
        return operation;
    }

    /** {@return every row that failed, in order} */
    public List<Failure> failures() {
        return failures;
    }
}

package dev.hasuraperms.testkit;

import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.eval.Explanation;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import java.util.Objects;
import java.util.Optional;

/**
 * The testkit's answer to one question ("may role R select this row?"): allowed or not, why, and — when a filter or
 * check decided — the evaluator's explanation of which sub-expression decided, with the values compared.
 *
 * @param role        the role asked about
 * @param table       the table
 * @param operation   the operation
 * @param allowed     whether the operation is allowed
 * @param reason      one line saying why (for an allowed operation, what passed)
 * @param explanation the evaluator's explanation of the filter or check that decided, when one did and could be
 *                    explained (empty when enforcement refused the request before any filter, such as a missing
 *                    permission or a column the role may not write, or when the predicate cannot be evaluated in
 *                    memory)
 * @param refusal     the exception enforcement raised before any filter or check, when it did
 */
public record Verdict(String role, QualifiedName table, Operation operation, boolean allowed, String reason,
                      Optional<Explanation> explanation, Optional<HasuraPermsException> refusal) {

    /**
     * A verdict.
     *
     * @param role        the role asked about
     * @param table       the table
     * @param operation   the operation
     * @param allowed     whether the operation is allowed
     * @param reason      one line saying why (for an allowed operation, what passed)
     * @param explanation the evaluator's explanation of the filter or check that decided, when one did and could be
     *                    explained (empty when enforcement refused the request before any filter, such as a missing
     *                    permission or a column the role may not write, or when the predicate cannot be evaluated in
     *                    memory)
     * @param refusal     the exception enforcement raised before any filter or check, when it did
     * @throws NullPointerException when an argument is null
     */
    public Verdict {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(refusal, "refusal");
    }

    static Verdict allow(String role, QualifiedName table, Operation op, String reason, Optional<Explanation> e) {
        return new Verdict(role, table, op, true, reason, e, Optional.empty());
    }

    static Verdict deny(String role, QualifiedName table, Operation op, String reason, Optional<Explanation> e) {
        return new Verdict(role, table, op, false, reason, e, Optional.empty());
    }

    static Verdict refused(String role, QualifiedName table, Operation op, HasuraPermsException e) {
        return new Verdict(role, table, op, false, e.getMessage(), Optional.empty(), Optional.of(e));
    }

    /**
     * A readable account: {@code role user may not select from public.events: ...}, followed by the explanation tree
     * when there is one.
     *
     * @return the account, as (possibly multi-line) text
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("role ").append(role).append(allowed ? " may " : " may not ").append(verb(operation))
                .append(' ').append(table).append(": ").append(reason);
        explanation.ifPresent(e -> sb.append('\n').append(indent(e.render())));
        return sb.toString();
    }

    private static String verb(Operation op) {
        return switch (op) {
            case SELECT -> "select from";
            case INSERT -> "insert into";
            case UPDATE -> "update";
            case DELETE -> "delete from";
        };
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ");
    }

    @Override
    public String toString() {
        return describe();
    }
}

package dev.hasuraperms.eval;

import dev.hasuraperms.diagnostic.DiagnosticCode;

/**
 * The predicate uses something the in-memory evaluator cannot evaluate exactly as PostgreSQL does: lquery and
 * ltxtquery matching, casts other than jsonb to text, SQL functions without a {@link FunctionResolver}, types it
 * does not model (inet, money, ...), or a regular-expression construct it cannot translate safely. Code
 * {@link DiagnosticCode#UNSUPPORTED_IN_MEMORY}. Raised before any row is read whenever the predicate alone shows the
 * problem, so that whether a predicate is refused does not depend on the data.
 */
public final class UnsupportedInMemoryException extends EvaluationException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal with this message.
     *
     * @param message what cannot be evaluated, one line; never null
     */
    public UnsupportedInMemoryException(String message) {
        super(DiagnosticCode.UNSUPPORTED_IN_MEMORY, message);
    }
}

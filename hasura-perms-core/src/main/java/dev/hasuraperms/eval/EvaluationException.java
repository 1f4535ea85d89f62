package dev.hasuraperms.eval;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;

/**
 * The in-memory evaluator cannot give a result. {@link #code()} says why:
 * <ul>
 *   <li>{@link DiagnosticCode#MISSING_ROW_COLUMN}: a row has no column that the predicate reads;</li>
 *   <li>{@link DiagnosticCode#INVALID_ROW_VALUE}: a row value, session value or function result cannot be read as
 *   its PostgreSQL type;</li>
 *   <li>{@link DiagnosticCode#UNKNOWN_RELATION}: the relation resolver has no rows for a table;</li>
 *   <li>{@link DiagnosticCode#EVALUATION_ERROR}: PostgreSQL would raise an error too (an invalid regular
 *   expression, a LIKE pattern ending in an escape character, a NULL in an ltree array, an overflow);</li>
 *   <li>{@link DiagnosticCode#UNSUPPORTED_IN_MEMORY}: see {@link UnsupportedInMemoryException}.</li>
 * </ul>
 */
public class EvaluationException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with this code and message.
     *
     * @param code the code; never null
     * @param message one line; never null
     */
    public EvaluationException(DiagnosticCode code, String message) {
        super(code, message);
    }

    /**
     * A failure with this code, message and cause.
     *
     * @param code the code; never null
     * @param message one line; never null
     * @param cause the underlying failure; never null
     */
    public EvaluationException(DiagnosticCode code, String message, Throwable cause) {
        super(code, message, cause);
    }

    static EvaluationException error(String message) {
        return new EvaluationException(DiagnosticCode.EVALUATION_ERROR, message);
    }

    static EvaluationException invalidValue(String message) {
        return new EvaluationException(DiagnosticCode.INVALID_ROW_VALUE, message);
    }

    static EvaluationException invalidValue(String message, Throwable cause) {
        return new EvaluationException(DiagnosticCode.INVALID_ROW_VALUE, message, cause);
    }
}

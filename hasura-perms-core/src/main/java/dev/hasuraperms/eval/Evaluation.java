package dev.hasuraperms.eval;

import dev.hasuraperms.ir.TriBool;
import java.util.Objects;

/**
 * The result of evaluating a predicate against one row, with its explanation.
 *
 * @param result      TRUE, FALSE or UNKNOWN (SQL NULL)
 * @param explanation why; a single {@link Explanation.Kind#NOT_RECORDED} node when the evaluator was built without
 *                    explanations
 */
public record Evaluation(TriBool result, Explanation explanation) {

    /**
     * Creates the record: checks that the components are not null.
     *
     * @param result TRUE, FALSE or UNKNOWN (SQL NULL)
     * @param explanation why; a single {@link Explanation.Kind#NOT_RECORDED} node when the evaluator was built without
     *     explanations
     * @throws NullPointerException when a component is null
     */
    public Evaluation {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** {@return whether a WHERE clause with this predicate keeps the row (only TRUE does)} */
    public boolean accepted() {
        return result.isTrue();
    }
}

package dev.hasuraperms.testkit;

import java.util.Optional;

/**
 * A failed permission assertion of the testkit. Its message says what was expected and, from the {@link Verdict},
 * why the answer differed: the refusal, or the evaluator's explanation of the filter or check (which sub-expression
 * decided, with the values compared).
 */
public final class PermissionAssertionError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient Verdict verdict;

    PermissionAssertionError(String message, Verdict verdict) {
        super(message);
        this.verdict = verdict;
    }

    /** The answer that failed the assertion (empty for assertions not about one answer, such as visible rows). */
    public Optional<Verdict> verdict() {
        return Optional.ofNullable(verdict);
    }
}

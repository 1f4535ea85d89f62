package dev.hasuraperms.testkit;

import java.util.Optional;
import org.opentest4j.AssertionFailedError;

/**
 * A failed permission assertion of the testkit. Its message says what was expected and, from the {@link Verdict},
 * why the answer differed: the refusal, or the evaluator's explanation of the filter or check (which sub-expression
 * decided, with the values compared).
 *
 * <p>An opentest4j {@link AssertionFailedError} (an {@link AssertionError}) with the expected and actual values set,
 * so IDEs and build tools show a diff: {@code allowed} against {@code denied} and the explanation, the ids expected
 * against those seen, the session variables expected against those read.
 */
public final class PermissionAssertionError extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    private final transient Verdict verdict;

    PermissionAssertionError(String message, Verdict verdict) {
        super(message);
        this.verdict = verdict;
    }

    PermissionAssertionError(String message, Verdict verdict, Object expected, Object actual) {
        super(message, expected, actual);
        this.verdict = verdict;
    }

    /**
     * The answer that failed the assertion.
     *
     * @return the verdict; empty for assertions not about one answer, such as visible rows
     */
    public Optional<Verdict> verdict() {
        return Optional.ofNullable(verdict);
    }
}

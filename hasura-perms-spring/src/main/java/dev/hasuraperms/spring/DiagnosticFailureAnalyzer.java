package dev.hasuraperms.spring;

import dev.hasuraperms.diagnostic.DiagnosticException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start-up failure caused by unusable Hasura metadata into a report listing every diagnostic. */
public class DiagnosticFailureAnalyzer extends AbstractFailureAnalyzer<DiagnosticException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DiagnosticException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the Hasura metadata (hasura.perms.metadata), the database schema or the JPA mapping; every"
                        + " code is explained in docs/diagnostics.md of hasura-perms.", cause);
    }
}

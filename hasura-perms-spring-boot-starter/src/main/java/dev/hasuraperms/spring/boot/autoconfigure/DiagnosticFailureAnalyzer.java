package dev.hasuraperms.spring.boot.autoconfigure;

import dev.hasuraperms.diagnostic.DiagnosticException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start-up failure caused by unusable Hasura metadata into a report listing every diagnostic. */
public class DiagnosticFailureAnalyzer extends AbstractFailureAnalyzer<DiagnosticException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DiagnosticException cause) {
        boolean noValidator = cause.errors().stream()
                .anyMatch(d -> d.code() == dev.hasuraperms.diagnostic.DiagnosticCode.NO_INPUT_VALIDATOR);
        String action = "Fix the Hasura metadata (hasura.perms.metadata), the database schema or the JPA mapping; every"
                + " code is explained in docs/diagnostics.md of hasura-perms.";
        if (noValidator) {
            action = "Declare an InputValidator bean (dev.hasuraperms.enforce.InputValidator) to stand in for the"
                    + " validate_input webhooks (NO_INPUT_VALIDATOR): the auto-configuration registers it and the JPA"
                    + " write guard calls it before each such write; or remove validate_input from the metadata. "
                    + action;
        }
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}

package dev.hasuraperms.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up stopped because hasura-perms is on the class path but not configured. */
public class NotConfiguredFailureAnalyzer extends AbstractFailureAnalyzer<NotConfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NotConfiguredException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}

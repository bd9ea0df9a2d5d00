package io.codesynth.gateway.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports unusable API key configuration as a short start-up failure with the fix, not a stack trace. */
final class ApiKeyFailureAnalyzer extends AbstractFailureAnalyzer<ApiKeyConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ApiKeyConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), ApiKeyConfiguration.HOW_TO_ADD_A_KEY, cause);
    }
}

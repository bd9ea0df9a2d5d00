package io.codesynth.results.api;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad API-key configuration into Boot's short "APPLICATION FAILED TO START" report. */
public final class InvalidApiKeysFailureAnalyzer extends AbstractFailureAnalyzer<InvalidApiKeysException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidApiKeysException cause) {
        return new FailureAnalysis("The results service has no usable API keys: " + cause.getMessage(),
                "Configure codesynth.security.api-keys, for example in results-service.yml or application.yml:\n"
                        + "  codesynth.security.api-keys:\n"
                        + "    - tenant: acme\n"
                        + "      key-sha256: <sha256 hex of the key>",
                cause);
    }
}

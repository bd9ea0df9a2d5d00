package io.codesynth.results.api;

/** The configured API keys are missing or malformed; the service refuses to start. */
final class InvalidApiKeysException extends IllegalStateException {

    InvalidApiKeysException(String message) {
        super(message);
    }
}

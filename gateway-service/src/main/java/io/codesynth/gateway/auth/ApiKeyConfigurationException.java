package io.codesynth.gateway.auth;

/** The configured API keys are unusable; the gateway does not start. */
final class ApiKeyConfigurationException extends IllegalStateException {

    ApiKeyConfigurationException(String message) {
        super(message);
    }
}

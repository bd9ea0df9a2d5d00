package io.codesynth.verification.sandbox;

/**
 * No sandbox can be made here (bubblewrap missing, namespaces not permitted, no interpreter). The
 * worker fails closed: it refuses to start rather than run candidates without isolation.
 */
public final class SandboxUnavailableException extends Exception {

    public SandboxUnavailableException(String message) {
        super(message);
    }

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.codesynth.verification.sandbox;

/** Whether candidate programs run inside bubblewrap. */
public enum SandboxMode {
    /** Every run inside a bubblewrap sandbox; the worker refuses to start without one. */
    SANDBOXED,
    /**
     * Development only: programs run as plain child processes of the worker with rlimits but no
     * isolation at all. Logged loudly at start; every verdict says {@code sandboxed: false}.
     */
    UNSANDBOXED
}

package io.codesynth.verification.sandbox;

import java.time.Duration;

/** Hooks for metrics; called on the threads doing the work, so implementations must be quick and thread-safe. */
public interface SandboxListener {

    SandboxListener NONE = new SandboxListener() {
    };

    /** A sandbox became ready, {@code latency} after its start was requested. */
    default void sandboxStarted(Duration latency) {
    }

    /** A sandbox could not be started. */
    default void sandboxFailed(String reason) {
    }

    /** A run ended (in any way). */
    default void runFinished(RunResult result) {
    }

    /** The number of runs waiting for a sandbox changed. */
    default void queueChanged(int waiting) {
    }
}

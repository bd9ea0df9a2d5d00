package io.codesynth.contracts;

/** Where a task stands; {@link #COMPLETED} and {@link #FAILED} are final. */
public enum TaskState {
    QUEUED,
    GENERATING,
    VERIFYING,
    COMPLETED,
    FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}

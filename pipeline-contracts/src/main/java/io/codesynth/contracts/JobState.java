package io.codesynth.contracts;

/**
 * Where a job stands: {@code QUEUED → GENERATING → VERIFYING → COMPLETED}, or
 * {@link #COMPLETED_WITH_ERRORS} when some tasks failed and {@link #FAILED} when all did.
 */
public enum JobState {
    QUEUED,
    GENERATING,
    VERIFYING,
    COMPLETED,
    COMPLETED_WITH_ERRORS,
    FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == COMPLETED_WITH_ERRORS || this == FAILED;
    }
}

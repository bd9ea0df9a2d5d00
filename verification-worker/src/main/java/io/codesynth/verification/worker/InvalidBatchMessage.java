package io.codesynth.verification.worker;

/**
 * A record on the candidates topic that can never be verified: it does not decode or breaks the
 * contract. Retrying cannot help, so the error handler sends it straight to the dead-letter topic.
 */
public final class InvalidBatchMessage extends RuntimeException {

    private final String taskKey;

    public InvalidBatchMessage(String reason, String taskKey) {
        super(reason);
        this.taskKey = taskKey;
    }

    public InvalidBatchMessage(String reason, String taskKey, Throwable cause) {
        super(reason, cause);
        this.taskKey = taskKey;
    }

    public String reason() {
        return getMessage();
    }

    /** The task key as far as it could be read, else null. */
    public String taskKey() {
        return taskKey;
    }
}

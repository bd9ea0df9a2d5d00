package io.codesynth.verification.worker;

import io.codesynth.kafka.InvalidMessageException;

/**
 * A record on the candidates topic that can never be verified: it does not decode or breaks the
 * contract. Retrying cannot help, so the error handler sends it straight to the dead-letter topic.
 */
public final class InvalidBatchMessage extends InvalidMessageException {

    public InvalidBatchMessage(String reason, String taskKey) {
        super(reason, taskKey);
    }

    public InvalidBatchMessage(String reason, String taskKey, Throwable cause) {
        super(reason, taskKey, cause);
    }

    /** The task key as far as it could be read, else null. */
    public String taskKey() {
        return key();
    }
}

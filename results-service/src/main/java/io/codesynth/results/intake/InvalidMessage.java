package io.codesynth.results.intake;

import io.codesynth.kafka.InvalidMessageException;

/**
 * A record on one of the consumed topics that can never be stored: it does not decode or breaks the
 * contract. Retrying cannot help, so the error handler sends it straight to the dead-letter topic.
 */
public class InvalidMessage extends InvalidMessageException {

    /**
     * @param reason what is wrong, naming the field where possible
     * @param key    the record's job id or task key as far as it could be read, else null
     */
    public InvalidMessage(String reason, String key) {
        super(reason, key);
    }

    public InvalidMessage(String reason, String key, Throwable cause) {
        super(reason, key, cause);
    }
}

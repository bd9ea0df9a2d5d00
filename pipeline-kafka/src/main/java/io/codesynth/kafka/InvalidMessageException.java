package io.codesynth.kafka;

/**
 * A consumed record that can never be processed: it does not decode or breaks the contract. Retrying cannot
 * help, so {@link PipelineErrorHandler} sends it straight to the dead-letter topic, and {@link DeadLetters}
 * uses its message as the dead letter's reason. Each service subclasses it for its own topics.
 */
public class InvalidMessageException extends RuntimeException {

    private final String key;

    /**
     * @param reason what is wrong, naming the field where possible
     * @param key    the record's key (job id, task key) as far as it could be read, else null
     */
    public InvalidMessageException(String reason, String key) {
        super(reason);
        this.key = key;
    }

    public InvalidMessageException(String reason, String key, Throwable cause) {
        super(reason, cause);
        this.key = key;
    }

    public String reason() {
        return getMessage();
    }

    /** The record's key as far as it could be read, else null. */
    public String key() {
        return key;
    }
}

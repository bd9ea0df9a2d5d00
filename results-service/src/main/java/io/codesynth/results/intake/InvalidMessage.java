package io.codesynth.results.intake;

/**
 * A record on one of the consumed topics that can never be stored: it does not decode or breaks the
 * contract. Retrying cannot help, so the error handler sends it straight to the dead-letter topic.
 */
public class InvalidMessage extends RuntimeException {

    private final String key;

    /**
     * @param reason what is wrong, naming the field where possible
     * @param key    the record's job id or task key as far as it could be read, else null
     */
    public InvalidMessage(String reason, String key) {
        super(reason);
        this.key = key;
    }

    public InvalidMessage(String reason, String key, Throwable cause) {
        super(reason, cause);
        this.key = key;
    }

    public String reason() {
        return getMessage();
    }

    /** The job id or task key if it could be read, else null. */
    public String key() {
        return key;
    }
}

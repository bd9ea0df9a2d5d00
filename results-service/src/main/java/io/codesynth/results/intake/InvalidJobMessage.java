package io.codesynth.results.intake;

/**
 * A record on the jobs topic that can never be stored: it does not decode or breaks the contract.
 * Retrying cannot help, so the error handler sends it straight to the dead-letter topic.
 */
public final class InvalidJobMessage extends RuntimeException {

    private final String jobId;

    /**
     * @param reason what is wrong, naming the field where possible
     * @param jobId  the job id as far as it could be read (the record key or the decoded id), else null
     */
    public InvalidJobMessage(String reason, String jobId) {
        super(reason);
        this.jobId = jobId;
    }

    public InvalidJobMessage(String reason, String jobId, Throwable cause) {
        super(reason, cause);
        this.jobId = jobId;
    }

    public String reason() {
        return getMessage();
    }

    /** The job id if it could be read, else null. */
    public String jobId() {
        return jobId;
    }
}

package io.codesynth.results.intake;

/** A record on the jobs topic that can never be stored (see {@link InvalidMessage}). */
public final class InvalidJobMessage extends InvalidMessage {

    /**
     * @param reason what is wrong, naming the field where possible
     * @param jobId  the job id as far as it could be read (the record key or the decoded id), else null
     */
    public InvalidJobMessage(String reason, String jobId) {
        super(reason, jobId);
    }

    public InvalidJobMessage(String reason, String jobId, Throwable cause) {
        super(reason, jobId, cause);
    }

    /** The job id if it could be read, else null. */
    public String jobId() {
        return key();
    }
}

package io.codesynth.gateway.submission;

import java.util.UUID;

/**
 * The answer to an accepted job.
 *
 * @param status always {@code QUEUED}: the job is on the pipeline's topics, nothing more is known yet
 * @param tasks  number of problems, each a task
 * @param links  where to follow the job (served by results-service through the gateway)
 */
public record SubmissionReceipt(UUID jobId, String name, String status, int tasks, int samplesPerTask, Links links) {

    public record Links(String self, String tasks, String events) {
    }

    static SubmissionReceipt queued(UUID jobId, String name, int tasks, int samplesPerTask) {
        String self = "/v1/jobs/" + jobId;
        return new SubmissionReceipt(jobId, name, "QUEUED", tasks, samplesPerTask,
                new Links(self, self + "/tasks", self + "/events"));
    }
}

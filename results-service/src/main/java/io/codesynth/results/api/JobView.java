package io.codesynth.results.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.JobState;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as {@code GET /v1/jobs/{id}} shows it.
 *
 * @param decoding   the decoding settings of the job (defaults resolved by the gateway)
 * @param error      why the job failed, else null
 * @param passAtK    {@code {"pass@1": 0.42, ...}} once the job is complete, else null
 */
@JsonPropertyOrder({"jobId", "name", "state", "samplesPerTask", "decoding", "submittedAt", "updatedAt",
        "completedAt", "error", "counts", "candidates", "passAtK", "links"})
public record JobView(
        UUID jobId,
        String name,
        JobState state,
        int samplesPerTask,
        DecodingSettings decoding,
        Instant submittedAt,
        Instant updatedAt,
        Instant completedAt,
        String error,
        TaskCounts counts,
        CandidateCounts candidates,
        Map<String, Double> passAtK,
        Links links) {

    /** The job's tasks by state. */
    @JsonPropertyOrder({"tasks", "queued", "generating", "verifying", "completed", "failed"})
    public record TaskCounts(int tasks, int queued, int generating, int verifying, int completed, int failed) {
    }

    /** Candidates stored for the job, and how many of them have a verdict. */
    @JsonPropertyOrder({"generated", "verified"})
    public record CandidateCounts(long generated, long verified) {
    }

    /** Paths relative to the API's base URL, so they hold behind the gateway too. */
    @JsonPropertyOrder({"self", "tasks", "events"})
    public record Links(String self, String tasks, String events) {

        static Links of(UUID jobId) {
            String self = "/v1/jobs/" + jobId;
            return new Links(self, self + "/tasks", self + "/events");
        }
    }
}

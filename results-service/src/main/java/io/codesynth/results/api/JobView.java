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
 * @param decoding        the decoding settings of the job (defaults resolved by the gateway)
 * @param error           why the job failed or which tasks failed, else null
 * @param counts          the job's tasks by state
 * @param candidates      candidates stored and verified (also in {@code progress})
 * @param progress        how far generation and verification have come, for a progress bar
 * @param workers         which workers produced the job's candidates and verdicts, and how many each
 * @param passAtK         {@code {"pass@1": 0.42, ...}}: the mean over completed tasks, once the job is final
 * @param heldOutPassRate mean held-out pass rate of the completed tasks' rank-1 candidates, where
 *                        problems have held-out tests; null otherwise
 */
@JsonPropertyOrder({"jobId", "name", "state", "samplesPerTask", "decoding", "submittedAt", "updatedAt",
        "completedAt", "error", "counts", "candidates", "progress", "workers", "passAtK", "heldOutPassRate", "timings",
        "links"})
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
        Progress progress,
        Workers workers,
        Map<String, Double> passAtK,
        Double heldOutPassRate,
        Timings timings,
        Links links) {

    /** The job's tasks by state. */
    @JsonPropertyOrder({"tasks", "queued", "generating", "verifying", "completed", "failed"})
    public record TaskCounts(int tasks, int queued, int generating, int verifying, int completed, int failed) {
    }

    /** Candidates stored for the job, and how many of them have a verdict. */
    @JsonPropertyOrder({"generated", "verified"})
    public record CandidateCounts(long generated, long verified) {
    }

    /** Progress in the pipeline's terms; {@code done} is the share of final tasks, 0 to 1. */
    @JsonPropertyOrder({"tasks", "candidates", "done"})
    public record Progress(TaskProgress tasks, CandidateProgress candidates, double done) {
    }

    /**
     * @param generated tasks whose candidate batch is stored
     * @param verified  tasks whose verification report is stored
     * @param completed tasks ranked and completed
     * @param failed    tasks that ended failed (see each task's reason)
     */
    @JsonPropertyOrder({"total", "generated", "verified", "completed", "failed"})
    public record TaskProgress(int total, int generated, int verified, int completed, int failed) {
    }

    /**
     * @param expected  tasks × samples per task
     * @param generated candidates stored
     * @param verified  candidates with a verdict
     * @param passed    candidates whose verdict is PASSED
     */
    @JsonPropertyOrder({"expected", "generated", "verified", "passed"})
    public record CandidateProgress(long expected, long generated, long verified, long passed) {
    }

    /**
     * How the job's work spread over the workers: worker id ({@code codesynth.worker.id}, by default
     * {@code <hostname>/<pid>}) to the number of candidates it generated, or of verdicts it produced, in id order.
     * Candidates and verdicts of workers that predate worker ids are not counted here (their id is unknown).
     *
     * @param generation generation worker → candidates stored from its batches
     * @param verification verification worker → verdicts stored from its reports
     */
    @JsonPropertyOrder({"generation", "verification"})
    public record Workers(Map<String, Long> generation, Map<String, Long> verification) {
    }

    /**
     * @param firstCandidatesAt when the job's first candidate batch was generated
     * @param lastVerdictsAt    when the job's latest verification report was produced
     * @param elapsedMillis     from submission to completion, or to now while the job runs
     */
    @JsonPropertyOrder({"firstCandidatesAt", "lastVerdictsAt", "elapsedMillis"})
    public record Timings(Instant firstCandidatesAt, Instant lastVerdictsAt, long elapsedMillis) {
    }

    /** Paths relative to the API's base URL, so they hold behind the gateway too. */
    @JsonPropertyOrder({"self", "tasks", "events", "samples"})
    public record Links(String self, String tasks, String events, String samples) {

        static Links of(UUID jobId) {
            String self = "/v1/jobs/" + jobId;
            return new Links(self, self + "/tasks", self + "/events", self + "/samples.jsonl");
        }
    }
}

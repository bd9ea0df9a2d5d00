package io.codesynth.results.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A task of a job as {@code GET /v1/jobs/{id}/tasks} and {@code /tasks/{taskIndex}} show it.
 *
 * @param reason          why the task failed, else null
 * @param problem         the problem with its tests, as submitted
 * @param generatedAt     when its candidate batch was generated
 * @param verifiedAt      when its verdicts were produced (set when the task completes)
 * @param passAtK         {@code {"pass@1": 0.5, ...}} once the task is complete (keys where samples ≥ k), else null
 * @param heldOutPassRate the rank-1 candidate's share of held-out tests passed; null without held-out tests
 * @param counts          the task's candidates: generated, with a verdict, passed
 * @param candidates      best first once ranked (before that in sample order); which of them the
 *                        answer holds depends on the request ({@code candidates=top|all|none})
 */
@JsonPropertyOrder({"taskKey", "taskIndex", "taskId", "state", "reason", "problem", "createdAt", "updatedAt",
        "generatedAt", "verifiedAt", "completedAt", "passAtK", "heldOutPassRate", "counts", "candidates"})
public record TaskView(
        String taskKey,
        int taskIndex,
        String taskId,
        TaskState state,
        String reason,
        Problem problem,
        Instant createdAt,
        Instant updatedAt,
        Instant generatedAt,
        Instant verifiedAt,
        Instant completedAt,
        Map<String, Double> passAtK,
        Double heldOutPassRate,
        Counts counts,
        List<CandidateView> candidates) {

    @JsonPropertyOrder({"generated", "verified", "passed"})
    public record Counts(int generated, int verified, int passed) {
    }

    TaskView withCandidates(List<CandidateView> list) {
        return new TaskView(taskKey, taskIndex, taskId, state, reason, problem, createdAt, updatedAt, generatedAt,
                verifiedAt, completedAt, passAtK, heldOutPassRate, counts, list);
    }
}

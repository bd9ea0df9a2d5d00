package io.codesynth.results.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.TaskState;
import java.time.Instant;
import java.util.Map;

/**
 * A task of a job as {@code GET /v1/jobs/{id}/tasks} shows it.
 *
 * @param reason  why the task failed, else null
 * @param problem the problem with its tests, as submitted
 * @param passAtK {@code {"pass@1": 0.5, ...}} once the task is complete, else null
 */
@JsonPropertyOrder({"taskKey", "taskIndex", "taskId", "state", "reason", "problem", "createdAt", "updatedAt",
        "completedAt", "passAtK"})
public record TaskView(
        String taskKey,
        int taskIndex,
        String taskId,
        TaskState state,
        String reason,
        Problem problem,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        Map<String, Double> passAtK) {
}

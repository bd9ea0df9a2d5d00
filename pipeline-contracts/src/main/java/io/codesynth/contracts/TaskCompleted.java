package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A task reached its final state. Public topic {@link Topics#RESULTS}, key = job id; exactly one per task.
 *
 * @param state    {@link TaskState#COMPLETED} or {@link TaskState#FAILED}
 * @param reason   why the task failed, else null
 * @param ranked   the top candidates, best first (empty when the task failed)
 * @param passAtK  unbiased pass@k estimates keyed {@code pass@1}, {@code pass@5}, {@code pass@10} (where n ≥ k)
 * @param heldOutPassRate the rank-1 candidate's held-out pass rate, null without held-out tests
 */
public record TaskCompleted(
        @JsonProperty(required = true) int schemaVersion,
        UUID jobId,
        String tenantId,
        String taskKey,
        String taskId,
        TaskState state,
        String reason,
        List<RankedCandidate> ranked,
        Map<String, Double> passAtK,
        Double heldOutPassRate,
        Instant completedAt) implements PipelineMessage {

    public TaskCompleted {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        nonNull(jobId, "jobId");
        nonBlank(tenantId, "tenantId");
        nonBlank(taskKey, "taskKey");
        nonBlank(taskId, "taskId");
        nonNull(state, "state");
        nonNull(completedAt, "completedAt");
        ranked = Require.elements(ranked, "ranked");
        passAtK = Require.passAtK(passAtK, "passAtK");
        if (heldOutPassRate != null) {
            Require.probability(heldOutPassRate, "heldOutPassRate");
        }
    }

    @Override
    public String messageKey() {
        return jobId.toString();
    }
}

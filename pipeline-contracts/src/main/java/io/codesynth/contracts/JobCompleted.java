package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNegative;
import static io.codesynth.contracts.Require.nonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job reached its final state. Public topic {@link Topics#RESULTS}, key = job id; exactly one per job.
 *
 * @param passAtK mean of the tasks' pass@k, keyed {@code pass@1}, {@code pass@5}, {@code pass@10}
 */
public record JobCompleted(
        @JsonProperty(required = true) int schemaVersion,
        UUID jobId,
        String tenantId,
        String jobName,
        JobState state,
        @JsonProperty(required = true) int tasksTotal,
        @JsonProperty(required = true) int tasksCompleted,
        @JsonProperty(required = true) int tasksFailed,
        Map<String, Double> passAtK,
        Instant submittedAt,
        Instant completedAt) implements PipelineMessage {

    public JobCompleted {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        nonNull(jobId, "jobId");
        nonBlank(tenantId, "tenantId");
        nonBlank(jobName, "jobName");
        nonNull(state, "state");
        nonNegative(tasksTotal, "tasksTotal");
        nonNegative(tasksCompleted, "tasksCompleted");
        nonNegative(tasksFailed, "tasksFailed");
        nonNull(submittedAt, "submittedAt");
        nonNull(completedAt, "completedAt");
        passAtK = Require.passAtK(passAtK, "passAtK");
    }

    @Override
    public String messageKey() {
        return jobId.toString();
    }
}

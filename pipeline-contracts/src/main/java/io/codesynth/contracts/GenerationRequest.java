package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNegative;
import static io.codesynth.contracts.Require.nonNull;
import static io.codesynth.contracts.Require.positive;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * Generate {@code samples} candidates for one task. Topic {@link Topics#GENERATION}, key = task key.
 *
 * @param seed   the task's seed; sample i uses a seed derived from it, so redelivery reproduces the candidates
 * @param limits sandbox limits carried along for verification (null for defaults)
 */
public record GenerationRequest(
        @JsonProperty(required = true) int schemaVersion,
        UUID jobId,
        String tenantId,
        String taskKey,
        @JsonProperty(required = true) int taskIndex,
        Problem problem,
        @JsonProperty(required = true) int samples,
        DecodingSettings decoding,
        @JsonProperty(required = true) long seed,
        SandboxLimits limits,
        Instant requestedAt) implements PipelineMessage {

    public GenerationRequest {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        nonNull(jobId, "jobId");
        nonBlank(tenantId, "tenantId");
        nonBlank(taskKey, "taskKey");
        nonNegative(taskIndex, "taskIndex");
        nonNull(problem, "problem");
        positive(samples, "samples");
        nonNull(decoding, "decoding");
        nonNull(requestedAt, "requestedAt");
    }

    @Override
    public String messageKey() {
        return taskKey;
    }
}

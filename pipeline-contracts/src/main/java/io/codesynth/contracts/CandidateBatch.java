package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * All candidates of one generation request. Topic {@link Topics#CANDIDATES}, key = task key.
 * Carries the problem so verification needs no lookup.
 *
 * @param generatedBy the generation worker that decoded the batch ({@link WorkerId}); null when unknown (a
 *                    producer that predates the field); blank reads as null
 */
public record CandidateBatch(
        @JsonProperty(required = true) int schemaVersion,
        String batchId,
        UUID jobId,
        String tenantId,
        String taskKey,
        Problem problem,
        ModelInfo model,
        List<Candidate> candidates,
        SandboxLimits limits,
        Instant generatedAt,
        String generatedBy) implements PipelineMessage {

    public CandidateBatch {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        nonBlank(batchId, "batchId");
        nonNull(jobId, "jobId");
        nonBlank(tenantId, "tenantId");
        nonBlank(taskKey, "taskKey");
        nonNull(problem, "problem");
        nonNull(model, "model");
        nonNull(candidates, "candidates");
        nonNull(generatedAt, "generatedAt");
        candidates = Require.elements(candidates, "candidates");
        generatedBy = Require.optionalWorkerId(generatedBy, "generatedBy");
    }

    @Override
    public String messageKey() {
        return taskKey;
    }
}

package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNull;
import static io.codesynth.contracts.Require.positive;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job was accepted by the gateway. Published together with the job's {@link GenerationRequest}s in
 * one Kafka transaction; topic {@link Topics#JOBS}, key = job id.
 *
 * @param limits sandbox limits asked for by the client, null for the worker's defaults
 */
public record JobSubmitted(
        @JsonProperty(required = true) int schemaVersion,
        UUID jobId,
        String tenantId,
        String jobName,
        Instant submittedAt,
        @JsonProperty(required = true) int samplesPerTask,
        DecodingSettings decoding,
        SandboxLimits limits,
        List<JobTask> tasks) implements PipelineMessage {

    public JobSubmitted {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        nonNull(jobId, "jobId");
        nonBlank(tenantId, "tenantId");
        nonBlank(jobName, "jobName");
        nonNull(submittedAt, "submittedAt");
        positive(samplesPerTask, "samplesPerTask");
        nonNull(decoding, "decoding");
        nonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        tasks = Require.elements(tasks, "tasks");
    }

    @Override
    public String messageKey() {
        return jobId.toString();
    }
}

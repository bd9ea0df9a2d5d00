package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Verdicts on every candidate of one batch. Topic {@link Topics#VERDICTS}, key = task key.
 *
 * @param verifiedBy the verification worker that ran the candidates ({@link WorkerId}); null when unknown (a
 *                   producer that predates the field); blank reads as null
 */
public record VerificationReport(
        @JsonProperty(required = true) int schemaVersion,
        String reportId,
        UUID jobId,
        String tenantId,
        String taskKey,
        List<CandidateVerdict> verdicts,
        Instant verifiedAt,
        String verifiedBy) implements PipelineMessage {

    public VerificationReport {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        nonBlank(reportId, "reportId");
        nonNull(jobId, "jobId");
        nonBlank(tenantId, "tenantId");
        nonBlank(taskKey, "taskKey");
        nonNull(verdicts, "verdicts");
        nonNull(verifiedAt, "verifiedAt");
        verdicts = Require.elements(verdicts, "verdicts");
        verifiedBy = Require.optionalWorkerId(verifiedBy, "verifiedBy");
    }

    @Override
    public String messageKey() {
        return taskKey;
    }
}

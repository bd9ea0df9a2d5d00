package io.codesynth.gateway.submission;

import io.codesynth.gateway.GatewayProperties;
import io.codesynth.gateway.problem.ApiException;
import io.codesynth.gateway.problem.FieldError;
import io.codesynth.gateway.problem.ProblemType;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Submits a validated job: gives it an id, publishes it once (per idempotency key), and says what happened. */
@Service
class JobSubmission {

    private static final Logger log = LoggerFactory.getLogger(JobSubmission.class);

    /** The receipt, and whether it repeats an earlier submission with the same idempotency key. */
    record Result(SubmissionReceipt receipt, boolean replayed) {
    }

    private final JobPublisher publisher;
    private final IdempotencyStore idempotency;
    private final int maxMessageBytes;
    private final Clock clock = Clock.systemUTC();

    JobSubmission(JobPublisher publisher, IdempotencyStore idempotency, GatewayProperties properties) {
        this.publisher = publisher;
        this.idempotency = idempotency;
        this.maxMessageBytes = properties.maxMessageBytes();
    }

    /**
     * @param idempotencyKey the client's key, or null to publish unconditionally
     */
    Result submit(String tenant, JobRequestReader.Parsed request, String idempotencyKey) {
        JobDraft draft = request.draft();
        PreparedJob job = PreparedJob.of(UUID.randomUUID(), tenant, draft, clock.instant());
        if (job.largestRecordBytes() > maxMessageBytes) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "The job encodes to " + job.largestRecordBytes()
                    + " bytes, more than the " + maxMessageBytes + " bytes a job message may have "
                    + "(twice codesynth.gateway.max-body-size); split the problems into several jobs.",
                    List.of(FieldError.of("body", "encodes to a job message larger than " + maxMessageBytes + " bytes")));
        }
        if (idempotencyKey == null) {
            publisher.publish(job);
            logAccepted(job, tenant);
            return new Result(receipt(draft, job.jobId()), false);
        }
        IdempotencyStore.Outcome outcome =
                idempotency.claim(tenant, idempotencyKey, request.fingerprint(), job.jobId(), () -> publisher.publish(job));
        if (outcome instanceof IdempotencyStore.Published) {
            logAccepted(job, tenant);
            return new Result(receipt(draft, job.jobId()), false);
        }
        log.debug("Idempotent replay of job {} for tenant {}", outcome.jobId(), tenant);
        return new Result(receipt(draft, outcome.jobId()), true);
    }

    private static SubmissionReceipt receipt(JobDraft draft, UUID jobId) {
        return SubmissionReceipt.queued(jobId, PreparedJob.nameOf(draft, jobId), draft.problems().size(),
                draft.samplesPerTask());
    }

    private static void logAccepted(PreparedJob job, String tenant) {
        log.info("Accepted job {} for tenant {}: {} tasks x {} samples", job.jobId(), tenant,
                job.submitted().tasks().size(), job.submitted().samplesPerTask());
    }
}

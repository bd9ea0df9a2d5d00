package io.codesynth.verification.worker;

import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.contracts.VerificationReport;
import io.codesynth.contracts.WorkerId;
import io.codesynth.verification.judge.CandidateVerifier;
import io.codesynth.verification.sandbox.RunLimits;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies one candidate batch and publishes its report. Knows nothing about Kafka consumers: the
 * listener hands it the record's key and value, and it returns only after the report is acknowledged
 * by the broker, so the offset is committed after the effect. A redelivered batch is verified again
 * and published under the same report id ({@code <taskKey>/verdicts}); consumers deduplicate on it. Every
 * report names this worker ({@code verifiedBy}).
 */
class BatchVerification {

    static final int SCHEMA_VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(BatchVerification.class);

    private final CandidateVerifier verifier;
    private final ReportPublisher publisher;
    private final VerificationMetrics metrics;
    private final Clock clock;
    private final WorkerId worker;

    BatchVerification(CandidateVerifier verifier, ReportPublisher publisher, VerificationMetrics metrics, Clock clock,
                      WorkerId worker) {
        this.verifier = verifier;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.worker = worker;
    }

    /**
     * @throws InvalidBatchMessage if the record can never be verified (goes to the dead-letter topic)
     */
    VerificationReport process(String key, byte[] value) {
        CandidateBatch batch = CandidateBatchReader.read(key, value);
        RunLimits limits;
        try {
            limits = verifier.limitsFor(batch.limits());
        } catch (IllegalArgumentException e) {
            throw new InvalidBatchMessage(e.getMessage(), batch.taskKey(), e);
        }
        long started = System.nanoTime();
        List<CandidateVerdict> verdicts = verifier.verifyAll(batch.problem(), batch.candidates(), limits);
        VerificationReport report = new VerificationReport(SCHEMA_VERSION, Ids.verificationReportId(batch.taskKey()),
                batch.jobId(), batch.tenantId(), batch.taskKey(), verdicts, clock.instant(), worker.value());
        publisher.publish(report);
        metrics.verdicts(verdicts);
        Map<VerdictKind, Integer> kinds = new EnumMap<>(VerdictKind.class);
        verdicts.forEach(verdict -> kinds.merge(verdict.verdict(), 1, Integer::sum));
        log.info("Verified task {} ({}): {} candidates in {} ms, {}", batch.taskKey(), batch.problem().taskId(),
                verdicts.size(), (System.nanoTime() - started) / 1_000_000, kinds);
        return report;
    }
}

package io.codesynth.results.intake;

import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.contracts.VerificationReport;
import io.codesynth.results.progress.JobProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores candidate batches and verification reports, exactly once however often a record is
 * delivered, and moves their task on. The batch id and the report id are the message ids: the
 * processed-messages row, the rows of the message and the task's new state commit in one transaction
 * that holds the job's lock. Either part may arrive first; whichever arrives last completes the task.
 */
public class TaskIntake {

    static final String BATCH_CONSUMER = "results-service/candidates";
    static final String REPORT_CONSUMER = "results-service/verdicts";

    private static final Logger log = LoggerFactory.getLogger(TaskIntake.class);

    /** What became of a record. */
    public enum Outcome {
        STORED,
        ALREADY_STORED
    }

    private final TaskStore store;
    private final JobProgress progress;
    private final Counter batches;
    private final Counter reports;
    private final Counter duplicates;

    public TaskIntake(TaskStore store, JobProgress progress, MeterRegistry meters) {
        this.store = store;
        this.progress = progress;
        this.batches = Counter.builder("codesynth.results.messages.stored").tag("type", "CandidateBatch")
                .description("Candidate batches and verification reports stored").register(meters);
        this.reports = Counter.builder("codesynth.results.messages.stored").tag("type", "VerificationReport")
                .description("Candidate batches and verification reports stored").register(meters);
        this.duplicates = Counter.builder("codesynth.results.messages.duplicate")
                .description("Redelivered candidate batches and verification reports, ignored").register(meters);
    }

    /**
     * @throws InvalidMessage if the record can never be stored (goes to the dead-letter topic)
     */
    public Outcome acceptBatch(String key, byte[] value) {
        CandidateBatch batch = TaskMessageReader.batch(key, value);
        boolean stored = progress.update(batch.jobId(), update -> {
            if (!store.markProcessed(BATCH_CONSUMER, batch.batchId(), update.now())) {
                return false;
            }
            store.insertBatch(batch, update.now());
            update.touched();
            update.evaluateTask(batch.taskKey());
            return true;
        });
        if (!stored) {
            duplicates.increment();
            log.debug("Candidate batch {} was stored before; redelivery ignored", batch.batchId());
            return Outcome.ALREADY_STORED;
        }
        batches.increment();
        log.info("Stored {} candidate(s) of task {} from model {} by worker {}", batch.candidates().size(),
                batch.taskKey(), batch.model().name(), batch.generatedBy() == null ? "unknown" : batch.generatedBy());
        return Outcome.STORED;
    }

    /**
     * @throws InvalidMessage if the record can never be stored (goes to the dead-letter topic)
     */
    public Outcome acceptReport(String key, byte[] value) {
        VerificationReport report = TaskMessageReader.report(key, value);
        boolean stored = progress.update(report.jobId(), update -> {
            if (!store.markProcessed(REPORT_CONSUMER, report.reportId(), update.now())) {
                return false;
            }
            store.insertReport(report, update.now());
            update.touched();
            update.evaluateTask(report.taskKey());
            return true;
        });
        if (!stored) {
            duplicates.increment();
            log.debug("Verification report {} was stored before; redelivery ignored", report.reportId());
            return Outcome.ALREADY_STORED;
        }
        reports.increment();
        long passed = report.verdicts().stream().filter(v -> v.verdict() == VerdictKind.PASSED).count();
        log.info("Stored {} verdict(s) of task {} by worker {}: {} passed", report.verdicts().size(), report.taskKey(),
                report.verifiedBy() == null ? "unknown" : report.verifiedBy(), passed);
        return Outcome.STORED;
    }
}

package io.codesynth.results.intake;

import io.codesynth.contracts.JobSubmitted;
import io.codesynth.results.progress.JobProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores submitted jobs and their tasks, exactly once however often a record is delivered.
 *
 * <p>The job id is the message id: the processed-messages row, the job and its tasks are written in
 * one transaction, so a redelivered or replayed {@link JobSubmitted} finds its row and changes
 * nothing. Candidate batches, reports and dead letters of its tasks may have arrived before the job
 * (Kafka orders nothing across topics); the same transaction evaluates those tasks. Knows nothing
 * about Kafka; the listener hands it the record's key and value.
 */
public class JobIntake {

    /** Consumer name in {@code processed_messages}. */
    static final String CONSUMER = "results-service/jobs";

    private static final Logger log = LoggerFactory.getLogger(JobIntake.class);

    /** What became of a record. */
    public enum Outcome {
        /** The job and its tasks were stored. */
        STORED,
        /** The job had been stored before; nothing changed. */
        ALREADY_STORED
    }

    private final JobStore store;
    private final JobProgress progress;
    private final Counter stored;
    private final Counter duplicates;

    public JobIntake(JobStore store, JobProgress progress, MeterRegistry meters) {
        this.store = store;
        this.progress = progress;
        this.stored = Counter.builder("codesynth.results.jobs.received")
                .tag("outcome", "stored").description("JobSubmitted records stored").register(meters);
        this.duplicates = Counter.builder("codesynth.results.jobs.received")
                .tag("outcome", "duplicate").description("JobSubmitted records already stored").register(meters);
    }

    /**
     * Decodes and stores one record of the jobs topic.
     *
     * @param key   the record key (the job id)
     * @param value the record value
     * @throws InvalidJobMessage if the record can never be stored (goes to the dead-letter topic)
     */
    public Outcome accept(String key, byte[] value) {
        JobSubmitted job = JobSubmittedReader.read(key, value);
        Boolean isNew = progress.update(job.jobId(), update -> {
            if (!store.markProcessed(CONSUMER, job.jobId().toString(), update.now())) {
                return false;
            }
            // ON CONFLICT DO NOTHING here too: rows written by some other path are never overwritten
            store.insertJob(job, update.now());
            store.insertTasks(job, update.now());
            update.touched();
            update.evaluateEarlyArrivals();
            return true;
        });
        if (Boolean.TRUE.equals(isNew)) {
            stored.increment();
            log.info("Stored job {} of tenant {}: {} tasks, {} samples per task", job.jobId(), job.tenantId(),
                    job.tasks().size(), job.samplesPerTask());
            return Outcome.STORED;
        }
        duplicates.increment();
        log.debug("Job {} was stored before; redelivery ignored", job.jobId());
        return Outcome.ALREADY_STORED;
    }
}

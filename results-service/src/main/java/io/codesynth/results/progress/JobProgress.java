package io.codesynth.results.progress;

import io.codesynth.contracts.JobState;
import io.codesynth.contracts.TaskState;
import io.codesynth.results.publish.Outbox;
import io.codesynth.results.ranking.CandidateRanker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every change of a job in one database transaction that holds the job's lock, lets
 * {@link JobUpdate} move tasks and the job on, and — only once the transaction has committed —
 * counts the finished tasks and jobs and announces the change ({@link JobChanged}) to the event
 * streams. Knows nothing about Kafka.
 */
public class JobProgress {

    private static final Logger log = LoggerFactory.getLogger(JobProgress.class);

    private final ProgressStore store;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final CandidateRanker ranker = new CandidateRanker();
    private final Outbox outbox;
    private final int topCandidates;
    private final ApplicationEventPublisher events;
    private final Counter tasksCompleted;
    private final Counter tasksFailed;
    private final MeterRegistry meters;

    public JobProgress(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, Outbox outbox,
                       int topCandidates, ApplicationEventPublisher events, MeterRegistry meters) {
        this.store = new ProgressStore(jdbc);
        this.transaction = transaction;
        this.clock = clock;
        this.outbox = outbox;
        this.topCandidates = topCandidates;
        this.events = events;
        this.meters = meters;
        this.tasksCompleted = Counter.builder("codesynth.results.tasks.finished").tag("state", "completed")
                .description("Tasks ranked and completed").register(meters);
        this.tasksFailed = Counter.builder("codesynth.results.tasks.finished").tag("state", "failed")
                .description("Tasks that ended failed (dead letter, no candidates, deadline)").register(meters);
    }

    /**
     * Runs {@code work} in a transaction holding the lock of {@code jobId}, then brings the job's state
     * in line with its tasks before committing.
     */
    public <T> T update(UUID jobId, Function<JobUpdate, T> work) {
        JobUpdate update = new JobUpdate(jobId, clock.instant(), store, ranker, outbox, topCandidates);
        T result = transaction.execute(status -> {
            store.lockJob(jobId);
            T value = work.apply(update);
            update.finish();
            return value;
        });
        afterCommit(jobId, update);
        return result;
    }

    ProgressStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    private void afterCommit(UUID jobId, JobUpdate update) {
        for (TaskState state : update.finishedTasks()) {
            (state == TaskState.COMPLETED ? tasksCompleted : tasksFailed).increment();
        }
        JobState completed = update.completedState();
        if (completed != null) {
            Timer.builder("codesynth.results.job.duration").tag("state", completed.name())
                    .description("From submission to the job's final state")
                    .register(meters).record(update.completedAfter());
            log.info("Job {} {} after {} ms", jobId, completed, update.completedAfter().toMillis());
        }
        if (update.changedAnything()) {
            events.publishEvent(new JobChanged(jobId));
        }
    }
}

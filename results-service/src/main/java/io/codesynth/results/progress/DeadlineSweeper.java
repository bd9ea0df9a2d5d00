package io.codesynth.results.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the tasks whose messages stopped arriving, so that no task waits forever without a reason: a
 * task that is not final, and of whose job nothing was heard for the deadline, becomes
 * {@code FAILED} ("timed out waiting for candidates / verdicts"). Each job is handled in its own
 * locked transaction, which checks again that the task is still stale.
 */
public class DeadlineSweeper {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);
    private static final int TASKS_PER_SWEEP = 1000;

    private final JobProgress progress;
    private final Duration deadline;

    public DeadlineSweeper(JobProgress progress, Duration deadline) {
        this.progress = progress;
        this.deadline = deadline;
    }

    /** One sweep; returns the number of tasks it failed. */
    public int sweep() {
        Instant cutoff = progress.clock().instant().minus(deadline);
        Map<UUID, List<String>> byJob = new LinkedHashMap<>();
        for (ProgressStore.StaleTask task : progress.store().staleTasks(cutoff, TASKS_PER_SWEEP)) {
            byJob.computeIfAbsent(task.jobId(), id -> new ArrayList<>()).add(task.taskKey());
        }
        int expired = 0;
        for (Map.Entry<UUID, List<String>> job : byJob.entrySet()) {
            int count = progress.update(job.getKey(), update ->
                    (int) job.getValue().stream().filter(taskKey -> update.expire(taskKey, cutoff, deadline)).count());
            if (count > 0) {
                log.warn("Job {}: {} task(s) timed out after {} without news", job.getKey(), count,
                        Durations.describe(deadline));
            }
            expired += count;
        }
        return expired;
    }
}

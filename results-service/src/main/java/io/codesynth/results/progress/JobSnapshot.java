package io.codesynth.results.progress;

import io.codesynth.contracts.JobState;
import java.time.Instant;
import java.util.UUID;

/** A job's row and the number of its tasks in each state. */
record JobSnapshot(
        UUID jobId,
        String tenant,
        String name,
        JobState state,
        Instant submittedAt,
        int tasks,
        int queued,
        int completed,
        int failed) {

    boolean allFinal() {
        return tasks > 0 && completed + failed == tasks;
    }

    /** The state the task counts call for (the job's stored state may lag behind). */
    JobState derivedState() {
        if (allFinal()) {
            return failed == 0 ? JobState.COMPLETED : completed == 0 ? JobState.FAILED : JobState.COMPLETED_WITH_ERRORS;
        }
        if (queued == tasks) {
            return JobState.QUEUED;
        }
        // some task still waits for its candidates: generation is under way; else only verdicts are missing
        return queued > 0 ? JobState.GENERATING : JobState.VERIFYING;
    }
}

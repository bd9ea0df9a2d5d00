package io.codesynth.results.progress;

import io.codesynth.contracts.TaskState;
import java.time.Instant;
import java.util.UUID;

/**
 * Everything stored about one task that decides its state.
 *
 * @param batchCandidates candidates the task's batch announced, null while no batch is stored
 * @param candidates      candidates stored for the task
 * @param verdicts        of those, how many have a verdict
 * @param failure         the reason of a dead letter of one of the task's messages, else null
 * @param lastVerifiedAt  the latest verification time of the task's reports, null before any
 */
record TaskSnapshot(
        String taskKey,
        UUID jobId,
        String tenant,
        String taskId,
        TaskState state,
        Instant updatedAt,
        Integer batchCandidates,
        Instant generatedAt,
        int candidates,
        int verdicts,
        String failure,
        Instant lastVerifiedAt) {
}

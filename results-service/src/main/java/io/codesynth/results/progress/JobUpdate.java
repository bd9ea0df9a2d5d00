package io.codesynth.results.progress;

import io.codesynth.contracts.JobCompleted;
import io.codesynth.contracts.JobState;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.RankedCandidate;
import io.codesynth.contracts.TaskCompleted;
import io.codesynth.contracts.TaskState;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.results.publish.Outbox;
import io.codesynth.results.ranking.CandidateRanker;
import io.codesynth.results.ranking.PassAtK;
import io.codesynth.results.ranking.RankedEntry;
import io.codesynth.results.ranking.ScoredCandidate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state machine of one job's tasks, applied inside one transaction that holds the job's lock.
 *
 * <p>Task: {@code QUEUED} until its candidate batch is stored, then {@code VERIFYING} until every
 * candidate has a verdict, then ranked and {@code COMPLETED}; {@code FAILED} with a reason when a
 * message of the task was dead-lettered, the batch holds no candidates, no candidate could be run, or
 * the deadline passed. There is no "generation started" message, so tasks never show {@code GENERATING}.
 * Job: derived from its tasks ({@link JobSnapshot#derivedState()}); once all are final it is
 * completed, its pass@k computed, and its {@code JobCompleted} written to the outbox.
 *
 * <p>Parts of a task may arrive in any order (a report before its batch, both before the job), so
 * every arrival evaluates the task again and the last part to arrive completes it.
 */
public final class JobUpdate {

    private final UUID jobId;
    private final Instant now;
    private final ProgressStore store;
    private final CandidateRanker ranker;
    private final Outbox outbox;
    private final int topCandidates;
    private final List<TaskState> finishedTasks = new ArrayList<>();
    private boolean touched;
    private boolean changed;
    private JobState completedState;
    private Duration completedAfter;

    JobUpdate(UUID jobId, Instant now, ProgressStore store, CandidateRanker ranker, Outbox outbox, int topCandidates) {
        this.jobId = jobId;
        this.now = now;
        this.store = store;
        this.ranker = ranker;
        this.outbox = outbox;
        this.topCandidates = topCandidates;
    }

    /** The time of this update (one instant for all its writes). */
    public Instant now() {
        return now;
    }

    /** Records that something new about the job was stored (restarts the job's deadline clock). */
    public void touched() {
        touched = true;
    }

    /** Evaluates every unfinished task of the job for which parts arrived before the job itself. */
    public void evaluateEarlyArrivals() {
        store.tasksWithNews(jobId).forEach(this::evaluateTask);
    }

    /** Moves the task on as far as what is stored allows; nothing happens to a final or unknown task. */
    public void evaluateTask(String taskKey) {
        TaskSnapshot task = store.task(taskKey).orElse(null);
        if (task == null || task.state().isFinal()) {
            return;
        }
        if (task.failure() != null) {
            fail(task, task.failure());
        } else if (task.batchCandidates() == null) {
            return;
        } else if (task.batchCandidates() == 0 || task.candidates() == 0) {
            fail(task, "the generation worker produced no candidates");
        } else {
            if (task.state() == TaskState.QUEUED) {
                store.markVerifying(taskKey, task.generatedAt(), now);
                changed = true;
            }
            if (task.verdicts() >= task.candidates()) {
                complete(task);
            }
        }
    }

    /** Fails an unfinished task that waited longer than the deadline; false if it moved on meanwhile. */
    boolean expire(String taskKey, Instant cutoff, Duration deadline) {
        TaskSnapshot task = store.task(taskKey).orElse(null);
        Instant jobUpdatedAt = store.jobUpdatedAt(jobId);
        if (task == null || task.state().isFinal() || !task.updatedAt().isBefore(cutoff)
                || jobUpdatedAt == null || !jobUpdatedAt.isBefore(cutoff)) {
            return false;
        }
        String waited = Durations.describe(deadline);
        String reason = task.batchCandidates() == null
                ? "timed out waiting for candidates: no candidate batch arrived within " + waited
                : "timed out waiting for verdicts: " + Math.min(task.verdicts(), task.candidates()) + " of "
                        + task.candidates() + " candidates verified within " + waited;
        fail(task, reason);
        return true;
    }

    private void complete(TaskSnapshot task) {
        List<ScoredCandidate> scored = store.scoredCandidates(task.taskKey());
        // a sandbox error says nothing about the candidate: it counts neither as a sample nor as correct
        int n = (int) scored.stream().filter(c -> c.verdict() != VerdictKind.SANDBOX_ERROR).count();
        int c = (int) scored.stream().filter(ScoredCandidate::passed).count();
        if (n == 0) {
            String detail = store.firstErrorMessage(task.taskKey(), VerdictKind.SANDBOX_ERROR)
                    .map(message -> ": " + message).orElse("");
            fail(task, "the verification sandbox could not run any of the " + scored.size() + " candidates" + detail);
            return;
        }
        List<RankedEntry> ranking = ranker.rank(scored);
        Map<String, Double> passAtK = PassAtK.of(n, c);
        ScoredCandidate best = ranking.getFirst().candidate();
        Double heldOut = best.heldOut() == null || best.heldOut().total() == 0 ? null
                : (double) best.heldOut().passed() / best.heldOut().total();
        store.saveRanking(ranking);
        store.markCompleted(task.taskKey(), n, c, passAtK, heldOut,
                task.lastVerifiedAt() == null ? now : task.lastVerifiedAt(), now);

        Map<String, String> completions = store.completions(task.taskKey());
        List<RankedCandidate> top = ranking.stream().limit(topCandidates)
                .map(entry -> rankedCandidate(entry, completions.get(entry.candidate().candidateId())))
                .toList();
        outbox.add(new TaskCompleted(PipelineMessage.SCHEMA_VERSION, task.jobId(), task.tenant(), task.taskKey(),
                task.taskId(), TaskState.COMPLETED, null, top, passAtK, heldOut, now), now);
        finished(TaskState.COMPLETED);
    }

    private void fail(TaskSnapshot task, String reason) {
        store.markFailed(task.taskKey(), reason, now);
        outbox.add(new TaskCompleted(PipelineMessage.SCHEMA_VERSION, task.jobId(), task.tenant(), task.taskKey(),
                task.taskId(), TaskState.FAILED, reason, List.of(), Map.of(), null, now), now);
        finished(TaskState.FAILED);
    }

    private void finished(TaskState state) {
        finishedTasks.add(state);
        changed = true;
    }

    private static RankedCandidate rankedCandidate(RankedEntry entry, String completion) {
        ScoredCandidate candidate = entry.candidate();
        return new RankedCandidate(entry.rank(), candidate.candidateId(), candidate.sampleIndex(),
                completion == null ? "" : completion, candidate.verdict(), candidate.tests(), candidate.heldOut(),
                entry.clusterId(), entry.clusterSize(), candidate.meanConfidence(), entry.reason());
    }

    /** Brings the job's state in line with its tasks; completes it once every task is final. */
    void finish() {
        if (!touched && !changed) {
            return;
        }
        JobSnapshot job = store.job(jobId).orElse(null);
        if (job == null || job.state().isFinal()) {
            return;
        }
        JobState state = job.derivedState();
        if (!state.isFinal()) {
            if (state != job.state()) {
                store.updateJobState(jobId, state, now);
                changed = true;
            } else if (touched) {
                store.touchJob(jobId, now);
            }
            return;
        }
        Map<String, Double> passAtK = PassAtK.mean(store.completedTasksPassAtK(jobId));
        Double heldOut = store.meanHeldOutPassRate(jobId);
        String error = switch (state) {
            case FAILED -> "all " + job.tasks() + " tasks failed; first: " + store.firstFailure(jobId).orElse("?");
            case COMPLETED_WITH_ERRORS -> job.failed() + " of " + job.tasks() + " tasks failed; first: "
                    + store.firstFailure(jobId).orElse("?");
            default -> null;
        };
        store.completeJob(jobId, state, error, passAtK, heldOut, now);
        outbox.add(new JobCompleted(PipelineMessage.SCHEMA_VERSION, jobId, job.tenant(), job.name(), state,
                job.tasks(), job.completed(), job.failed(), passAtK, job.submittedAt(), now), now);
        completedState = state;
        completedAfter = Duration.between(job.submittedAt(), now);
        changed = true;
    }

    boolean changedAnything() {
        return touched || changed;
    }

    List<TaskState> finishedTasks() {
        return finishedTasks;
    }

    /** The job's final state if this update completed it, else null. */
    JobState completedState() {
        return completedState;
    }

    Duration completedAfter() {
        return completedAfter;
    }
}

package io.codesynth.contracts;

import java.util.UUID;

/**
 * Deterministic ids, so that redelivered messages map to the same rows and records downstream.
 *
 * <p>Task key = {@code <jobId>/<taskIndex>} (the client's task ids may contain any character, the
 * index never does); candidate id = {@code <taskKey>/<sampleIndex>}.
 */
public final class Ids {

    private Ids() {
    }

    public static String taskKey(UUID jobId, int taskIndex) {
        return jobId + "/" + taskIndex;
    }

    public static String candidateId(String taskKey, int sampleIndex) {
        return taskKey + "/" + sampleIndex;
    }

    /** Id of the one candidate batch produced for a task's generation request. */
    public static String candidateBatchId(String taskKey) {
        return taskKey + "/candidates";
    }

    /** Id of the one verification report produced for a task's candidate batch. */
    public static String verificationReportId(String taskKey) {
        return taskKey + "/verdicts";
    }

    /** The job id inside a task key or candidate id. */
    public static UUID jobIdOf(String taskKeyOrCandidateId) {
        int slash = taskKeyOrCandidateId.indexOf('/');
        return UUID.fromString(slash < 0 ? taskKeyOrCandidateId : taskKeyOrCandidateId.substring(0, slash));
    }

    /** Per-task seed derived from the job's base seed, stable across redeliveries. */
    public static long taskSeed(long baseSeed, int taskIndex) {
        // SplitMix64 finaliser: neighbouring task indices get unrelated seeds
        long z = baseSeed + 0x9E3779B97F4A7C15L * (taskIndex + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A base seed derived from the job id, used when the client gave none. */
    public static long seedOf(UUID jobId) {
        return jobId.getMostSignificantBits() ^ jobId.getLeastSignificantBits();
    }
}

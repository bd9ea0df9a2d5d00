package io.codesynth.contracts;

/**
 * A candidate in its task's ranking.
 *
 * @param rank        1 = best
 * @param clusterId   candidates with identical behaviour signatures share a cluster id
 * @param clusterSize how many candidates of the task share this behaviour
 * @param reason      why it ranks here, e.g. {@code "passed 7/7, cluster of 5, confidence 0.91"}
 */
public record RankedCandidate(
        int rank,
        String candidateId,
        int sampleIndex,
        String completion,
        VerdictKind verdict,
        TestTally tests,
        TestTally heldOut,
        int clusterId,
        int clusterSize,
        double meanConfidence,
        String reason) {

    public RankedCandidate {
        Require.positive(rank, "rank");
        Require.nonBlank(candidateId, "candidateId");
        Require.nonNull(verdict, "verdict");
        Require.nonNull(tests, "tests");
    }
}

package io.codesynth.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A candidate in its task's ranking.
 *
 * @param rank        1 = best
 * @param clusterId   candidates with identical behaviour signatures share a cluster id
 * @param clusterSize how many candidates of the task share this behaviour
 * @param reason      why it ranks here, e.g. {@code "passed 7/7, cluster of 5, confidence 0.91"}
 */
public record RankedCandidate(
        @JsonProperty(required = true) int rank,
        String candidateId,
        @JsonProperty(required = true) int sampleIndex,
        String completion,
        VerdictKind verdict,
        TestTally tests,
        TestTally heldOut,
        @JsonProperty(required = true) int clusterId,
        @JsonProperty(required = true) int clusterSize,
        @JsonProperty(required = true) double meanConfidence,
        String reason) {

    public RankedCandidate {
        Require.positive(rank, "rank");
        Require.nonBlank(candidateId, "candidateId");
        Require.nonNull(verdict, "verdict");
        Require.nonNegative(sampleIndex, "sampleIndex");
        Require.nonNull(tests, "tests");
        Require.positive(clusterSize, "clusterSize");
        Require.probability(meanConfidence, "meanConfidence");
    }
}

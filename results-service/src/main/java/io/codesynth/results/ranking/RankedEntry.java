package io.codesynth.results.ranking;

/**
 * A candidate's place in its task's ranking.
 *
 * @param rank        1 = best
 * @param clusterId   0 for the cluster of the best candidate, then numbered in rank order
 * @param clusterSize candidates of the task with the same behaviour
 * @param reason      the figures that put it here, e.g. {@code rank 1: passed 7/7, cluster of 5, confidence 0.91}
 */
public record RankedEntry(ScoredCandidate candidate, int rank, int clusterId, int clusterSize, String reason) {
}

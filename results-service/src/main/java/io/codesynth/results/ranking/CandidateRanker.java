package io.codesynth.results.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Orders a task's candidates best first: passed every ranking test; then the share of tests passed;
 * then the size of the candidate's behaviour cluster (candidates whose per-test outcomes agree, as
 * in AlphaCode's clustering and MBR-exec); then mean confidence; then sample index, so the order is
 * total and the same on every run. Held-out results are never looked at.
 */
public final class CandidateRanker {

    /** Ranks {@code candidates} (any order, unique sample indices); the result is best first. */
    public List<RankedEntry> rank(List<ScoredCandidate> candidates) {
        Map<Object, Integer> clusterSizes = new HashMap<>();
        for (ScoredCandidate candidate : candidates) {
            clusterSizes.merge(candidate.clusterKey(), 1, Integer::sum);
        }
        Comparator<ScoredCandidate> bestFirst = Comparator
                .comparing(ScoredCandidate::passed).reversed()
                .thenComparing(Comparator.comparingDouble(ScoredCandidate::passedFraction).reversed())
                .thenComparing(Comparator.comparingInt((ScoredCandidate c) -> clusterSizes.get(c.clusterKey()))
                        .reversed())
                .thenComparing(Comparator.comparingDouble(CandidateRanker::confidence).reversed())
                .thenComparingInt(ScoredCandidate::sampleIndex);
        List<ScoredCandidate> ordered = candidates.stream().sorted(bestFirst).toList();

        Map<Object, Integer> clusterIds = new HashMap<>();
        List<RankedEntry> ranked = new ArrayList<>(ordered.size());
        for (ScoredCandidate candidate : ordered) {
            int rank = ranked.size() + 1;
            int clusterId = clusterIds.computeIfAbsent(candidate.clusterKey(), key -> clusterIds.size());
            int clusterSize = clusterSizes.get(candidate.clusterKey());
            ranked.add(new RankedEntry(candidate, rank, clusterId, clusterSize, reason(candidate, rank, clusterSize)));
        }
        return ranked;
    }

    /** A NaN confidence (never sent, but cheap to guard) sorts last rather than breaking the order. */
    private static double confidence(ScoredCandidate candidate) {
        return Double.isNaN(candidate.meanConfidence()) ? -1 : candidate.meanConfidence();
    }

    static String reason(ScoredCandidate candidate, int rank, int clusterSize) {
        StringBuilder reason = new StringBuilder("rank ").append(rank).append(": ");
        if (!candidate.passed()) {
            reason.append(candidate.verdict().name());
            if (candidate.errorType() != null && !candidate.errorType().isBlank()) {
                reason.append(' ').append(candidate.errorType());
            }
            reason.append(", ");
        }
        reason.append("passed ").append(candidate.tests().passed()).append('/').append(candidate.tests().total())
                .append(", cluster of ").append(clusterSize)
                .append(", confidence ").append(String.format(Locale.ROOT, "%.2f", candidate.meanConfidence()));
        return reason.toString();
    }
}

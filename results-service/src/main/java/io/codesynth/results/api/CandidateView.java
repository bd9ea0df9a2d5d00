package io.codesynth.results.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.VerdictKind;
import java.util.List;

/**
 * A candidate with its ranking and verdict.
 *
 * @param rank        1 = best; null until the task is ranked
 * @param clusterId   candidates with identical behaviour signatures share it; null until ranked
 * @param clusterSize how many candidates of the task behave alike; null until ranked
 * @param rankReason  e.g. {@code rank 1: passed 7/7, cluster of 5, confidence 0.91}; null until ranked
 * @param completion  the generated code
 * @param tokenCount  generated tokens
 * @param generatedBy the generation worker that produced the candidate ({@code codesynth.worker.id}, by default
 *                    {@code <hostname>/<pid>}); null when unknown (a worker that predates worker ids)
 * @param verdict     null until the candidate is verified
 * @param verifiedBy  the verification worker that produced the verdict; null until verified, or when unknown
 * @param tokenIds    generated token ids (only in the answer of one task)
 * @param revealSteps per token, the decoding step that unmasked it: the decoding order (only for one task)
 */
@JsonPropertyOrder({"candidateId", "sampleIndex", "rank", "clusterId", "clusterSize", "rankReason", "completion",
        "meanConfidence", "logProbability", "forwardPasses", "tokenCount", "decodeMillis", "model", "generatedBy",
        "verdict", "verifiedBy", "tokenIds", "revealSteps"})
public record CandidateView(
        String candidateId,
        int sampleIndex,
        Integer rank,
        Integer clusterId,
        Integer clusterSize,
        String rankReason,
        String completion,
        Double meanConfidence,
        Double logProbability,
        int forwardPasses,
        int tokenCount,
        Long decodeMillis,
        Model model,
        String generatedBy,
        Verdict verdict,
        String verifiedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> tokenIds,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> revealSteps) {

    /** The model that generated the candidate, where and in which precision it ran. */
    @JsonPropertyOrder({"name", "device", "dtype"})
    public record Model(String name, String device, String dtype) {
    }

    /**
     * The verification of a candidate.
     *
     * @param tests     ranking tests passed / run
     * @param heldOut   held-out tests passed / run; null when the problem has none
     * @param signature outcome (and returned value) per ranking test: the behaviour clusters are built from it
     * @param sandboxed false only when the verifier ran in its explicit unsandboxed mode
     */
    @JsonPropertyOrder({"verdict", "tests", "heldOut", "durationMillis", "errorType", "errorMessage", "stderrTail",
            "outputTruncated", "sandboxed", "signature"})
    public record Verdict(
            VerdictKind verdict,
            TestTally tests,
            TestTally heldOut,
            long durationMillis,
            String errorType,
            String errorMessage,
            String stderrTail,
            boolean outputTruncated,
            boolean sandboxed,
            List<TestOutcome> signature) {
    }
}

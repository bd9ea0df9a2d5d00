package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNegative;
import static io.codesynth.contracts.Require.nonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One generated completion with the decoder's figures.
 *
 * @param candidateId    {@code <taskKey>/<sampleIndex>}
 * @param completion     the generated text (cut at the first end-of-text token)
 * @param tokenIds       the generated token ids
 * @param forwardPasses  forward passes of the model spent on this candidate's decoding
 * @param meanConfidence mean probability of the chosen tokens
 * @param logProbability sum of the log-probabilities of the chosen tokens
 * @param revealSteps    for each generated token, the step at which it was unmasked (its decoding order)
 * @param decodeMillis   wall time of the batch that decoded this candidate
 */
public record Candidate(
        String candidateId,
        @JsonProperty(required = true) int sampleIndex,
        String completion,
        List<Integer> tokenIds,
        @JsonProperty(required = true) int forwardPasses,
        @JsonProperty(required = true) double meanConfidence,
        @JsonProperty(required = true) double logProbability,
        List<Integer> revealSteps,
        @JsonProperty(required = true) long decodeMillis) {

    public Candidate {
        nonBlank(candidateId, "candidateId");
        nonNegative(sampleIndex, "sampleIndex");
        nonNull(completion, "completion");
        nonNegative(forwardPasses, "forwardPasses");
        Require.probability(meanConfidence, "meanConfidence");
        Require.finite(logProbability, "logProbability");
        tokenIds = Require.elements(tokenIds, "tokenIds");
        revealSteps = Require.elements(revealSteps, "revealSteps");
    }
}

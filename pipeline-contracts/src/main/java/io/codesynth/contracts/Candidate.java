package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNegative;
import static io.codesynth.contracts.Require.nonNull;

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
        int sampleIndex,
        String completion,
        List<Integer> tokenIds,
        int forwardPasses,
        double meanConfidence,
        double logProbability,
        List<Integer> revealSteps,
        long decodeMillis) {

    public Candidate {
        nonBlank(candidateId, "candidateId");
        nonNegative(sampleIndex, "sampleIndex");
        nonNull(completion, "completion");
        tokenIds = tokenIds == null ? List.of() : List.copyOf(tokenIds);
        revealSteps = revealSteps == null ? List.of() : List.copyOf(revealSteps);
    }
}

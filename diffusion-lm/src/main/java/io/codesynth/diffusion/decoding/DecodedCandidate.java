package io.codesynth.diffusion.decoding;

import java.util.List;

/**
 * One completion with the decoder's figures. Token-level figures cover the returned tokens, i.e. everything
 * before the first stop token.
 *
 * @param requestIndex   position of the request in the decoded list
 * @param sampleIndex    which of the request's samples this is
 * @param seed           the seed of this sample's random stream
 * @param tokenIds       generated ids, cut before the first stop id (eos, {@code <|im_end|>}, {@code <|dlm_pad|>})
 * @param text           {@code tokenIds} through the detokenizer
 * @param forwardPasses  forward passes this candidate took part in
 * @param meanConfidence mean probability of the returned tokens under the distribution they were chosen from
 *                       (after temperature, top-p and top-k); 0 when no token is returned
 * @param logProbability sum of the natural logs of those probabilities
 * @param revealSteps    for each returned token, the 0-based forward pass whose logits revealed it
 * @param stopped        true when a stop id ended the output, false when it ran to maxNewTokens
 */
public record DecodedCandidate(
        int requestIndex,
        int sampleIndex,
        long seed,
        List<Integer> tokenIds,
        String text,
        int forwardPasses,
        double meanConfidence,
        double logProbability,
        List<Integer> revealSteps,
        boolean stopped) {

    public DecodedCandidate {
        tokenIds = List.copyOf(tokenIds);
        revealSteps = List.copyOf(revealSteps);
    }

    public int[] tokenIdArray() {
        return tokenIds.stream().mapToInt(Integer::intValue).toArray();
    }
}

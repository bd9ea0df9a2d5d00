package io.codesynth.diffusion.decoding;

import java.util.List;

/**
 * Everything one {@link DiffusionDecoder#decode} call produced.
 *
 * @param candidates         per request (in the order given), its samples in sample order
 * @param modelForwards      forward passes of the model, each over a whole batch
 * @param rowForwards        sum over candidates of the forward passes each took part in
 * @param generatedPositions masked positions decoded over all candidates (before stop-token cutting)
 * @param elapsedNanos       wall time of the call
 */
public record DecodeResult(
        List<List<DecodedCandidate>> candidates,
        int modelForwards,
        long rowForwards,
        long generatedPositions,
        long elapsedNanos) {

    public DecodeResult {
        candidates = candidates.stream().map(List::copyOf).toList();
    }

    /** Mean rows per forward pass. */
    public double meanBatchSize() {
        return modelForwards == 0 ? 0 : (double) rowForwards / modelForwards;
    }

    /** Forward passes each candidate spent per generated position, on average (1 for one token per step). */
    public double forwardPassesPerToken() {
        return generatedPositions == 0 ? 0 : (double) rowForwards / generatedPositions;
    }

    /** Generated positions per second of wall time. */
    public double tokensPerSecond() {
        return elapsedNanos == 0 ? 0 : generatedPositions * 1e9 / elapsedNanos;
    }
}

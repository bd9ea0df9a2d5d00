package io.codesynth.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A masked-diffusion language model: one forward pass over a (partly masked) canvas gives, for every
 * position, logits over the vocabulary for the token at that position. Implementations apply their
 * architecture's logit alignment (Dream's one-position shift) so that {@code logits[b, i]} always
 * predicts token {@code i} of the canvas.
 */
public interface DenoisingModel extends AutoCloseable {

    ModelConfig config();

    /**
     * @param manager       owns the returned array (and any intermediates the caller should free with it)
     * @param inputIds      int64 (batch, length) token ids; left padding with the pad id
     * @param attentionMask int64 or boolean (batch, length): 1 for real tokens, 0 for padding; null means no padding
     * @return float32 (batch, length, vocab) logits, aligned so row i scores token i. Padding rows are finite.
     */
    NDArray forward(NDManager manager, NDArray inputIds, NDArray attentionMask);

    @Override
    void close();
}

package io.codesynth.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

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

    /**
     * The logits of some positions only: row {@code i} of the result is row {@code positions[i]} of
     * {@code forward(manager, inputIds, attentionMask).reshape(batch · length, vocab)}. A decoding step scores
     * only the masked positions of its current blocks, so a model can skip its classifier, and the
     * (batch, length, vocab) array, for the prompt, the revealed tokens and the padding. This default computes
     * every position and keeps the asked-for ones.
     *
     * @param positions flat indices {@code row · length + column} into the canvas
     * @return float32 (positions.length, vocab) logits, owned by {@code manager}
     */
    default NDArray logitsAt(NDManager manager, NDArray inputIds, NDArray attentionMask, long[] positions) {
        NDArray logits = forward(manager, inputIds, attentionMask);
        long vocab = logits.getShape().get(logits.getShape().dimension() - 1);
        return logits.reshape(-1, vocab).get(manager, new NDIndex("{}", manager.create(positions)));
    }

    @Override
    void close();
}

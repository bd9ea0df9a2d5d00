package io.codesynth.demomodel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The masked-diffusion loss of a {@link DiffusionBatch} (its javadoc gives the objective and the normalisation). */
public final class DiffusionLoss {

    /** Which positions lm_head and the log-softmax run on; the loss is the same either way. */
    public enum Rows {
        /** Only the masked positions, the only ones with weight: what training uses. */
        MASKED,
        /** Every position, as a forward pass for inference computes them: {@code bench train}'s baseline. */
        ALL
    }

    private DiffusionLoss() {
    }

    /** The model's inputs for {@code batch}: (batch, length) INT64 ids and F32 validity, in {@code scope}. */
    public static NDArray[] inputs(NDManager scope, DiffusionBatch batch) {
        Shape shape = new Shape(batch.batch(), batch.length());
        return new NDArray[] {scope.create(batch.ids(), shape), scope.create(batch.valid(), shape)};
    }

    /**
     * The scalar loss, differentiable through {@code model}'s parameters; intermediates live in {@code scope}.
     *
     * <p>Only masked positions carry weight, so lm_head, the log-softmax and the target pick run on their rows
     * alone (770 of a padded batch's 5,955 rows in {@code bench train}) instead of on every position; with a vocabulary of 1,780
     * and a hidden size of 128, lm_head is over a third of the model's multiply-adds per token. Equal to
     * {@link #loss(NDManager, NDArray, DiffusionBatch)} on the full logits ({@code DiffusionLossTest}).
     */
    public static NDArray loss(NDManager scope, TrainableDream model, DiffusionBatch batch) {
        return loss(scope, model, batch, Rows.MASKED);
    }

    /** The scalar loss with lm_head run on {@code rows}. */
    public static NDArray loss(NDManager scope, TrainableDream model, DiffusionBatch batch, Rows rows) {
        NDArray[] inputs = inputs(scope, batch);
        int masked = batch.maskedPositions();
        if (rows == Rows.ALL || masked == 0) { // with nothing masked: zero, but still a graph to backpropagate
            return loss(scope, model.forward(scope, inputs[0], inputs[1]), batch);
        }
        NDArray hidden = model.finalHiddenStates(scope, inputs[0], inputs[1]);
        long hiddenSize = hidden.getShape().get(2);
        float[] weights = batch.weights();
        long[] sources = new long[masked];
        long[] targets = new long[masked];
        float[] rowWeights = new float[masked];
        int next = 0;
        for (int at = 0; at < weights.length; at++) {
            if (weights[at] > 0) {
                // Dream's shift: position i is scored by hidden row i - 1 (a completion never starts a row)
                sources[next] = at % batch.length() == 0 ? at : at - 1;
                targets[next] = batch.targets()[at];
                rowWeights[next] = weights[at];
                next++;
            }
        }
        NDArray rowIndex = scope.create(sources, new Shape(masked, 1)).broadcast(masked, hiddenSize);
        NDArray selected = hidden.reshape(-1, hiddenSize).gather(rowIndex, 0); // (masked, hidden)
        NDArray targetLogProbabilities = model.logits(selected).logSoftmax(-1)
                .gather(scope.create(targets, new Shape(masked, 1)), 1).reshape(masked);
        return targetLogProbabilities.mul(scope.create(rowWeights)).sum().neg();
    }

    /** The loss from (batch, length, vocab) logits. */
    public static NDArray loss(NDManager scope, NDArray logits, DiffusionBatch batch) {
        Shape shape = new Shape(batch.batch(), batch.length());
        long vocab = logits.getShape().get(2);
        NDArray targets = scope.create(batch.targets(), shape).oneHot((int) vocab);
        NDArray targetLogProbabilities = logits.logSoftmax(-1).mul(targets).sum(new int[] {-1}); // (batch, length)
        return targetLogProbabilities.mul(scope.create(batch.weights(), shape)).sum().neg();
    }
}

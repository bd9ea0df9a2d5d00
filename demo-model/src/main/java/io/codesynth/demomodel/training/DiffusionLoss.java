package io.codesynth.demomodel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The masked-diffusion loss of a {@link DiffusionBatch} (its javadoc gives the objective and the normalisation). */
public final class DiffusionLoss {

    private DiffusionLoss() {
    }

    /** The model's inputs for {@code batch}: (batch, length) INT64 ids and F32 validity, in {@code scope}. */
    public static NDArray[] inputs(NDManager scope, DiffusionBatch batch) {
        Shape shape = new Shape(batch.batch(), batch.length());
        return new NDArray[] {scope.create(batch.ids(), shape), scope.create(batch.valid(), shape)};
    }

    /** The scalar loss, differentiable through {@code model}'s parameters; intermediates live in {@code scope}. */
    public static NDArray loss(NDManager scope, TrainableDream model, DiffusionBatch batch) {
        NDArray[] inputs = inputs(scope, batch);
        NDArray logits = model.forward(scope, inputs[0], inputs[1]);
        return loss(scope, logits, batch);
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

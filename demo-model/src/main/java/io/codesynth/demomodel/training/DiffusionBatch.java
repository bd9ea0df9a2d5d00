package io.codesynth.demomodel.training;

import io.codesynth.demomodel.TrainingExample;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A right-padded batch with completion tokens masked for the masked-diffusion objective, and each position's
 * weight in the loss.
 *
 * <p>Per sequence a noise level t ~ U(eps, 1) is drawn and each completion token is replaced by the mask id
 * with probability t; the prompt is never masked. The loss is
 * {@code sum over masked positions of CE(logits, original token) / t, divided by the number of completion
 * tokens in the batch}: the 1/t weight makes it an upper bound on the negative log-likelihood (LLaDA, Dream),
 * and dividing by a count that does not depend on how many tokens happened to be masked keeps the estimator
 * unbiased (dividing by the masked count would not be). A sequence whose draw masks nothing adds zero.
 *
 * @param ids     (batch * length) model input, row-major: masked completion tokens replaced by the mask id,
 *                padding by the pad id
 * @param valid   (batch * length) 1 for real tokens, 0 for padding
 * @param targets (batch * length) the original tokens
 * @param weights (batch * length) a position's weight in the loss: 1 / (t * completion tokens) where masked, 0 elsewhere
 * @param completionTokens completion tokens in the batch (masked or not): the tokens a step learns from
 */
public record DiffusionBatch(int batch, int length, long[] ids, float[] valid, long[] targets, float[] weights,
        long completionTokens) {

    /** The lower end of t, which keeps 1 / t bounded. */
    public static final double EPS = 1e-3;

    /**
     * Masks {@code examples} with noise levels and mask draws from {@code random}. The noise levels are
     * stratified (low-discrepancy sampling, as in MDLM): one uniform offset u per batch, and example b of n gets
     * t = eps + (1 - eps) (b + u) / n. Each t is still uniform on (eps, 1), but a batch always spans the whole
     * range instead of sometimes bunching, which lowers the variance of the loss between steps.
     */
    public static DiffusionBatch sample(List<TrainingExample> examples, int maskId, int padId, SplittableRandom random) {
        int n = examples.size();
        double offset = random.nextDouble();
        double[] noise = new double[n];
        boolean[][] masked = new boolean[n][];
        for (int b = 0; b < n; b++) {
            noise[b] = EPS + (1 - EPS) * ((b + offset) / n);
            masked[b] = new boolean[examples.get(b).completionIds().length];
            for (int i = 0; i < masked[b].length; i++) {
                masked[b][i] = random.nextDouble() < noise[b];
            }
        }
        return of(examples, noise, masked, maskId, padId);
    }

    /**
     * The batch for given noise levels and masks ({@code masked[b][i]}: completion token i of example b);
     * {@link #sample} draws them.
     */
    public static DiffusionBatch of(List<TrainingExample> examples, double[] noise, boolean[][] masked, int maskId, int padId) {
        if (examples.isEmpty() || noise.length != examples.size() || masked.length != examples.size()) {
            throw new IllegalArgumentException("need one noise level and one mask per example, and at least one example");
        }
        int batch = examples.size();
        int length = examples.stream().mapToInt(TrainingExample::length).max().orElseThrow();
        long[] ids = new long[batch * length];
        long[] targets = new long[batch * length];
        float[] valid = new float[batch * length];
        float[] weights = new float[batch * length];
        Arrays.fill(ids, padId);
        Arrays.fill(targets, padId);
        long completionTokens = examples.stream().mapToLong(e -> e.completionIds().length).sum();
        for (int b = 0; b < batch; b++) {
            TrainingExample example = examples.get(b);
            if (masked[b].length != example.completionIds().length) {
                throw new IllegalArgumentException("example " + b + " has " + example.completionIds().length
                        + " completion tokens but a mask of " + masked[b].length);
            }
            if (!(noise[b] > 0 && noise[b] <= 1)) {
                throw new IllegalArgumentException("noise level " + noise[b] + " of example " + b + " is outside (0, 1]");
            }
            int row = b * length;
            int prompt = example.promptIds().length;
            for (int i = 0; i < prompt; i++) {
                ids[row + i] = example.promptIds()[i];
                targets[row + i] = example.promptIds()[i];
                valid[row + i] = 1;
            }
            for (int i = 0; i < example.completionIds().length; i++) {
                int at = row + prompt + i;
                targets[at] = example.completionIds()[i];
                valid[at] = 1;
                if (masked[b][i]) {
                    ids[at] = maskId;
                    weights[at] = (float) (1 / (noise[b] * completionTokens));
                } else {
                    ids[at] = example.completionIds()[i];
                }
            }
        }
        return new DiffusionBatch(batch, length, ids, valid, targets, weights, completionTokens);
    }

    /** Masked positions: the ones with weight in the loss. */
    public int maskedPositions() {
        int count = 0;
        for (float weight : weights) {
            count += weight > 0 ? 1 : 0;
        }
        return count;
    }

    /** Real (non-pad) tokens: what a forward pass processes. */
    public long tokens() {
        long count = 0;
        for (float v : valid) {
            count += (long) v;
        }
        return count;
    }
}

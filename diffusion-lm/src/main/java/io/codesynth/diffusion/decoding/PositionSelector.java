package io.codesynth.diffusion.decoding;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Chooses which of a step's candidate positions to reveal, from one confidence value per position. Plain
 * Java over at most a few thousand floats per step; ties go to the leftmost position.
 */
final class PositionSelector {

    private PositionSelector() {
    }

    /** Indices of the {@code k} highest confidences, best first. */
    static int[] mostConfident(float[] confidence, int k) {
        return Arrays.copyOf(descendingOrder(asDoubles(confidence)), checkedCount(k, confidence.length));
    }

    /**
     * {@code k} indices drawn without replacement from softmax(confidence / temperature): Gumbel-top-k, which
     * has the same distribution as drawing one index at a time and renormalising (torch.multinomial without
     * replacement), with one uniform per position from the candidate's own stream.
     */
    static int[] sampleWithoutReplacement(float[] confidence, int k, double temperature, RandomGenerator random) {
        double[] keys = new double[confidence.length];
        for (int i = 0; i < keys.length; i++) {
            double u = 1.0 - random.nextDouble(); // (0, 1]
            keys[i] = confidence[i] / temperature - Math.log(-Math.log(u) + Double.MIN_VALUE);
        }
        return Arrays.copyOf(descendingOrder(keys), checkedCount(k, confidence.length));
    }

    /**
     * Fast-dLLM's parallel rule: the most confident position, plus every other position whose chosen-token
     * probability reaches the threshold. Returned in position order. The comparison is in float32, as torch
     * compares a float32 tensor with a Python float.
     */
    static int[] confidentOrAboveThreshold(float[] confidence, float[] probability, double threshold) {
        float limit = (float) threshold;
        int best = 0;
        for (int i = 1; i < confidence.length; i++) {
            if (confidence[i] > confidence[best]) {
                best = i;
            }
        }
        int[] chosen = new int[confidence.length];
        int count = 0;
        for (int i = 0; i < confidence.length; i++) {
            if (i == best || probability[i] >= limit) {
                chosen[count++] = i;
            }
        }
        return Arrays.copyOf(chosen, count);
    }

    private static int checkedCount(int k, int available) {
        if (k < 0 || k > available) {
            throw new IllegalArgumentException("cannot choose " + k + " of " + available + " positions");
        }
        return k;
    }

    private static double[] asDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Indices sorted by value, highest first; NaN last; equal values keep index order. */
    private static int[] descendingOrder(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byValue = Double.compare(sortKey(values[b]), sortKey(values[a]));
            return byValue != 0 ? byValue : Integer.compare(a, b);
        });
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private static double sortKey(double value) {
        return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
    }
}

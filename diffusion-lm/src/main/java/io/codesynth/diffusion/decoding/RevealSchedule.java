package io.codesynth.diffusion.decoding;

/**
 * Dream's step schedule: {@code timesteps = linspace(1, eps, steps + 1)}; step {@code i} goes from
 * {@code t = timesteps[i]} to {@code s = timesteps[i + 1]}. Confidence algorithms reveal
 * {@code k = int(masked · (1 − s/t))} positions at step i and everything still masked at the last step;
 * {@code origin} reveals each masked position with probability {@code 1 − s/t} (1 at the last step).
 *
 * <p>All arithmetic is float32, as in Dream where {@code timesteps} is a float32 tensor and
 * {@code mask_index.sum() / batch} a float32 scalar. The difference is not academic: with {@code eps = 0}
 * double arithmetic gives a different count sequence for 256 tokens / 64 steps (among others) because
 * {@code masked · (1 − s/t)} lands a hair below an integer in float32 and on it in double. torch's
 * {@code linspace} computes {@code start + step·i} (first half) and {@code end − step·(n − 1 − i)}
 * (second half) with {@code step = (end − start) / (n − 1)} in float32, and the values it produces on CPU
 * and CUDA are those of a single rounding of that multiply-add (two roundings differ in the last bit for
 * many steps), hence {@link Math#fma}. The test resource
 * {@code dream-schedule-reference.txt}, produced by torch 2.11 on CPU and CUDA, pins counts and the float32
 * bits of {@code 1 − s/t} for 68 step/length/eps combinations.
 */
public final class RevealSchedule {

    private final float[] timesteps;

    public RevealSchedule(int steps, double eps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, was " + steps);
        }
        this.timesteps = linspace(1f, (float) eps, steps + 1);
    }

    public int steps() {
        return timesteps.length - 1;
    }

    public boolean isLastStep(int step) {
        return step == steps() - 1;
    }

    /** {@code 1 − s/t} of step {@code step}, in float32: the fraction of masked positions it reveals. */
    public float revealFraction(int step) {
        checkStep(step);
        float t = timesteps[step];
        float s = timesteps[step + 1];
        return 1f - s / t;
    }

    /** Probability that {@code origin} reveals a masked position at this step (1 at the last step). */
    public float originProbability(int step) {
        return isLastStep(step) ? 1f : revealFraction(step);
    }

    /** Positions a confidence algorithm reveals at this step when {@code masked} positions are still masked. */
    public int revealCount(int masked, int step) {
        if (isLastStep(step)) {
            checkStep(step);
            return masked;
        }
        int k = (int) ((float) masked * revealFraction(step));
        return Math.min(k, masked);
    }

    /** The counts of a whole run that starts with {@code masked} positions and reveals exactly as scheduled. */
    public int[] revealCounts(int masked) {
        int[] counts = new int[steps()];
        int remaining = masked;
        for (int step = 0; step < counts.length; step++) {
            counts[step] = revealCount(remaining, step);
            remaining -= counts[step];
        }
        return counts;
    }

    private void checkStep(int step) {
        if (step < 0 || step >= steps()) {
            throw new IndexOutOfBoundsException("step " + step + " outside 0.." + (steps() - 1));
        }
    }

    private static float[] linspace(float start, float end, int n) {
        float[] out = new float[n];
        if (n == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (n - 1);
        int halfway = n / 2;
        for (int i = 0; i < n; i++) {
            out[i] = i < halfway
                    ? Math.fma(step, (float) i, start)
                    : Math.fma(-step, (float) (n - 1 - i), end);
        }
        return out;
    }
}

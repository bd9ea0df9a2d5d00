package io.codesynth.diffusion.testing;

/** Small checks on float arrays that AssertJ lacks. */
public final class FloatArrays {

    private FloatArrays() {
    }

    /** Index of the first NaN or infinite value, or -1 when all are finite. */
    public static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }
}

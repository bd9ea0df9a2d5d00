package io.codesynth.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A batch of canvases read back into Java: token ids, which positions hold real tokens, and their RoPE
 * positions. Inputs are tiny next to the activations, so reading them here makes the forward pass
 * independent of the caller's device, manager and mask type.
 *
 * <p>Positions are {@code cumsum(mask) - 1}: the first real token of a left-padded row is position 0, as
 * if the row had no padding. Pads get position 0 (transformers' {@code clamp(min=0)}; Dream's own code
 * gives them 1). Their value is irrelevant: pad keys are hidden from every query and pad query rows are zeroed.
 *
 * @param batch     rows
 * @param length    positions per row
 * @param ids       (batch * length) token ids, row-major
 * @param valid     (batch * length) true for real tokens, false for padding
 * @param positions (batch * length) RoPE positions
 */
record Canvas(int batch, int length, long[] ids, boolean[] valid, float[] positions) {

    static Canvas of(NDArray inputIds, NDArray attentionMask, int vocabSize) {
        Shape shape = inputIds.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("inputIds must be (batch, length), got " + shape);
        }
        int batch = Math.toIntExact(shape.get(0));
        int length = Math.toIntExact(shape.get(1));
        long[] ids = longs(inputIds, "inputIds");
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("token id " + ids[i] + " at row " + i / length + ", position "
                        + i % length + " is outside the model's vocabulary [0, " + vocabSize + ")");
            }
        }
        boolean[] valid = new boolean[ids.length];
        if (attentionMask == null) {
            Arrays.fill(valid, true);
        } else {
            if (!attentionMask.getShape().equals(shape)) {
                throw new IllegalArgumentException("attentionMask " + attentionMask.getShape()
                        + " does not match inputIds " + shape);
            }
            long[] mask = longs(attentionMask, "attentionMask");
            for (int i = 0; i < mask.length; i++) {
                valid[i] = mask[i] != 0;
            }
        }
        float[] positions = new float[ids.length];
        for (int row = 0; row < batch; row++) {
            int seen = 0;
            for (int column = 0; column < length; column++) {
                int i = row * length + column;
                positions[i] = valid[i] ? seen++ : 0;
            }
        }
        return new Canvas(batch, length, ids, valid, positions);
    }

    /**
     * For Dream's logit shift: the flat (row * length + column) index of the output each position takes,
     * its predecessor's. Dream's {@code cat(logits[:, :1], logits[:, :-1])} lets a row's first position repeat
     * its own output; here that holds for the first real token of a left-padded row too (it would otherwise
     * take a pad position's output), so a row's logits never depend on how much padding the batch gave it.
     * Elsewhere this is exactly Dream's shift.
     */
    long[] shiftSources() {
        long[] sources = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boolean predecessorIsReal = i % length > 0 && valid[i - 1];
            sources[i] = predecessorIsReal ? i - 1 : i;
        }
        return sources;
    }

    /** 1 for real tokens, 0 for padding. */
    float[] validAsFloats() {
        float[] values = new float[valid.length];
        for (int i = 0; i < valid.length; i++) {
            values[i] = valid[i] ? 1f : 0f;
        }
        return values;
    }

    private static long[] longs(NDArray array, String what) {
        return switch (array.getDataType()) {
            case INT64 -> array.toLongArray();
            case INT32 -> Arrays.stream(array.toIntArray()).asLongStream().toArray();
            case BOOLEAN -> {
                boolean[] flags = array.toBooleanArray();
                long[] values = new long[flags.length];
                for (int i = 0; i < flags.length; i++) {
                    values[i] = flags[i] ? 1 : 0;
                }
                yield values;
            }
            case INT8, UINT8 -> {
                byte[] bytes = array.toByteArray();
                long[] values = new long[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    values[i] = bytes[i];
                }
                yield values;
            }
            case FLOAT32 -> {
                float[] floats = array.toFloatArray();
                long[] values = new long[floats.length];
                for (int i = 0; i < floats.length; i++) {
                    values[i] = (long) floats[i];
                }
                yield values;
            }
            default -> throw new IllegalArgumentException(what + " must be INT64, INT32, BOOLEAN, INT8, UINT8 or FLOAT32, not "
                    + array.getDataType());
        };
    }
}

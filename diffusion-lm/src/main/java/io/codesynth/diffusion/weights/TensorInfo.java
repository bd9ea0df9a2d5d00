package io.codesynth.diffusion.weights;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor lies in a safetensors file.
 *
 * @param name       its Hugging Face name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype      element type on disk
 * @param shape      dimensions, outermost first (row-major, C order)
 * @param file       the file holding it
 * @param fileOffset absolute byte offset of its first element in {@code file}
 */
public record TensorInfo(String name, SafetensorsDType dtype, long[] shape, Path file, long fileOffset) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** Bytes on disk. */
    public long byteLength() {
        return Math.multiplyExact(elementCount(), dtype.bytes());
    }

    /** The shape as {@code (a, b, c)}, the way error messages print it. */
    public String shapeText() {
        return shapeText(shape);
    }

    static String shapeText(long[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that
                && name.equals(that.name) && dtype == that.dtype && Arrays.equals(shape, that.shape)
                && file.equals(that.file) && fileOffset == that.fileOffset;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeText() + " in " + file.getFileName();
    }
}

package io.codesynth.diffusion.weights;

/** Element types of the safetensors format, as spelled in a file's header. */
public enum SafetensorsDType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1);

    private final int bytes;

    SafetensorsDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** True for the types {@link SafetensorsCheckpoint} widens to floating point. */
    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** True for the types {@link SafetensorsCheckpoint#readLongs} reads. */
    public boolean isInteger() {
        return this == I64 || this == I32 || this == I16 || this == I8 || this == U8;
    }
}

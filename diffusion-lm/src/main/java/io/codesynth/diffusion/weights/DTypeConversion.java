package io.codesynth.diffusion.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Widening of on-disk element types into the types the engine computes in. DJL 0.36 aborts the JVM when it
 * is handed a BF16 array, so BF16 never reaches the engine: it becomes F32 (exact: BF16 is the upper half
 * of an F32) or F16 (rounded) here, in Java.
 */
final class DTypeConversion {

    private DTypeConversion() {
    }

    /** Reads {@code count} little-endian elements of {@code source} type from {@code raw} as F32 into {@code target}. */
    static void toFloat32(ByteBuffer raw, SafetensorsDType source, ByteBuffer target, int count) {
        ByteBuffer in = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = target.duplicate().order(ByteOrder.nativeOrder());
        int inBase = in.position();
        int outBase = out.position();
        switch (source) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(outBase + 4 * i, in.getFloat(inBase + 4 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(outBase + 4 * i, bf16ToFloat(in.getShort(inBase + 2 * i)));
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(outBase + 4 * i, Float.float16ToFloat(in.getShort(inBase + 2 * i)));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(outBase + 4 * i, (float) in.getDouble(inBase + 8 * i));
                }
            }
            default -> throw new IllegalArgumentException(source + " is not a floating-point type");
        }
    }

    /** Reads {@code count} little-endian elements of {@code source} type from {@code raw} as F16 into {@code target}. */
    static void toFloat16(ByteBuffer raw, SafetensorsDType source, ByteBuffer target, int count) {
        ByteBuffer in = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = target.duplicate().order(ByteOrder.nativeOrder());
        int inBase = in.position();
        int outBase = out.position();
        for (int i = 0; i < count; i++) {
            short half = switch (source) {
                case F16 -> in.getShort(inBase + 2 * i);
                case BF16 -> Float.floatToFloat16(bf16ToFloat(in.getShort(inBase + 2 * i)));
                case F32 -> Float.floatToFloat16(in.getFloat(inBase + 4 * i));
                case F64 -> Float.floatToFloat16((float) in.getDouble(inBase + 8 * i));
                default -> throw new IllegalArgumentException(source + " is not a floating-point type");
            };
            out.putShort(outBase + 2 * i, half);
        }
    }

    /** Reads one little-endian integer element of {@code source} type at byte {@code offset} of {@code raw}. */
    static long integerAt(ByteBuffer raw, SafetensorsDType source, int offset) {
        return switch (source) {
            case I64 -> raw.getLong(offset);
            case I32 -> raw.getInt(offset);
            case I16 -> raw.getShort(offset);
            case I8 -> raw.get(offset);
            case U8 -> raw.get(offset) & 0xFF;
            default -> throw new IllegalArgumentException(source + " is not an integer type");
        };
    }

    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** F32 to BF16 with round-to-nearest-even, as torch rounds; NaN stays a (quiet) NaN. */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}

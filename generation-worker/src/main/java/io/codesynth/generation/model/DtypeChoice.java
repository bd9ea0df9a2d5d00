package io.codesynth.generation.model;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * Compute precision: {@code auto} is float32 on the CPU (float16 is about 65x slower there) and float16 on a GPU.
 */
public enum DtypeChoice {
    AUTO, FLOAT32, FLOAT16;

    public static DtypeChoice parse(String value) {
        if (value != null) {
            for (DtypeChoice choice : values()) {
                if (choice.name().equalsIgnoreCase(value.trim())) {
                    return choice;
                }
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + value + "', expected auto, float32 or float16");
    }

    DataType resolve(boolean gpu) {
        return switch (this) {
            case AUTO -> gpu ? DataType.FLOAT16 : DataType.FLOAT32;
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT16 -> DataType.FLOAT16;
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

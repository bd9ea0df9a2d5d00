package io.codesynth.generation.model;

import java.util.Locale;

/** Where the model runs: {@code auto} takes the first GPU DJL sees, else the CPU. */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    /** Parses {@code auto}, {@code cpu} or {@code gpu} (case-insensitive). */
    public static DeviceChoice parse(String value) {
        if (value != null) {
            for (DeviceChoice choice : values()) {
                if (choice.name().equalsIgnoreCase(value.trim())) {
                    return choice;
                }
            }
        }
        throw new IllegalArgumentException("unknown device '" + value + "', expected auto, cpu or gpu");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

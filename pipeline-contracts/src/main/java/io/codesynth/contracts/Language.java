package io.codesynth.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Programming language of a problem; its JSON form is the lower-case name. */
public enum Language {
    PYTHON("python"),
    JAVASCRIPT("javascript");

    private final String id;

    Language(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Parses {@code python} / {@code javascript} (case-insensitive). */
    @JsonCreator
    public static Language fromId(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (Language language : values()) {
                if (language.id.equals(wanted)) {
                    return language;
                }
            }
        }
        throw new IllegalArgumentException("unknown language '" + id + "', expected one of " + supported());
    }

    public static String supported() {
        return Arrays.stream(values()).map(Language::id).collect(Collectors.joining(", "));
    }
}

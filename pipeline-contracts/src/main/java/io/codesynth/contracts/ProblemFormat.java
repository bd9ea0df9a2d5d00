package io.codesynth.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a problem's program is assembled from the prompt, the completion and the tests.
 *
 * <ul>
 *   <li>{@link #HUMANEVAL}: the prompt is a code prefix (signature + docstring) that the completion
 *       continues; program = {@code prompt + completion + "\n" + test + "\n" + "check(entry_point)"},
 *       where the single test is code defining {@code check(candidate)}.</li>
 *   <li>{@link #MBPP}: the prompt is a natural-language instruction and the completion is the whole
 *       code; program = {@code completion + "\n" + testSetupCode + "\n" + tests joined by newlines},
 *       where each test is one assertion.</li>
 * </ul>
 */
public enum ProblemFormat {
    HUMANEVAL("humaneval"),
    MBPP("mbpp");

    private final String id;

    ProblemFormat(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static ProblemFormat fromId(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (ProblemFormat format : values()) {
                if (format.id.equals(wanted)) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException("unknown problem format '" + id + "', expected humaneval or mbpp");
    }
}

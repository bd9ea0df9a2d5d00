package io.codesynth.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Unmasking order of Dream's {@code diffusion_generate}: which masked positions a step reveals.
 * {@link #ORIGIN} reveals each masked position with probability {@code 1 - s/t}; the others reveal
 * the most confident positions, confidence being the chosen token's probability
 * ({@link #MASKGIT_PLUS}), the margin between the top two probabilities ({@link #TOPK_MARGIN}) or
 * the negative entropy ({@link #ENTROPY}, DiffuCoder's default).
 */
public enum DecodingAlgorithm {
    ORIGIN("origin"),
    MASKGIT_PLUS("maskgit_plus"),
    TOPK_MARGIN("topk_margin"),
    ENTROPY("entropy");

    private final String id;

    DecodingAlgorithm(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static DecodingAlgorithm fromId(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (DecodingAlgorithm algorithm : values()) {
                if (algorithm.id.equals(wanted)) {
                    return algorithm;
                }
            }
        }
        throw new IllegalArgumentException("unknown decoding algorithm '" + id + "', expected one of " + supported());
    }

    public static String supported() {
        return Arrays.stream(values()).map(DecodingAlgorithm::id).collect(Collectors.joining(", "));
    }
}

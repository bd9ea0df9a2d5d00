package io.codesynth.diffusion.decoding;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The order in which masked positions are revealed, with the names Dream's {@code diffusion_generate} uses.
 */
public enum UnmaskingAlgorithm {

    /** Each masked position is revealed with probability {@code 1 - s/t} per step, in no particular order. */
    ORIGIN("origin"),
    /** Confidence = probability of the chosen token. */
    MASKGIT_PLUS("maskgit_plus"),
    /** Confidence = probability of the best token minus that of the second best. */
    TOPK_MARGIN("topk_margin"),
    /** Confidence = negative entropy {@code Σ p·log p} of the position's distribution (DiffuCoder's default). */
    ENTROPY("entropy");

    private final String id;

    UnmaskingAlgorithm(String id) {
        this.id = id;
    }

    /** The name used on the wire and on the command line. */
    public String id() {
        return id;
    }

    public static UnmaskingAlgorithm fromId(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (UnmaskingAlgorithm algorithm : values()) {
                if (algorithm.id.equals(wanted)) {
                    return algorithm;
                }
            }
        }
        throw new IllegalArgumentException("unknown unmasking algorithm '" + id + "', expected one of "
                + Arrays.stream(values()).map(UnmaskingAlgorithm::id).collect(Collectors.joining(", ")));
    }
}

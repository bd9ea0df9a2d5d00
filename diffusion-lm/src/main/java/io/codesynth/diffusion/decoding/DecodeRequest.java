package io.codesynth.diffusion.decoding;

import java.util.Objects;

/**
 * One prompt to complete {@code samples} times. Sample i is seeded with {@code options.sampleSeed(i)}.
 *
 * @param promptIds the tokenized prompt (at least one token); copied on the way in and out
 */
public record DecodeRequest(int[] promptIds, DecodingOptions options, int samples) {

    public DecodeRequest {
        Objects.requireNonNull(promptIds, "promptIds");
        Objects.requireNonNull(options, "options");
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("promptIds must hold at least one token");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, was " + samples);
        }
        promptIds = promptIds.clone();
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }

    /** Prompt plus the masked positions: the length of every row this request puts in a batch. */
    public int canvasLength() {
        return promptIds.length + options.maxNewTokens();
    }
}

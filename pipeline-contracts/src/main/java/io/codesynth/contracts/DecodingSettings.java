package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Diffusion decoding settings of a job, resolved (defaults applied) before they go on the wire.
 *
 * @param algorithm    unmasking order
 * @param steps        number of diffusion steps (forward passes) for fixed-step decoding
 * @param maxNewTokens length of the masked canvas appended to the prompt
 * @param temperature  sampling temperature; 0 means argmax (greedy)
 * @param topP         nucleus filtering; 1 disables it
 * @param topK         top-k filtering; null disables it
 * @param algTemp      when &gt; 0, positions are drawn from softmax(confidence / algTemp) instead of taking the top-k
 * @param eps          the schedule's final time ({@code timesteps = linspace(1, eps, steps + 1)})
 * @param blockLength  block semi-autoregressive decoding with blocks of this many tokens; null decodes the whole
 *                     canvas at once
 * @param threshold    confidence-threshold parallel decoding (Fast-dLLM); null uses the fixed step schedule
 * @param seed         base seed; a job's samples are reproducible for a given seed. Null lets the pipeline derive
 *                     one from the job id.
 */
public record DecodingSettings(
        DecodingAlgorithm algorithm,
        @JsonProperty(required = true) int steps,
        @JsonProperty(required = true) int maxNewTokens,
        @JsonProperty(required = true) double temperature,
        @JsonProperty(required = true) double topP,
        Integer topK,
        @JsonProperty(required = true) double algTemp,
        @JsonProperty(required = true) double eps,
        Integer blockLength,
        Double threshold,
        Long seed) {

    public static final int MAX_STEPS = 4096;
    public static final int MAX_NEW_TOKENS = 4096;

    public DecodingSettings {
        nonNull(algorithm, "algorithm");
    }

    /** DiffuCoder's recommended settings: 256 tokens, one token per step, entropy order, temperature 0.4. */
    public static DecodingSettings defaults() {
        return new DecodingSettings(DecodingAlgorithm.ENTROPY, 256, 256, 0.4, 0.95, null, 0.0, 1e-3, null, null, null);
    }

    /** Each violated range as {@code field: message}, empty when the settings are usable. */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        if (steps < 1 || steps > MAX_STEPS) {
            out.add("steps: must be between 1 and " + MAX_STEPS + ", was " + steps);
        }
        if (maxNewTokens < 1 || maxNewTokens > MAX_NEW_TOKENS) {
            out.add("maxNewTokens: must be between 1 and " + MAX_NEW_TOKENS + ", was " + maxNewTokens);
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            out.add("temperature: must be between 0 and 2, was " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            out.add("topP: must be in (0, 1], was " + topP);
        }
        if (topK != null && topK < 1) {
            out.add("topK: must be at least 1 (or absent), was " + topK);
        }
        if (!(algTemp >= 0 && algTemp <= 10)) {
            out.add("algTemp: must be between 0 and 10, was " + algTemp);
        }
        if (!(eps >= 0 && eps < 1)) {
            out.add("eps: must be in [0, 1), was " + eps);
        }
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            out.add("threshold: must be in (0, 1] (or absent), was " + threshold);
        }
        if (blockLength != null) {
            if (blockLength < 1 || blockLength > maxNewTokens) {
                out.add("blockLength: must be between 1 and maxNewTokens (" + maxNewTokens + "), was " + blockLength);
            } else if (maxNewTokens % blockLength != 0) {
                out.add("blockLength: must divide maxNewTokens (" + maxNewTokens + "), was " + blockLength);
            } else if (threshold == null && steps % (maxNewTokens / blockLength) != 0) {
                out.add("steps: must be a multiple of the number of blocks (" + maxNewTokens / blockLength
                        + ") when blockLength is set, was " + steps);
            }
        }
        return out;
    }
}

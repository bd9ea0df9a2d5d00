package io.codesynth.diffusion.decoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one request is decoded: Dream's {@code diffusion_generate} parameters plus block semi-autoregressive
 * decoding (LLaDA) and confidence-threshold parallel decoding (Fast-dLLM).
 *
 * @param algorithm    unmasking order
 * @param steps        diffusion steps of the fixed schedule, split evenly across blocks; unused with a threshold
 * @param maxNewTokens masked positions appended to the prompt (the canvas)
 * @param temperature  logits are divided by it before sampling; 0 takes the argmax (greedy)
 * @param topP         nucleus filtering, always keeping the most likely token; 1 disables it
 * @param topK         keep only the k most likely tokens; null or 0 disables it
 * @param algTemp      when &gt; 0 (fixed schedule only) the positions to reveal are drawn without replacement
 *                     from softmax(confidence / algTemp) instead of taking the most confident ones
 * @param eps          the schedule's final time: {@code timesteps = linspace(1, eps, stepsPerBlock + 1)}
 * @param blockLength  decode blocks of this many positions left to right; null makes the whole canvas one block
 * @param threshold    per step, reveal the most confident position plus every other position of the current
 *                     block whose chosen-token probability is at least this; null uses the fixed schedule
 * @param seed         seeds the request's samples; sample i uses {@link #sampleSeed(int)}
 */
public record DecodingOptions(
        UnmaskingAlgorithm algorithm,
        int steps,
        int maxNewTokens,
        double temperature,
        double topP,
        Integer topK,
        double algTemp,
        double eps,
        Integer blockLength,
        Double threshold,
        long seed) {

    public DecodingOptions {
        List<String> violations = violations(algorithm, steps, maxNewTokens, temperature, topP, topK, algTemp, eps,
                blockLength, threshold);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("Invalid decoding options: " + String.join("; ", violations));
        }
    }

    /** DiffuCoder-Instruct's published settings: 256 tokens, one per step, entropy order, temperature 0.4, top-p 0.95. */
    public static DecodingOptions defaults() {
        return new DecodingOptions(UnmaskingAlgorithm.ENTROPY, 256, 256, 0.4, 0.95, null, 0.0, 1e-3, null, null, 0L);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Positions per block (the whole canvas without block decoding). */
    public int blockSize() {
        return blockLength == null ? maxNewTokens : blockLength;
    }

    public int numberOfBlocks() {
        return maxNewTokens / blockSize();
    }

    /** Fixed-schedule steps spent on each block. */
    public int stepsPerBlock() {
        return steps / numberOfBlocks();
    }

    public boolean usesThreshold() {
        return threshold != null;
    }

    public boolean greedy() {
        return temperature == 0;
    }

    /** True when top-p or top-k removes tokens before sampling. */
    public boolean filtersVocabulary() {
        return topP < 1 || effectiveTopK() > 0;
    }

    /** The top-k limit, 0 when off. */
    public int effectiveTopK() {
        return topK == null ? 0 : topK;
    }

    /**
     * The seed of sample {@code sampleIndex}: a SplitMix64 mix of the request seed and the index, so that
     * neighbouring samples and neighbouring seeds give unrelated random streams.
     */
    public long sampleSeed(int sampleIndex) {
        long z = seed + 0x9E3779B97F4A7C15L * (sampleIndex + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static List<String> violations(UnmaskingAlgorithm algorithm, int steps, int maxNewTokens,
            double temperature, double topP, Integer topK, double algTemp, double eps, Integer blockLength,
            Double threshold) {
        List<String> out = new ArrayList<>();
        if (algorithm == null) {
            out.add("algorithm: must be set");
        }
        if (steps < 1) {
            out.add("steps: must be at least 1, was " + steps);
        }
        if (maxNewTokens < 1) {
            out.add("maxNewTokens: must be at least 1, was " + maxNewTokens);
        }
        if (!(temperature >= 0 && Double.isFinite(temperature))) {
            out.add("temperature: must be a finite number >= 0, was " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            out.add("topP: must be in (0, 1] (1 disables it), was " + topP);
        }
        if (topK != null && topK < 0) {
            out.add("topK: must be >= 0 (0 or absent disables it), was " + topK);
        }
        if (!(algTemp >= 0 && Double.isFinite(algTemp))) {
            out.add("algTemp: must be a finite number >= 0, was " + algTemp);
        }
        if (!(eps >= 0 && eps < 1)) {
            out.add("eps: must be in [0, 1), was " + eps);
        }
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            out.add("threshold: must be in (0, 1] (or absent), was " + threshold);
        }
        if (blockLength != null && maxNewTokens >= 1) {
            if (blockLength < 1 || blockLength > maxNewTokens) {
                out.add("blockLength: must be between 1 and maxNewTokens (" + maxNewTokens + "), was " + blockLength);
            } else if (maxNewTokens % blockLength != 0) {
                out.add("blockLength: must divide maxNewTokens (" + maxNewTokens + "), was " + blockLength);
            } else if (threshold == null && steps >= 1 && steps % (maxNewTokens / blockLength) != 0) {
                out.add("steps: must be a multiple of the number of blocks (" + maxNewTokens / blockLength
                        + ") when blockLength is set, was " + steps);
            }
        }
        return out;
    }

    /** Mutable copy for call sites that change a few fields of another options value. */
    public static final class Builder {
        private UnmaskingAlgorithm algorithm;
        private int steps;
        private int maxNewTokens;
        private double temperature;
        private double topP;
        private Integer topK;
        private double algTemp;
        private double eps;
        private Integer blockLength;
        private Double threshold;
        private long seed;

        private Builder(DecodingOptions from) {
            algorithm = from.algorithm;
            steps = from.steps;
            maxNewTokens = from.maxNewTokens;
            temperature = from.temperature;
            topP = from.topP;
            topK = from.topK;
            algTemp = from.algTemp;
            eps = from.eps;
            blockLength = from.blockLength;
            threshold = from.threshold;
            seed = from.seed;
        }

        public Builder algorithm(UnmaskingAlgorithm value) {
            algorithm = Objects.requireNonNull(value, "algorithm");
            return this;
        }

        public Builder steps(int value) {
            steps = value;
            return this;
        }

        public Builder maxNewTokens(int value) {
            maxNewTokens = value;
            return this;
        }

        public Builder temperature(double value) {
            temperature = value;
            return this;
        }

        public Builder topP(double value) {
            topP = value;
            return this;
        }

        public Builder topK(Integer value) {
            topK = value;
            return this;
        }

        public Builder algTemp(double value) {
            algTemp = value;
            return this;
        }

        public Builder eps(double value) {
            eps = value;
            return this;
        }

        public Builder blockLength(Integer value) {
            blockLength = value;
            return this;
        }

        public Builder threshold(Double value) {
            threshold = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public DecodingOptions build() {
            return new DecodingOptions(algorithm, steps, maxNewTokens, temperature, topP, topK, algTemp, eps,
                    blockLength, threshold, seed);
        }
    }
}

package io.codesynth.diffusion.decoding;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One candidate's canvas while it is being decoded: prompt followed by {@code maxNewTokens} positions, the
 * current block and schedule step, and its own random stream. Everything a step decides depends only on this
 * candidate's logits and stream, which is why decoding it inside a batch gives what decoding it alone gives.
 *
 * <p>A step is {@link #prepareStep() prepared} before the forward pass: it picks the candidate positions
 * (the masked positions of the current block, or for {@code origin} those its coin flips chose) and skips
 * schedule steps that would reveal nothing, so no forward pass is spent on them. After the forward pass,
 * {@link #applyStep} reveals the chosen positions.
 */
final class CandidateState {

    private final int requestIndex;
    private final int sampleIndex;
    private final long seed;
    private final DecodingOptions options;
    private final int[] canvas;
    private final int promptLength;
    private final int maskTokenId;
    private final RevealSchedule schedule;
    private final SplittableRandom random;

    /** Per generated position: the forward pass (0-based) whose logits revealed it, and the token's probability. */
    private final int[] revealedAt;
    private final float[] probabilities;
    private final int[] maskedPerBlock;

    private int block;
    private int stepInBlock;
    private int forwardPasses;

    private int[] pendingPositions = new int[0];
    private int pendingRevealCount;

    CandidateState(int requestIndex, int sampleIndex, int[] promptIds, DecodingOptions options, int maskTokenId) {
        this.requestIndex = requestIndex;
        this.sampleIndex = sampleIndex;
        this.seed = options.sampleSeed(sampleIndex);
        this.options = options;
        this.promptLength = promptIds.length;
        this.maskTokenId = maskTokenId;
        this.canvas = Arrays.copyOf(promptIds, promptIds.length + options.maxNewTokens());
        Arrays.fill(canvas, promptLength, canvas.length, maskTokenId);
        this.schedule = options.usesThreshold() ? null : new RevealSchedule(options.stepsPerBlock(), options.eps());
        this.random = new SplittableRandom(seed);
        this.revealedAt = new int[options.maxNewTokens()];
        Arrays.fill(revealedAt, -1);
        this.probabilities = new float[options.maxNewTokens()];
        this.maskedPerBlock = new int[options.numberOfBlocks()];
        Arrays.fill(maskedPerBlock, options.blockSize());
    }

    int requestIndex() {
        return requestIndex;
    }

    int sampleIndex() {
        return sampleIndex;
    }

    long seed() {
        return seed;
    }

    DecodingOptions options() {
        return options;
    }

    int canvasLength() {
        return canvas.length;
    }

    int token(int canvasPosition) {
        return canvas[canvasPosition];
    }

    int forwardPasses() {
        return forwardPasses;
    }

    /** The canvas positions whose logits the coming forward pass must score. */
    int[] pendingPositions() {
        return pendingPositions;
    }

    /**
     * Advances to the next step that needs a forward pass.
     *
     * @return false once every position is revealed
     */
    boolean prepareStep() {
        while (block < maskedPerBlock.length) {
            int masked = maskedPerBlock[block];
            if (masked == 0) {
                block++;
                stepInBlock = 0;
                continue;
            }
            if (options.usesThreshold()) {
                pendingPositions = maskedPositionsOfBlock();
                return true;
            }
            int step = stepInBlock++;
            if (options.algorithm() == UnmaskingAlgorithm.ORIGIN) {
                pendingPositions = originCoinFlips(schedule.originProbability(step));
                pendingRevealCount = pendingPositions.length;
            } else {
                pendingPositions = maskedPositionsOfBlock();
                pendingRevealCount = schedule.revealCount(masked, step);
            }
            if (pendingRevealCount > 0) {
                return true;
            }
        }
        pendingPositions = new int[0];
        return false;
    }

    /** One uniform in (0, 1] per pending position for sampling, or null when decoding greedily. */
    float[] samplingUniforms() {
        if (options.greedy()) {
            return null;
        }
        float[] uniforms = new float[pendingPositions.length];
        for (int i = 0; i < uniforms.length; i++) {
            uniforms[i] = (float) (1.0 - random.nextDouble());
        }
        return uniforms;
    }

    /** Reveals this step's positions, given the scores of {@link #pendingPositions()} in the same order. */
    void applyStep(TokenScorer.Scores scores, int offset) {
        int count = pendingPositions.length;
        int[] tokens = Arrays.copyOfRange(scores.tokens(), offset, offset + count);
        float[] probability = Arrays.copyOfRange(scores.probabilities(), offset, offset + count);
        for (int i = 0; i < count; i++) {
            if (Float.isNaN(probability[i])) {
                throw new IllegalStateException("non-finite logits for request " + requestIndex + " sample "
                        + sampleIndex + " at canvas position " + pendingPositions[i]);
            }
        }
        int[] chosen;
        if (options.algorithm() == UnmaskingAlgorithm.ORIGIN && !options.usesThreshold()) {
            chosen = allIndices(count);
        } else {
            float[] confidence = confidence(scores, probability, offset, count);
            if (options.usesThreshold()) {
                chosen = PositionSelector.confidentOrAboveThreshold(confidence, probability, options.threshold());
            } else if (options.algTemp() > 0) {
                chosen = PositionSelector.sampleWithoutReplacement(confidence, pendingRevealCount, options.algTemp(), random);
            } else {
                chosen = PositionSelector.mostConfident(confidence, pendingRevealCount);
            }
        }
        for (int index : chosen) {
            reveal(pendingPositions[index], tokens[index], probability[index]);
        }
        forwardPasses++;
    }

    /** Whether the scorer must compute top-1 minus top-2 margins for this candidate. */
    boolean needsMargins() {
        return options.algorithm() == UnmaskingAlgorithm.TOPK_MARGIN;
    }

    boolean needsEntropies() {
        return options.algorithm() == UnmaskingAlgorithm.ENTROPY;
    }

    /** Generated token at each generated position, with the forward pass that revealed it and its probability. */
    int[] generatedTokens() {
        return Arrays.copyOfRange(canvas, promptLength, canvas.length);
    }

    int[] revealSteps() {
        return revealedAt.clone();
    }

    float[] tokenProbabilities() {
        return probabilities.clone();
    }

    private float[] confidence(TokenScorer.Scores scores, float[] probability, int offset, int count) {
        return switch (options.algorithm()) {
            case ORIGIN, MASKGIT_PLUS -> probability;
            case TOPK_MARGIN -> Arrays.copyOfRange(scores.margins(), offset, offset + count);
            case ENTROPY -> Arrays.copyOfRange(scores.negativeEntropies(), offset, offset + count);
        };
    }

    private void reveal(int canvasPosition, int token, float probability) {
        if (canvas[canvasPosition] != maskTokenId || canvasPosition < promptLength) {
            throw new IllegalStateException("position " + canvasPosition + " is not masked");
        }
        canvas[canvasPosition] = token;
        int generated = canvasPosition - promptLength;
        revealedAt[generated] = forwardPasses;
        probabilities[generated] = probability;
        maskedPerBlock[generated / options.blockSize()]--;
    }

    private int[] maskedPositionsOfBlock() {
        int start = promptLength + block * options.blockSize();
        int[] positions = new int[maskedPerBlock[block]];
        int count = 0;
        for (int p = start; p < start + options.blockSize(); p++) {
            if (revealedAt[p - promptLength] < 0) {
                positions[count++] = p;
            }
        }
        return positions;
    }

    /** Dream's origin: each masked position of the block is revealed with the step's probability. */
    private int[] originCoinFlips(float probability) {
        int[] masked = maskedPositionsOfBlock();
        if (probability >= 1f) {
            return masked;
        }
        int[] chosen = new int[masked.length];
        int count = 0;
        for (int position : masked) {
            if (random.nextFloat() < probability) {
                chosen[count++] = position;
            }
        }
        return Arrays.copyOf(chosen, count);
    }

    private static int[] allIndices(int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = i;
        }
        return out;
    }
}

package io.codesynth.diffusion.testing;

import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The tests' tiny random Dream checkpoint ({@link Dimensions#tiny()}), written by {@link RandomDreamCheckpoint}, with
 * its figures as constants and a way to write broken variants.
 */
public final class TinyDreamCheckpoint {

    public static final Dimensions DIMENSIONS = Dimensions.tiny();

    public static final int VOCAB = RandomDreamCheckpoint.VOCAB;
    public static final int HIDDEN = DIMENSIONS.hiddenSize();
    public static final int LAYERS = DIMENSIONS.layers();

    public static final int ENDOFTEXT = RandomDreamCheckpoint.ENDOFTEXT;
    public static final int IM_START = RandomDreamCheckpoint.IM_START;
    public static final int IM_END = RandomDreamCheckpoint.IM_END;
    public static final int MASK = RandomDreamCheckpoint.MASK;
    public static final int DLM_PAD = RandomDreamCheckpoint.DLM_PAD;
    public static final int TOKENIZER_IDS = RandomDreamCheckpoint.TOKENIZER_IDS;

    private TinyDreamCheckpoint() {
    }

    /** Writes the checkpoint with seed 42 into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir) {
        return RandomDreamCheckpoint.write(dir, DIMENSIONS, 42);
    }

    /**
     * Writes the checkpoint; {@code edit} may change the tensor map (drop or replace a tensor) before it is
     * written, to produce broken checkpoints.
     */
    public static Path write(Path dir, long seed, UnaryOperator<Map<String, Tensor>> edit) {
        Map<String, Tensor> weights = new LinkedHashMap<>(RandomDreamCheckpoint.randomWeights(DIMENSIONS, seed));
        return RandomDreamCheckpoint.writeCheckpoint(dir, DIMENSIONS, edit.apply(weights));
    }

    /** The config.json text with the given model_type (Dream, or qwen2 to read the same weights unshifted). */
    public static String configJson(String modelType) {
        return RandomDreamCheckpoint.configJson(DIMENSIONS, modelType);
    }

    /** A tensor of normal noise with standard deviation {@code std} around {@code mean}. */
    public static Tensor randomTensor(SplittableRandom random, float std, float mean, long... shape) {
        return RandomDreamCheckpoint.randomTensor(random, std, mean, shape);
    }
}

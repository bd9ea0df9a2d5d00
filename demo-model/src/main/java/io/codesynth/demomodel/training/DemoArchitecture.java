package io.codesynth.demomodel.training;

import io.codesynth.demomodel.DemoTokenizer;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.util.Map;

/**
 * The demo model's shape and the ids of its tokenizer's control tokens: everything its {@code config.json}
 * says. The config text and the tensor list come from {@link RandomDreamCheckpoint}, over the demo
 * tokenizer's vocabulary instead of the random checkpoint's.
 *
 * @param vocabSize rows of the embedding and of lm_head (the demo tokenizer's id count)
 * @param maskId    {@code <|mask|>}
 * @param padId     padding, which is also end-of-text ({@code <|endoftext|>}), as in DiffuCoder
 */
public record DemoArchitecture(Dimensions dimensions, int vocabSize, int maskId, int padId) {

    public DemoArchitecture {
        if (maskId < 0 || maskId >= vocabSize || padId < 0 || padId >= vocabSize) {
            throw new IllegalArgumentException("mask id " + maskId + " and pad id " + padId
                    + " must lie inside the vocabulary of " + vocabSize);
        }
    }

    /** {@code dimensions} over {@code tokenizer}'s vocabulary, with its {@code <|mask|>} and {@code <|endoftext|>} ids. */
    public static DemoArchitecture of(Dimensions dimensions, ModelTokenizer tokenizer) {
        return new DemoArchitecture(dimensions, tokenizer.idCount(), id(tokenizer, DemoTokenizer.MASK),
                id(tokenizer, DemoTokenizer.END_OF_TEXT));
    }

    private static int id(ModelTokenizer tokenizer, String token) {
        return tokenizer.tokenId(token).orElseThrow(() -> new IllegalArgumentException("the tokenizer has no " + token));
    }

    public int headDim() {
        return dimensions.hiddenSize() / dimensions.heads();
    }

    /** Every tensor by Hugging Face name, with its shape, in a fixed order. */
    public Map<String, long[]> tensorShapes() {
        return RandomDreamCheckpoint.tensorShapes(dimensions, vocabSize);
    }

    public long parameterCount() {
        long count = 0;
        for (long[] shape : tensorShapes().values()) {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            count += n;
        }
        return count;
    }

    /** {@code config.json} with the Dream / DiffuCoder fields diffusion-lm reads. */
    public String configJson() {
        return RandomDreamCheckpoint.configJson(dimensions, "Dream", vocabSize, maskId, padId);
    }

    // the values RandomDreamCheckpoint.configJson writes; the trainable forward pass must use the same
    static final double ROPE_THETA = 10000.0;
    static final double RMS_NORM_EPS = 1e-6;
}

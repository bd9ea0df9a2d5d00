package io.codesynth.diffusion.model;

import java.nio.file.Path;

/**
 * The architecture of a Dream / DiffuCoder checkpoint, as read from its Hugging Face {@code config.json}.
 *
 * @param modelType             {@code dream} (DiffuCoder, Dream) or {@code qwen2} (an autoregressive reference with the same blocks)
 * @param vocabSize             rows of the embedding and of lm_head (may exceed the tokenizer's ids)
 * @param hiddenSize            model width
 * @param intermediateSize      SwiGLU hidden width
 * @param numHiddenLayers       transformer blocks
 * @param numAttentionHeads     query heads
 * @param numKeyValueHeads      key/value heads (grouped-query attention)
 * @param maxPositionEmbeddings longest canvas the model was trained for
 * @param ropeTheta             RoPE base
 * @param rmsNormEps            RMSNorm epsilon
 * @param tieWordEmbeddings     lm_head shares the embedding matrix
 * @param maskTokenId           the {@code <|mask|>} id; null for models without one (the Qwen2 reference)
 * @param padTokenId            padding id
 * @param bosTokenId            beginning-of-text id
 * @param eosTokenId            end-of-text id
 * @param torchDtype            dtype of the weights on disk ({@code bfloat16}, {@code float16}, {@code float32})
 * @param shiftLogits           Dream keeps the autoregressive convention (output i predicts token i+1) and
 *                              realigns by one position; false for LLaDA-style models
 */
public record ModelConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int maxPositionEmbeddings,
        double ropeTheta,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        Integer maskTokenId,
        int padTokenId,
        int bosTokenId,
        int eosTokenId,
        String torchDtype,
        boolean shiftLogits) {

    /**
     * Reads a Hugging Face {@code config.json} of a Dream / DiffuCoder ({@code model_type} {@code Dream} or
     * {@code dream}) or Qwen2 ({@code qwen2}) checkpoint. Accepts {@code rope_theta} at the top level or inside
     * {@code rope_parameters} (transformers 5). Dream sets {@link #shiftLogits()}; Qwen2, an autoregressive
     * model whose raw logits are compared with references, does not.
     *
     * @param configJson the {@code config.json} file, or the checkpoint directory holding it
     * @throws IllegalArgumentException naming the file and the field when the model type is unknown, a field
     *                                  is missing or has the wrong type, or the architecture is one the
     *                                  forward pass does not implement
     */
    public static ModelConfig read(Path configJson) {
        return ModelConfigReader.read(configJson);
    }

    /**
     * Parses {@code config.json} text; {@code source} names it in error messages.
     *
     * @see #read(Path)
     */
    public static ModelConfig parse(String json, String source) {
        return ModelConfigReader.parse(json, source);
    }

    /** Width of one attention head. */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }
}

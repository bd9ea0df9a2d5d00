package io.codesynth.diffusion.decoding;

import io.codesynth.diffusion.model.ModelConfig;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Decoder-wide settings that do not vary per request.
 *
 * @param vocabularyLimit   the tokenizer's vocabulary size; logits columns at or above it are never sampled
 *                          (the checkpoint's lm_head has more rows than the tokenizer has ids)
 * @param stopTokenIds      generated output is cut before the first of these (eos, {@code <|im_end|>},
 *                          {@code <|dlm_pad|>})
 * @param maxBatchSequences most rows (prompt × sample) in one forward pass
 * @param maxBatchTokens    most rows × padded canvas length in one forward pass; a single row longer than
 *                          this still runs, alone
 */
public record DecoderSettings(int vocabularyLimit, Set<Integer> stopTokenIds, int maxBatchSequences, int maxBatchTokens) {

    public static final int DEFAULT_MAX_BATCH_SEQUENCES = 16;
    public static final int DEFAULT_MAX_BATCH_TOKENS = 16 * 1024;

    public DecoderSettings {
        if (vocabularyLimit < 2) {
            throw new IllegalArgumentException("vocabularyLimit must be at least 2, was " + vocabularyLimit);
        }
        if (maxBatchSequences < 1) {
            throw new IllegalArgumentException("maxBatchSequences must be at least 1, was " + maxBatchSequences);
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be at least 1, was " + maxBatchTokens);
        }
        stopTokenIds = Set.copyOf(stopTokenIds);
    }

    /**
     * Settings for a checkpoint: the model's eos plus the given extra stop ids (look up {@code <|im_end|>} and
     * {@code <|dlm_pad|>} in the tokenizer), default batch limits.
     */
    public static DecoderSettings forModel(ModelConfig config, int tokenizerVocabularySize, Set<Integer> extraStopIds) {
        Set<Integer> stops = new LinkedHashSet<>(extraStopIds);
        stops.add(config.eosTokenId());
        return new DecoderSettings(tokenizerVocabularySize, stops, DEFAULT_MAX_BATCH_SEQUENCES, DEFAULT_MAX_BATCH_TOKENS);
    }

    public DecoderSettings withStopTokenIds(Set<Integer> ids) {
        return new DecoderSettings(vocabularyLimit, ids, maxBatchSequences, maxBatchTokens);
    }

    public DecoderSettings withBatchLimits(int sequences, int tokens) {
        return new DecoderSettings(vocabularyLimit, stopTokenIds, sequences, tokens);
    }
}

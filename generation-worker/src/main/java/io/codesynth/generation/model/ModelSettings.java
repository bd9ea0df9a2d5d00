package io.codesynth.generation.model;

import io.codesynth.diffusion.decoding.DecoderSettings;
import io.codesynth.generation.prompt.PromptFormat;
import java.util.Optional;

/**
 * How to run a checkpoint, shared by the worker and the offline commands.
 *
 * @param device            where to run
 * @param dtype             compute precision
 * @param intraOpThreads    threads one engine operation may use; 0 keeps the engine's default
 * @param promptFormat      the prompt format; empty picks it from the tokenizer
 * @param maxBatchSequences most rows (request × sample) in one forward pass
 * @param maxBatchTokens    most rows × padded canvas length in one forward pass
 */
public record ModelSettings(
        DeviceChoice device,
        DtypeChoice dtype,
        int intraOpThreads,
        Optional<PromptFormat> promptFormat,
        int maxBatchSequences,
        int maxBatchTokens) {

    public ModelSettings {
        if (device == null || dtype == null || promptFormat == null) {
            throw new IllegalArgumentException("device, dtype and promptFormat are required");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be 0 (engine default) or more, was " + intraOpThreads);
        }
        if (maxBatchSequences < 1 || maxBatchTokens < 1) {
            throw new IllegalArgumentException("batch limits must be positive, were " + maxBatchSequences
                    + " sequences and " + maxBatchTokens + " tokens");
        }
    }

    /** Automatic device and dtype, the engine's threads, the tokenizer's prompt format, the decoder's batch limits. */
    public static ModelSettings defaults() {
        return new ModelSettings(DeviceChoice.AUTO, DtypeChoice.AUTO, 0, Optional.empty(),
                DecoderSettings.DEFAULT_MAX_BATCH_SEQUENCES, DecoderSettings.DEFAULT_MAX_BATCH_TOKENS);
    }

    public ModelSettings withDevice(DeviceChoice value) {
        return new ModelSettings(value, dtype, intraOpThreads, promptFormat, maxBatchSequences, maxBatchTokens);
    }

    public ModelSettings withIntraOpThreads(int value) {
        return new ModelSettings(device, dtype, value, promptFormat, maxBatchSequences, maxBatchTokens);
    }

    public ModelSettings withPromptFormat(Optional<PromptFormat> value) {
        return new ModelSettings(device, dtype, intraOpThreads, value, maxBatchSequences, maxBatchTokens);
    }

    public ModelSettings withBatchLimits(int sequences, int tokens) {
        return new ModelSettings(device, dtype, intraOpThreads, promptFormat, sequences, tokens);
    }
}

package io.codesynth.generation.model;

import ai.djl.ndarray.NDManager;
import io.codesynth.contracts.ModelInfo;
import io.codesynth.diffusion.decoding.DiffusionDecoder;
import io.codesynth.diffusion.model.ComputeDevices;
import io.codesynth.diffusion.model.DreamModel;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import io.codesynth.generation.prompt.PromptFormatter;
import java.nio.file.Path;

/**
 * A checkpoint ready to decode: the model on its device, its tokenizer, a decoder over both and the prompt format
 * that suits it. Thread-safe for decoding; {@link #close()} frees the weights.
 *
 * @param parameters    number of parameters in the checkpoint
 * @param randomWeights true for a checkpoint {@link io.codesynth.diffusion.model.RandomDreamCheckpoint} wrote: its
 *                      output is random text
 */
public record LoadedModel(
        Path directory,
        DreamModel model,
        ModelTokenizer tokenizer,
        DiffusionDecoder decoder,
        PromptFormatter prompts,
        ModelInfo info,
        long parameters,
        boolean randomWeights) implements AutoCloseable {

    /** Token ids of model input text (special tokens spelled out in it are matched as such). */
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text);
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The longest canvas (prompt plus new tokens) the model takes. */
    public int contextLength() {
        return model.config().maxPositionEmbeddings();
    }

    /** A manager on the model's device for one decode call; close it when the call returns. */
    public NDManager newManager() {
        return NDManager.newBaseManager(model.device(), ComputeDevices.ENGINE);
    }

    @Override
    public void close() {
        try {
            tokenizer.close();
        } finally {
            model.close();
        }
    }
}

package io.codesynth.generation.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.codesynth.contracts.ModelInfo;
import io.codesynth.diffusion.decoding.DecoderSettings;
import io.codesynth.diffusion.decoding.DiffusionDecoder;
import io.codesynth.diffusion.model.ComputeDevices;
import io.codesynth.diffusion.model.DreamModel;
import io.codesynth.diffusion.model.ModelOptions;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import io.codesynth.diffusion.weights.SafetensorsCheckpoint;
import io.codesynth.diffusion.weights.TensorInfo;
import io.codesynth.generation.prompt.PromptFormat;
import io.codesynth.generation.prompt.PromptFormatter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads a checkpoint directory into a {@link LoadedModel}: device and precision choice, tokenizer, stop ids, decoder. */
public final class ModelLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    /** Stop tokens besides the config's eos, used when the tokenizer has them. */
    static final String[] STOP_TOKENS = {"<|endoftext|>", "<|im_end|>", "<|dlm_pad|>"};

    private ModelLoader() {
    }

    /**
     * Loads {@code dir} (config.json, safetensors, tokenizer.json or vocab.json + merges.txt).
     *
     * @throws IllegalArgumentException when the directory is not a checkpoint or the device is unavailable
     */
    public static LoadedModel load(Path dir, ModelSettings settings) {
        DjlDefaults.offlineUnlessSet();
        checkCheckpoint(dir);
        Device device = device(settings.device());
        DataType dtype = settings.dtype().resolve(device.isGpu());
        DreamModel model = DreamModel.load(dir, new ModelOptions(device, dtype, false, settings.intraOpThreads()));
        try {
            ModelTokenizer tokenizer = ModelTokenizer.load(dir);
            try {
                DecoderSettings decoderSettings = DecoderSettings
                        .forModel(model.config(), tokenizer.idCount(), stopIds(tokenizer))
                        .withBatchLimits(settings.maxBatchSequences(), settings.maxBatchTokens());
                // special tokens other than the stop ids (a stray <|im_start|>) carry no code: leave them out of the text
                DiffusionDecoder decoder = new DiffusionDecoder(model, decoderSettings,
                        ids -> tokenizer.decode(toLongs(ids), true));
                PromptFormat format = settings.promptFormat().orElseGet(
                        () -> PromptFormat.detect(tokenizer.tokenId(PromptFormat.IM_START).isPresent()));
                ModelInfo info = new ModelInfo(modelName(dir), deviceName(model.device()),
                        model.dtype().name().toLowerCase(Locale.ROOT));
                LoadedModel loaded = new LoadedModel(dir, model, tokenizer, decoder, new PromptFormatter(format), info,
                        parameterCount(dir), RandomDreamCheckpoint.isRandom(dir));
                log.info("Model {} ready: {} parameters on {} as {}, prompt format {}, context {}, stop ids {}",
                        info.name(), loaded.parameters(), info.device(), info.dtype(), format.id(),
                        loaded.contextLength(), decoderSettings.stopTokenIds());
                return loaded;
            } catch (RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static void checkCheckpoint(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Model directory " + dir.toAbsolutePath() + " does not exist");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException("Model directory " + dir.toAbsolutePath()
                    + " has no config.json; expected a Hugging Face checkpoint (config.json, model.safetensors or "
                    + "model.safetensors.index.json, tokenizer.json or vocab.json + merges.txt)");
        }
    }

    private static Device device(DeviceChoice choice) {
        return switch (choice) {
            case AUTO -> ComputeDevices.preferred();
            case CPU -> Device.cpu();
            case GPU -> {
                if (ComputeDevices.engine().getGpuCount() == 0) {
                    throw new IllegalArgumentException("device gpu was asked for, but the PyTorch engine sees no GPU "
                            + "(is a CUDA build of the native library installed?); use auto or cpu");
                }
                yield Device.gpu();
            }
        };
    }

    private static Set<Integer> stopIds(ModelTokenizer tokenizer) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (String token : STOP_TOKENS) {
            tokenizer.tokenId(token).ifPresent(ids::add);
        }
        return ids;
    }

    /** The checkpoint directory's name, e.g. {@code DiffuCoder-7B-Instruct}. */
    static String modelName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    static String deviceName(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : device.getDeviceType();
    }

    private static long parameterCount(Path dir) {
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(dir)) {
            return checkpoint.tensors().values().stream().mapToLong(TensorInfo::elementCount).sum();
        }
    }

    private static long[] toLongs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }
}
